#!/usr/bin/env bash
# raster-vs-gdal.sh — pocmap's H3 rasterizer against `gdal_rasterize -optim RASTER` on the same cells and grid.
#
# Workload (issue 5): 1,000,000 resolution-8 H3 cells (a near-disk around 47 N, 8 E in gridDisk order, each with its
# own Float32 value) burned into a 16,384 x 8,192 EPSG:4326 grid over the cells' extent, pixel centre in polygon.
#   gdal  : gdal_rasterize reads the same cells as polygons from a GeoPackage (written beforehand, not timed) and
#           burns attribute v; the whole process is timed (start-up + reading + burning + writing).
#   pocmap: `pocmap raster-bench` (hidden developer command, release build) burns the cells from their H3 ids
#           (cellToBoundary + scan conversion) into a Float32 band; the burn is timed inside the process (best of
#           REPEATS), the workload set-up (gridDisk, extent) is not.
# Two outputs are compared: in memory (gdal -of MEM, ours a [Float] band) and a GeoTIFF with TILED=YES,
# COMPRESS=DEFLATE, PREDICTOR=3 (both write the same creation options). Peak memory from /usr/bin/time -v.
# gdal_rasterize runs and our GeoTIFF runs are best of RUNS (the machine may be shared: compare best with best).
# The differing-pixel count compares gdal's GeoTIFF with our band (untimed).
# Usage: Benchmarks/Scripts/raster-vs-gdal.sh   (SKIP_BUILD=1 reuses the release binary, POCMAP_BIN picks another;
# CELLS, WIDTH, HEIGHT, RUNS, REPEATS override the workload).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CELLS=${CELLS:-1000000}
WIDTH=${WIDTH:-16384}
HEIGHT=${HEIGHT:-8192}
RUNS=${RUNS:-3}
REPEATS=${REPEATS:-3}
BIN=${POCMAP_BIN:-"$ROOT/.build/release/pocmap"}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    (cd "$ROOT" && swift build -c release >/dev/null)
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/raster-vs-gdal.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "gdal: $(gdal-config --version 2>/dev/null || gdalinfo --version)"
echo "workload: $CELLS cells, ${WIDTH}x${HEIGHT} grid"

# Set-up (untimed): cells as polygons for gdal_rasterize, and the grid both sides use.
"$BIN" raster-bench --cells "$CELLS" --width "$WIDTH" --height "$HEIGHT" --gpkg "$WORK/hexes.gpkg" --repeats 1 \
    >"$WORK/setup.txt"
read -r -a GRID <<<"$(sed -n 's/^grid //p' "$WORK/setup.txt")"
echo "grid: ${GRID[*]}"

peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
now() { date +%s.%N; }

# best_gdal NAME ARGS...: best wall time of RUNS runs of gdal_rasterize, peak memory of the last.
best_gdal() {
    local name=$1
    shift
    local best=""
    for _ in $(seq "$RUNS"); do
        rm -f "$WORK/$name.out"
        local t0 t1
        t0=$(now)
        /usr/bin/time -v -o "$WORK/$name.time" gdal_rasterize -q -l hexes -a v "${GRID[@]}" -ot Float32 \
            -a_nodata -9999 -init -9999 -optim RASTER "$@" "$WORK/hexes.gpkg" "$WORK/$name.out"
        t1=$(now)
        local t
        t=$(echo "$t1 - $t0" | bc -l)
        if [[ -z "$best" ]] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
    done
    printf '%s %.3f %s\n' "$name" "$best" "$(peak_mb "$WORK/$name.time")"
}

GDAL_MEM=$(best_gdal gdal_mem -of MEM)
GDAL_TIF=$(best_gdal gdal_tif -of GTiff -co TILED=YES -co COMPRESS=DEFLATE -co PREDICTOR=3)

/usr/bin/time -v -o "$WORK/ours_mem.time" "$BIN" raster-bench --cells "$CELLS" --width "$WIDTH" --height "$HEIGHT" \
    --repeats "$REPEATS" >"$WORK/ours_mem.txt"
# Ours to GeoTIFF: best (burn + write) of RUNS processes, like gdal's best of RUNS.
OURS_TIF_S=""
for _ in $(seq "$RUNS"); do
    rm -f "$WORK/ours.tif"
    /usr/bin/time -v -o "$WORK/ours_tif.time" "$BIN" raster-bench --cells "$CELLS" --width "$WIDTH" \
        --height "$HEIGHT" --repeats 1 --tif "$WORK/ours.tif" >"$WORK/ours_tif.txt"
    t=$(echo "$(sed -n 's/^burn_seconds //p' "$WORK/ours_tif.txt") + $(sed -n 's/^tif_write_seconds //p' \
        "$WORK/ours_tif.txt")" | bc -l)
    if [[ -z "$OURS_TIF_S" ]] || (($(echo "$t < $OURS_TIF_S" | bc -l))); then OURS_TIF_S=$t; fi
done

OURS_BURN=$(sed -n 's/^burn_seconds //p' "$WORK/ours_mem.txt")
read -r _ GDAL_MEM_S GDAL_MEM_MB <<<"$GDAL_MEM"
read -r _ GDAL_TIF_S GDAL_TIF_MB <<<"$GDAL_TIF"

# Agreement with gdal_rasterize's GeoTIFF (boundary ties only), counted by pocmap itself (untimed).
DIFF=$("$BIN" raster-bench --cells "$CELLS" --width "$WIDTH" --height "$HEIGHT" --compare "$WORK/gdal_tif.out" |
    sed -n 's/^compare_differing //p')
OURS_COVERED=$(sed -n 's/^burned_pixels //p' "$WORK/ours_mem.txt")
read -r DIFFERING _ TOTAL _ GDAL_COVERED <<<"$DIFF"

echo
printf '%-34s %10s %10s %9s\n' "measurement" "gdal (s)" "pocmap (s)" "ratio"
printf '%-34s %10.3f %10.3f %9.3f\n' "in memory (MEM / [Float])" "$GDAL_MEM_S" "$OURS_BURN" \
    "$(echo "$OURS_BURN / $GDAL_MEM_S" | bc -l)"
printf '%-34s %10.3f %10.3f %9.3f\n' "GeoTIFF DEFLATE/PRED3/tiled" "$GDAL_TIF_S" "$OURS_TIF_S" \
    "$(echo "$OURS_TIF_S / $GDAL_TIF_S" | bc -l)"
echo "peak memory (MB): gdal MEM $GDAL_MEM_MB, gdal GeoTIFF $GDAL_TIF_MB, pocmap in memory $(peak_mb "$WORK/ours_mem.time"), pocmap GeoTIFF $(peak_mb "$WORK/ours_tif.time")"
echo "covered pixels: gdal $GDAL_COVERED, pocmap $OURS_COVERED"
echo "differing pixels: $DIFFERING of $TOTAL ($(echo "100 * $DIFFERING / $TOTAL" | bc -l | cut -c1-8) %)"
