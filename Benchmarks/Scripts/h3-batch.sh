#!/usr/bin/env bash
# Batch throughput of `pocmap h3 cell --res 12` reading `lat,lng` lines from standard input
# (issue 2 target: at least 1 million points per second, release build, one process).
#
#   Benchmarks/Scripts/h3-batch.sh            # 5,000,000 points
#   POINTS=1000000 RUNS=3 Benchmarks/Scripts/h3-batch.sh
#   POCMAP=/path/to/pocmap Benchmarks/Scripts/h3-batch.sh   # time another binary
#
# The input is generated once (awk, seeded: uniform on the sphere, 7 decimals like exported hotspot
# coordinates) into /tmp and reused; hyperfine times the whole command, process start and output
# writing included, with stdout going to /dev/null. Rates are printed for wall clock and for CPU time. With REGIONS=DIR the same input is also timed through
# `pocmap region --regions DIR` (region lookup in batch mode).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
points=${POINTS:-5000000}
runs=${RUNS:-5}
input=${INPUT:-/tmp/pocmap-bench-latlng-$points.txt}
pocmap=${POCMAP:-$root/.build/release/pocmap}

command -v hyperfine > /dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
command -v jq > /dev/null || { echo "needs jq (apt-get install jq)" >&2; exit 2; }
if [ ! -x "$pocmap" ]; then
    (cd "$root" && swift build -c release)
fi
if [ ! -s "$input" ]; then
    echo "generating $points points into $input" >&2
    awk -v n="$points" 'BEGIN {
        srand(20261126)
        for (i = 0; i < n; i++) {
            z = 2 * rand() - 1                       # uniform on the sphere: sin(lat) uniform
            lat = atan2(z, sqrt(1 - z * z)) * 57.29577951308232
            lng = 360 * rand() - 180
            printf "%.7f,%.7f\n", lat, lng
        }
    }' > "$input.tmp"
    mv "$input.tmp" "$input"
fi

# Sanity: every line gives one cell and nothing is rejected.
lines=$(head -n 100000 "$input" | "$pocmap" h3 cell --res 12 | grep -c '^8c')
[ "$lines" -eq 100000 ] || { echo "expected 100000 res-12 cells, got $lines" >&2; exit 1; }

report() {  # name json
    local mean stddev min cpu
    mean=$(jq '.results[0].mean' "$2")
    stddev=$(jq '.results[0].stddev' "$2")
    min=$(jq '.results[0].min' "$2")
    cpu=$(jq '.results[0].user + .results[0].system' "$2")
    # Wall clock is what a user waits; CPU time (user + system) leaves out waiting for a core, which is what
    # the wall clock mostly measures when other jobs load this shared 2-core machine.
    awk -v name="$1" -v n="$points" -v mean="$mean" -v sd="$stddev" -v min="$min" -v cpu="$cpu" 'BEGIN {
        printf "%s: %d points in %.3f s ± %.3f wall (best %.3f), %.3f s CPU\n", name, n, mean, sd, min, cpu
        printf "  wall: %.2f M points/s (best run %.2f M/s), %.0f ns/point; CPU: %.2f M points/s, %.0f ns/point\n",
            n / mean / 1e6, n / min / 1e6, mean / n * 1e9, n / cpu / 1e6, cpu / n * 1e9
    }'
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $pocmap ($("$pocmap" --version))"
json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine --warmup 1 --runs "$runs" --export-json "$json" --command-name "h3 cell --res 12" \
    "'$pocmap' h3 cell --res 12 < '$input' > /dev/null"
report "pocmap h3 cell --res 12 (stdin batch)" "$json"
if [ -n "${REGIONS:-}" ]; then
    hyperfine --warmup 1 --runs "$runs" --export-json "$json" --command-name "region" \
        "'$pocmap' region --quiet --regions '$REGIONS' < '$input' > /dev/null"
    report "pocmap region (stdin batch, index load included)" "$json"
fi
