#!/usr/bin/env bash
# Installs the Debian packages pocmap builds against, only when something is missing.
# Quick when everything is already there. Uses sudo when not root.
set -euo pipefail

packages=(libgdal-dev libproj-dev zlib1g-dev pkg-config gdal-bin)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "pocmap setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
command -v swift >/dev/null || { echo "pocmap setup: Swift 6.1 or newer must be on PATH (swift.org/install)" >&2; exit 1; }
