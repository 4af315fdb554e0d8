#!/usr/bin/env bash
# Predicted coverage of 100,000 simulated hotspots at H3 resolution 8 (issue 5 target: under 60 s, peak memory
# under 4 GB), release build, through the hidden developer command `pocmap predict-bench`.
#
#   Benchmarks/Scripts/coverage-predicted.sh                     # 100,000 hotspots, res 8, oulu, 2 threads
#   HOTSPOTS=20000 MODELS="oulu hata-urban free-space" THREADS=1 Benchmarks/Scripts/coverage-predicted.sh
#   POCMAP=/path/to/pocmap Benchmarks/Scripts/coverage-predicted.sh
#
# What is timed: `predict_s` is the prediction alone (range and disk radius of every hotspot, grid disks, model
# evaluation at every cell centre within range, best server and server count per cell, sorted result); the
# network generation (`network_s`, the simulator placing the hotspots) is reported apart. `oulu` stands for the
# calibrated log-distance model: per cell it costs exactly the same (one log-distance evaluation and the free-space
# floor), calibration itself is linear in the receptions. Peak memory (maximum resident set size) of the whole
# process comes from /usr/bin/time -v.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hotspots=${HOTSPOTS:-100000}
resolution=${RES:-8}
threads=${THREADS:-2}
models=${MODELS:-oulu}
pocmap=${POCMAP:-$root/.build/release/pocmap}

if [ ! -x "$pocmap" ]; then
    (cd "$root" && swift build -c release)
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for model in $models; do
    log=$(mktemp)
    /usr/bin/time -v "$pocmap" predict-bench --hotspots "$hotspots" --res "$resolution" --model "$model" \
        --threads "$threads" > "$log.json" 2> "$log"
    rss_kb=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
    user=$(grep 'User time' "$log" | awk '{print $NF}')
    sys=$(grep 'System time' "$log" | awk '{print $NF}')
    echo "$(cat "$log.json") peak_rss_mb=$((rss_kb / 1024)) process_wall=$wall user_s=$user sys_s=$sys load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
    rm -f "$log" "$log.json"
done
