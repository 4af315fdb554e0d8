#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine with Swift: installs missing system packages,
# proves the core builds without any C library, then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift build --target PocMapCore
swift build --build-tests
swift test --skip-build --parallel
