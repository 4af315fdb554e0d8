#!/usr/bin/env bash
# End-to-end throughput of `pocmap verify` (read NDJSON, join, verify, write verdicts) on a simulated day, in a
# release build: witness reports per second (hyperfine), peak memory (/usr/bin/time -v), the stage breakdown
# (--timings: parse, join + verify, density, format + write, as thread CPU time) and the same with gzip input.
#
# Usage: Benchmarks/Scripts/verify-throughput.sh [HOTSPOTS]   (default 100000 hotspots: ~3.3 M witness reports)
# Env:   POCMAP_BENCH_DIR  cache directory for the simulated data (default /tmp/pocmap-bench-verify)
#        POCMAP_BENCH_OUT  output directory for verdicts (default $POCMAP_BENCH_DIR/out; /dev/shm avoids the disk)
#        RUNS              hyperfine runs (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
HOTSPOTS="${1:-100000}"
DIR="${POCMAP_BENCH_DIR:-/tmp/pocmap-bench-verify}"
OUT="${POCMAP_BENCH_OUT:-$DIR/out}"
RUNS="${RUNS:-3}"
DATA="$DIR/data-$HOTSPOTS"

swift build -c release >/dev/null
BIN="$(swift build -c release --show-bin-path)/pocmap"

if [ ! -s "$DATA/witnesses.ndjson" ]; then
    echo "simulating $HOTSPOTS hotspots x 1 day into $DATA (cached for later runs)"
    "$BIN" simulate --out "$DATA" --hotspots "$HOTSPOTS" --days 1 --seed 11 --faults 0.02 --quiet
fi
if [ ! -s "$DATA/witnesses.ndjson.gz" ]; then
    gzip -k -6 "$DATA/witnesses.ndjson" "$DATA/beacons.ndjson"
fi
WITNESSES=$(wc -l < "$DATA/witnesses.ndjson")
echo "input: $WITNESSES witness reports, $(wc -l < "$DATA/beacons.ndjson") beacon reports," \
    "$(du -h "$DATA/witnesses.ndjson" | cut -f1) witnesses.ndjson ($(du -h "$DATA/witnesses.ndjson.gz" | cut -f1) gzipped)"
echo "machine: $(nproc) cores; load now: $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # SUFFIX THREADS
    "$BIN" verify --hotspots "$DATA/hotspots.csv" --beacons "$DATA/beacons.ndjson$1" \
        --witnesses "$DATA/witnesses.ndjson$1" --out "$OUT" --reciprocity batch --threads "$2" --quiet "${@:3}"
}

for SUFFIX in "" ".gz"; do
    for THREADS in 2 1; do
        echo
        echo "== input witnesses.ndjson$SUFFIX, --threads $THREADS"
        rm -rf "$OUT"
        /usr/bin/time -v -o "$DIR/time.txt" bash -c "$(declare -f run); BIN='$BIN' DATA='$DATA' OUT='$OUT' run '$SUFFIX' $THREADS --timings" 2>&1 | sed 's/^/  /'
        grep -E "Elapsed|Maximum resident|User time|System time" "$DIR/time.txt" | sed 's/^\s*/  /'
        WALL=$(grep "Elapsed" "$DIR/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
        echo "  witness reports/s (this run): $(awk -v n="$WITNESSES" -v s="$WALL" 'BEGIN { printf "%.0f", n / s }')"
        echo "  verdicts.ndjson: $(du -h "$OUT/verdicts.ndjson" | cut -f1)"
    done
done

echo
echo "== hyperfine, plain NDJSON, --threads 2 ($RUNS runs)"
# Each run starts from an empty output directory (replacing the previous run's 1.7 GB of verdicts is not part of
# verifying).
hyperfine --runs "$RUNS" --prepare "rm -rf $OUT" --export-json "$DIR/hyperfine.json" \
    "$BIN verify --hotspots $DATA/hotspots.csv --beacons $DATA/beacons.ndjson --witnesses $DATA/witnesses.ndjson --out $OUT --reciprocity batch --quiet"
MEAN=$(python3 -c "import json; print(json.load(open('$DIR/hyperfine.json'))['results'][0]['mean'])")
echo "mean $MEAN s: $(awk -v n="$WITNESSES" -v s="$MEAN" 'BEGIN { printf "%.0f", n / s }') witness reports/s"
rm -rf "$OUT"
