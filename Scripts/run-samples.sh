#!/usr/bin/env bash
# The main job on Samples/: installs missing system packages (Scripts/setup.sh), builds release, runs
# `pocmap run` on the sample network into out/samples, refreshes the reference maps in Maps/, renders them with
# QGIS when it is installed, and answers one coverage query from the run's store.
#
# The sample network spans 35 cities on every continent, so the maps are made at H3 resolution 7 (hexagons of
# about 5 km²): it keeps the committed reference files in Maps/ at a few MB. Use --res 8 (the default) or finer
# for a city-sized network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift build -c release
bin=.build/release/pocmap
out=out/samples

echo "== pocmap run on Samples/ -> $out"
"$bin" run --hotspots Samples/hotspots.csv --beacons Samples/beacons.ndjson --witnesses Samples/witnesses.ndjson \
    --out "$out" --res 7

echo "== reference maps -> Maps/"
mkdir -p Maps
for f in coverage.tif coverage.qml coverage_class.tif coverage_class.qml coverage.png coverage.gpkg; do
    cp "$out/$f" "Maps/$f"
done
if [ -f "$out/coverage_class.tif.aux.xml" ]; then cp "$out/coverage_class.tif.aux.xml" Maps/; fi

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import qgis.core" 2>/dev/null && [ -f Scripts/qgis_check.py ]; then
    echo "== QGIS render (headless) -> Maps/coverage-qgis.png"
    hexes=$(sqlite3 "$out/coverage.gpkg" "SELECT count(*) FROM hexes" 2>/dev/null || echo "")
    counts=()
    if [ -n "$hexes" ]; then
        counts=(--count "hexes=$hexes"
            --count "hotspots=$(sqlite3 "$out/coverage.gpkg" 'SELECT count(*) FROM hotspots')"
            --count "links=$(sqlite3 "$out/coverage.gpkg" 'SELECT count(*) FROM links')")
    fi
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 Scripts/qgis_check.py --raster "$out/coverage.tif" \
        --bands observed_rssi_dbm,observed_witnesses,predicted_rssi_dbm,serving_hotspots,density_scale \
        --gpkg "$out/coverage.gpkg" "${counts[@]}" --renderer hexes=graduatedSymbol \
        --png Maps/coverage-qgis.png \
        || echo "(the QGIS check reported a problem; the maps are still in $out and Maps/)"
else
    echo "(QGIS with its Python bindings is not installed: skipping Maps/coverage-qgis.png)"
fi

echo "== one query from the run's store: the hotspot with the most valid witness reports"
key=$(awk -F, 'NR > 1 && $13 > best { best = $13; key = $1 } END { print key }' "$out/hotspots.csv")
"$bin" query hotspot "$key" --store "$out"

cat <<MSG

Done. Where to look:
  $out/summary.json      counts per input file and reason, the accounting check, each stage's figures
  $out/verdicts.ndjson   one verdict per beacon and witness report (rejects.ndjson: unreadable lines)
  $out/hotspots.csv      per hotspot: counts, density scale, reward shares; density.csv, rewards.csv beside it
  $out/coverage.tif      five bands: observed/predicted RSSI, witnesses, serving hotspots, density scale
  $out/coverage.gpkg     hexes, hotspots and witness links, styled; the store 'pocmap query' reads
  Maps/                  the same small styled maps, committed (Maps/README.md)

Open in QGIS: drag $out/coverage.gpkg (choose all three layers) and $out/coverage.tif onto the map canvas, or
  qgis $out/coverage.gpkg $out/coverage.tif
Both come up styled: the GeoPackage carries its default styles, coverage.qml sits beside the GeoTIFF.
Ask the store:  $bin query point 52.52 13.40 --store $out    (or: query hex CELL / query hotspot KEY, --json)
MSG
