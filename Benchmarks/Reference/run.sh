#!/usr/bin/env bash
# Builds the reference C H3 4.5.0 library with gcc -O3 (generic x86-64, no -march=native) and runs
# h3c_bench.c on the same seeded inputs as `pocmap-bench h3`. Usage:
#   Benchmarks/Reference/run.sh /path/to/h3-4.5.0/src/h3lib   [points]
# The source tree is the one inside PyPI's `h3==4.5.0` sdist (src/h3lib) or uber/h3 at v4.5.0.
# Nothing of it is committed here; the build goes to a temporary directory.
set -euo pipefail
src=${1:?usage: run.sh H3_C_SOURCE_DIR [points]}
points=${2:-10000000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lib="$src/src/h3lib"
version=$(cat "$src/VERSION")
sed -e "s/@H3_VERSION_MAJOR@/${version%%.*}/" -e "s/@H3_VERSION_MINOR@/$(echo "$version" | cut -d. -f2)/" \
    -e "s/@H3_VERSION_PATCH@/${version##*.}/" "$lib/include/h3api.h.in" > "$work/h3api.h"
for f in "$lib"/lib/*.c; do
    gcc -O3 -DNDEBUG -std=c11 -I"$work" -I"$lib/include" -c "$f" -o "$work/$(basename "$f" .c).o"
done
gcc -O3 -I"$work" "$here/h3c_bench.c" "$work"/*.o -lm -o "$work/h3c_bench"
echo "reference: uber/h3 C $version, gcc -O3"
"$work/h3c_bench" "$points"
