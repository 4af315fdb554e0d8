#!/usr/bin/env bash
# Benchmark of the verdict reader behind `pocmap rewards` (branch ingest): generates a synthetic
# verdicts.ndjson of POCS proof-of-coverage rounds (1 beacon + 10 witnesses each, 8 selected), then times
# `pocmap rewards` on it with hyperfine and measures peak memory with /usr/bin/time -v.
#
#   Benchmarks/Scripts/ingest-rewards.sh [POCS]        (default 100000 rounds = 1.1 M verdict lines)
#
# Needs a release build: swift build -c release (all products: pocmap execs pocmap-full beside it)
set -euo pipefail
cd "$(dirname "$0")/../.."
POCS="${1:-100000}"
BIN=.build/release/pocmap
WORK="$(mktemp -d /tmp/pocmap-ingest-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

awk -v pocs="$POCS" 'BEGIN {
    t0 = 1675555200000
    for (p = 0; p < pocs; p++) {
        id = sprintf("%064x", p)
        t = t0 + p * 800
        printf "{\"kind\":\"beacon\",\"poc_id\":\"%s\",\"pub_key\":\"hotspot-%d\",\"received_timestamp\":%d,\"source\":\"beacons.ndjson:%d\",\"status\":\"valid\",\"location\":\"8c1f91a4a8a09ff\",\"hex_scale\":0.5000,\"reward_unit\":1.5904}\n", id, p % 50000, t, p + 1
        for (w = 0; w < 10; w++) {
            sel = (w < 8) ? "true" : "false"
            status = (w < 8) ? "\"valid\"" : "\"invalid\",\"invalid_reason\":\"too_late\""
            side = (w < 8) ? "none" : "witness"
            unit = (w < 8) ? "0.4262" : "0.0000"
            printf "{\"kind\":\"witness\",\"poc_id\":\"%s\",\"pub_key\":\"hotspot-%d\",\"received_timestamp\":%d,\"source\":\"witnesses.ndjson:%d\",\"status\":%s,\"location\":\"8c1f91a4a8a0bff\",\"hex_scale\":0.5000,\"reward_unit\":%s,\"participant_side\":\"%s\",\"selected\":%s,\"distance_m\":2345,\"rssi_dbm\":-112.5,\"max_rssi_dbm\":-61.25,\"rssi_margin_db\":51.25,\"frequency_offset_hz\":0,\"grid_distance_res11\":31}\n", id, (p * 7 + w + 1) % 50000, t + 100 + w, p * 10 + w + 1, status, unit, side, sel
        }
    }
}' > "$WORK/verdicts.ndjson"
LINES=$(wc -l < "$WORK/verdicts.ndjson")
SIZE=$(du -m "$WORK/verdicts.ndjson" | cut -f1)
echo "verdicts.ndjson: $LINES lines, $SIZE MB"

hyperfine --warmup 1 --runs 5 \
    "$BIN rewards --verdicts $WORK/verdicts.ndjson --out $WORK/out --quiet" \
    "$BIN rewards --verdicts $WORK/verdicts.ndjson --out $WORK/out2 --quiet --emissions 5479452054794"
/usr/bin/time -v "$BIN" rewards --verdicts "$WORK/verdicts.ndjson" --out "$WORK/out" 2>&1 \
    | grep -E "pocmap rewards|Maximum resident|Elapsed"
