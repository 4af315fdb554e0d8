#!/usr/bin/env bash
# `pocmap density` end to end on 400,000 hotspots (issue 3 target: under 2 s), release build:
# reading the CSV, converting lat/lng to res-12 cells, HIP-17 (hip104), writing density.csv.
#
#   Benchmarks/Scripts/density-cli.sh                 # 400,000 hotspots, 5 runs
#   HOTSPOTS=100000 RUNS=3 Benchmarks/Scripts/density-cli.sh
#   POCMAP=/path/to/pocmap Benchmarks/Scripts/density-cli.sh
#
# The population is clustered like the real network: every real hotspot of 2020-12-22
# (../shared/realdata/gradoj__h3kml, 13,887 rows) seeds about 29 synthetic ones scattered around it
# (Gaussian, σ = 1.5 km), generated once into /tmp with awk (seeded). Hyperfine times the whole command;
# rates are printed for wall clock and CPU time (user + system).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${HOTSPOTS:-400000}
runs=${RUNS:-5}
shared=${POCMAP_SHARED:-$root/../shared}
seeds="$shared/realdata/gradoj__h3kml/2020-12-22/hotspots.derived.csv"
input=${INPUT:-/tmp/pocmap-bench-hotspots-$count.csv}
pocmap=${POCMAP:-$root/.build/release/pocmap}

command -v hyperfine > /dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
command -v jq > /dev/null || { echo "needs jq (apt-get install jq)" >&2; exit 2; }
[ -s "$seeds" ] || { echo "missing $seeds (the shared real data)" >&2; exit 2; }
if [ ! -x "$pocmap" ]; then
    (cd "$root" && swift build -c release)
fi
if [ ! -s "$input" ]; then
    echo "generating $count clustered hotspots into $input" >&2
    awk -F, -v n="$count" 'BEGIN { srand(20261126); pi = 3.141592653589793 }
        NR > 1 && ($2 != 0 || $3 != 0) { lat[++seeds] = $2; lng[seeds] = $3 }
        END {
            print "key,lat,lng"
            for (i = 0; i < n; i++) {
                s = 1 + i % seeds
                r = sqrt(-2 * log(1 - rand())); t = 2 * pi * rand()      # Box-Muller, σ = 1.5 km
                dlat = r * cos(t) * 1.5 / 111.32
                dlng = r * sin(t) * 1.5 / (111.32 * cos(lat[s] * pi / 180) + 1e-9)
                y = lat[s] + dlat; if (y > 89.9) y = 89.9; if (y < -89.9) y = -89.9
                x = lng[s] + dlng; if (x > 180) x -= 360; if (x < -180) x += 360
                printf "hs%07d,%.7f,%.7f\n", i, y, x
            }
        }' "$seeds" > "$input.tmp"
    mv "$input.tmp" "$input"
fi

out=$(mktemp)
json=$(mktemp)
trap 'rm -f "$out" "$json"' EXIT
"$pocmap" density --hotspots "$input" --out "$out" 2> /dev/null
rows=$(($(wc -l < "$out") - 1))
[ "$rows" -eq "$count" ] || { echo "expected $count density rows, got $rows" >&2; exit 1; }

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $pocmap ($("$pocmap" --version)); input $input ($count hotspots)"
hyperfine --warmup 1 --runs "$runs" --export-json "$json" --command-name "density" \
    "'$pocmap' density --hotspots '$input' --out '$out' 2> /dev/null"
mean=$(jq '.results[0].mean' "$json")
min=$(jq '.results[0].min' "$json")
cpu=$(jq '.results[0].user + .results[0].system' "$json")
awk -v n="$count" -v mean="$mean" -v min="$min" -v cpu="$cpu" 'BEGIN {
    printf "pocmap density (hip104, CSV in, density.csv out): %d hotspots in %.3f s wall (best %.3f), %.3f s CPU\n",
        n, mean, min, cpu
}'
