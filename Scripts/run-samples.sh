#!/usr/bin/env bash
# The main job on Samples/ (until `pocmap run` lands): installs missing system packages, builds release,
# then shows the H3 grid, HIP-17 density of the sample network and its region plans.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift build -c release
bin=.build/release/pocmap
echo "== H3 cell of San Francisco city hall at res 12"; $bin h3 cell --res 12 37.7749 -122.4194
echo "== HIP-17 density of Samples/hotspots.csv (first rows)"; $bin density --hotspots Samples/hotspots.csv | head -5
