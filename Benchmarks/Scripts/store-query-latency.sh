#!/usr/bin/env bash
# pocmap query latency on a 1,000,000-hex coverage.gpkg (issue 6: < 50 ms per invocation, cold process),
# plus the time and peak memory of writing that store (issue 5 store writer: "1 million hexes in seconds").
#
#   Benchmarks/Scripts/store-query-latency.sh [HEXES]        (default 1000000; needs hyperfine, gcc)
#
# Builds pocmap in release, writes the deterministic synthetic store (`pocmap query make-sample-store`, hexes
# ring by ring around San Francisco at resolution 8, one hotspot per 100 hexes, two links per hotspot), then
# times cold invocations (a new process each run, no shell) of `query hex`, `query point`, `query hotspot`
# and an unknown cell (nearest-hex search), next to two floors: `pocmap --version` (process start, Swift
# runtime and every shared library pocmap links, GDAL included, but no query) and an empty C program linked
# against libgdal (the dynamic loading of GDAL's ~120 libraries alone).
# Results go to $OUT (default .build/bench-store) as Markdown and JSON.
set -euo pipefail
cd "$(dirname "$0")/../.."
hexes=${1:-1000000}
out=${OUT:-.build/bench-store}
mkdir -p "$out"
store="$out/store"
rm -rf "$store" && mkdir -p "$store"

swift build -c release --product pocmap >&2
bin=.build/release/pocmap

echo "== writing $hexes hexes" >&2
/usr/bin/time -v "$bin" query make-sample-store --out "$store/coverage.gpkg" --hexes "$hexes" 2>"$out/write-time.txt"
grep -E 'Elapsed|User time|System time|Maximum resident' "$out/write-time.txt" >&2
ls -l "$store/coverage.gpkg" >&2

floor="$out/empty-gdal"
if command -v gcc >/dev/null; then
    printf 'int main(void) { return 0; }\n' | gcc -x c - -o "$floor" -Wl,--no-as-needed -lgdal
fi

cell=$("$bin" h3 cell --res 8 -- 37.7749 -122.4194)
absent=$("$bin" h3 cell --res 8 -- 40.7128 -74.0060)   # New York: not in the store, exercises the nearest search
commands=(
    "$bin query hex $cell --store $store --json"
    "$bin query point 37.7749 -122.4194 --store $store --json"
    "$bin query hotspot synthetic-004321 --store $store --json"
    "$bin --version"
)
[ -x "$floor" ] && commands+=("$floor")
echo "== cold query latency" >&2
uptime >&2
hyperfine -N --warmup 5 --runs 50 --export-markdown "$out/query.md" --export-json "$out/query.json" "${commands[@]}"
echo "== unknown cell (nearest-hex search; exits 2)" >&2
hyperfine -N --warmup 2 --runs 20 -i --export-markdown "$out/query-absent.md" \
    "$bin query hex $absent --store $store --json"
echo "results in $out/query.md, $out/query-absent.md, $out/write-time.txt" >&2
