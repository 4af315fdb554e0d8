#!/usr/bin/env bash
# Installs the Debian packages pocmap builds against, only when something is missing.
# Quick when everything is already there. Uses sudo when not root.
# QGIS (qgis python3-qgis qgis-providers) is installed for the headless acceptance check Scripts/qgis_check.py
# (GIS.md §5); set POCMAP_SKIP_QGIS=1 to leave it out (the QGIS test then skips instead of failing).
set -euo pipefail

packages=(libgdal-dev libproj-dev zlib1g-dev libsqlite3-dev pkg-config gdal-bin)
[ "${POCMAP_SKIP_QGIS:-0}" = "1" ] || packages+=(qgis python3-qgis qgis-providers)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "pocmap setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
command -v swift >/dev/null || { echo "pocmap setup: Swift 6.1 or newer must be on PATH (swift.org/install)" >&2; exit 1; }
