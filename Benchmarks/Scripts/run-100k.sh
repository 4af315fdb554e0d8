#!/usr/bin/env bash
# Benchmark of the main job: `pocmap run` (release) on a simulated network of 100,000 hotspots and one day of logs
# (about 3.3 M witness reports), timed with /usr/bin/time -v (wall time and peak memory), with the per-stage
# breakdown from summary.json's metadata. Targets (issue 6): under 60 s, peak memory under 4 GB.
#
#   Benchmarks/Scripts/run-100k.sh [HOTSPOTS] [THREADS]
#
# The simulated inputs are cached in /tmp/pocmap-bench-run-HOTSPOTS (delete it to simulate again); the outputs go
# to /tmp/pocmap-bench-run-HOTSPOTS-out.
set -euo pipefail
cd "$(dirname "$0")/../.."
hotspots=${1:-100000}
threads=${2:-2}
data=/tmp/pocmap-bench-run-$hotspots
out=$data-out
swift build -c release --product pocmap >&2
swift build -c release --product pocmap-full >&2  # the front execs pocmap-full for `run`
bin=.build/release/pocmap

if [ ! -s "$data/witnesses.ndjson" ]; then
    echo "== simulating $hotspots hotspots, 1 day, seed 42 -> $data" >&2
    rm -rf "$data"
    "$bin" simulate --out "$data" --hotspots "$hotspots" --days 1 --seed 42 --faults 0.02 >&2
fi
echo "== inputs" >&2
wc -l "$data/hotspots.csv" "$data/beacons.ndjson" "$data/witnesses.ndjson" >&2
du -sh "$data" >&2

echo "== pocmap run --threads $threads" >&2
rm -rf "$out"
sync  # the previous outputs (about 5 GB) are deleted and written back before the clock starts
/usr/bin/time -v "$bin" run --hotspots "$data/hotspots.csv" --beacons "$data/beacons.ndjson" \
    --witnesses "$data/witnesses.ndjson" --out "$out" --threads "$threads" 2> "$out.time" || {
    cat "$out.time" >&2
    exit 1
}
grep -E "pocmap run:" "$out.time" >&2 || true
echo "== /usr/bin/time -v" >&2
grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time|Percent of CPU" "$out.time" >&2
echo "== per stage (summary.json metadata)" >&2
python3 - "$out/summary.json" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
meta = summary["metadata"]
print(f"wall {meta['wall_time_s']} s, threads {meta['threads']}")
for stage, seconds in meta["stage_time_s"].items():
    print(f"  {stage:<9} {seconds:>8} s")
for step, seconds in meta["map_step_time_s"].items():
    print(f"    map: {step:<20} {seconds:>8} s")
totals = summary["totals"]
print(f"beacons {totals['beacons']}, witnesses {totals['witnesses']}, map cells {summary['map']['map_cells']}, "
      f"accounting holds: {summary['accounting']['holds']}")
PY
ls -la "$out" >&2
