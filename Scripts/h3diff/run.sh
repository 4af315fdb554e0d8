#!/usr/bin/env bash
# Differential check of Sources/PocMapCore/H3 against the C reference through h3==4.5.0 (pip), bit for bit:
# latLngToCell over stratified points (uniform, poles, antimeridian, pentagons, icosahedron edges, cell vertices
# with 1e-6..1e-13 degree jitter, odd inputs), centre/boundary/faces/area of sampled and all res-0..3 cells,
# hierarchy with invalid cells, great-circle distance. Usage: Scripts/h3diff/run.sh [SEED] [N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/harness.swift" "$work/main.swift"
swiftc -O -wmo "$here"/../../Sources/PocMapCore/H3/*.swift "$work/main.swift" -module-name PocMapCore \
    -o "$work/h3diff"
H3DIFF_HARNESS="$work/h3diff" python3 "$here/diff.py" "${1:-1}" "${2:-100000}"
