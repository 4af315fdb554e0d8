#!/usr/bin/env bash
# pocmap query latency on a 1,000,000-hex coverage.gpkg (issue 6: < 50 ms per invocation, cold process),
# plus the time and peak memory of writing that store (issue 5 store writer: "1 million hexes in seconds").
#
#   Benchmarks/Scripts/store-query-latency.sh [HEXES]        (default 1000000; needs hyperfine, gcc)
#
# Builds every product in release (`pocmap`, the small front that answers `query point|hex|hotspot` with SQLite
# and no GDAL, and `pocmap-full`, the complete command line it execs for everything else), writes the
# deterministic synthetic store (`pocmap query make-sample-store`, passed through to pocmap-full: hexes ring by
# ring around San Francisco at resolution 8, one hotspot per 100 hexes, two links per hotspot), then times cold
# invocations (a new process each run, no shell) of `query hex`, `query point`, `query hotspot` through the
# front, the same hex query through `pocmap-full` (same SQLite reader, but GDAL and the shared Swift runtime
# loaded), and floors: the front's usage-error path (`query hex` on a missing store: process start and argument
# parsing, no store), `pocmap --version` (front + exec of pocmap-full), and empty C programs linked against
# libsqlite3 and against libgdal (the dynamic loading alone). Then an unknown cell (nearest-hex search).
# Results go to $OUT (default .build/bench-store) as Markdown and JSON.
set -euo pipefail
cd "$(dirname "$0")/../.."
hexes=${1:-1000000}
out=${OUT:-.build/bench-store}
mkdir -p "$out"
store="$out/store"

swift build -c release >&2
bin=.build/release/pocmap
full=.build/release/pocmap-full

if [ -f "$store/coverage.gpkg" ] && [ "${REUSE_STORE:-0}" = 1 ]; then
    echo "== reusing $store/coverage.gpkg (REUSE_STORE=1)" >&2
else
    rm -rf "$store" && mkdir -p "$store"
    echo "== writing $hexes hexes" >&2
    /usr/bin/time -v "$bin" query make-sample-store --out "$store/coverage.gpkg" --hexes "$hexes" \
        2>"$out/write-time.txt"
    grep -E 'Elapsed|User time|System time|Maximum resident' "$out/write-time.txt" >&2
fi
ls -l "$store/coverage.gpkg" >&2

floors=()
if command -v gcc >/dev/null; then
    printf 'int main(void) { return 0; }\n' | gcc -x c - -o "$out/empty-sqlite" -Wl,--no-as-needed -lsqlite3
    printf 'int main(void) { return 0; }\n' | gcc -x c - -o "$out/empty-gdal" -Wl,--no-as-needed -lgdal
    floors=("$out/empty-sqlite" "$out/empty-gdal")
fi

cell=$("$bin" h3 cell --res 8 37.7749 -122.4194)
absent=$("$bin" h3 cell --res 8 40.7128 -74.0060)   # New York: not in the store, exercises the nearest search
echo "== libraries of the front:" >&2
ldd "$bin" >&2
commands=(
    "$bin query hex $cell --store $store --json"
    "$bin query point 37.7749 -122.4194 --store $store --json"
    "$bin query hotspot synthetic-004321 --store $store --json"
    "$full query hex $cell --store $store --json"
    "$bin --version"
    "$full --version"
    "$bin query hex $cell --store $out/nonexistent"
    "${floors[@]}"
)
echo "== cold query latency" >&2
uptime >&2
hyperfine -N -i --warmup 5 --runs "${RUNS:-50}" --export-markdown "$out/query.md" --export-json "$out/query.json" \
    "${commands[@]}"
uptime >&2
echo "== unknown cell (nearest-hex search; exits 2)" >&2
hyperfine -N --warmup 2 --runs 20 -i --export-markdown "$out/query-absent.md" \
    "$bin query hex $absent --store $store --json"
if command -v perf >/dev/null; then
    echo "== CPU time (perf stat task-clock, 30 runs each)" >&2
    for command in "$bin query hex $cell --store $store --json" "$full query hex $cell --store $store --json"; do
        # shellcheck disable=SC2086
        perf stat -r 30 $command 2>&1 >/dev/null | grep -E 'task-clock|elapsed' >&2 || true
    done
fi
echo "results in $out/query.md, $out/query-absent.md, $out/write-time.txt" >&2
