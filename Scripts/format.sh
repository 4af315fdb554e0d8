#!/usr/bin/env bash
# swift format (bundled with the Swift toolchain) with the checked-in configuration: .swift-format at the top,
# Tests/.swift-format for tests (the nearest file wins; it relaxes force-unwrap and documentation rules).
#
#   Scripts/format.sh                  lint; print every finding and a count per rule; exit 0
#   Scripts/format.sh --strict         lint; exit 1 when there is any finding (for CI)
#   Scripts/format.sh --fix            format in place, then lint --strict
#   Scripts/format.sh [--fix] PATH...  only these files or directories
#
# Files are the Swift files git knows (tracked or new, not ignored) under the paths, so nothing under .build/
# or Benchmarks/.build/ is ever touched.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=lint
strict=0
paths=()
for arg in "$@"; do
    case "$arg" in
        --fix) mode=fix ;;
        --strict) strict=1 ;;
        -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
        -*) echo "format.sh: unknown option $arg" >&2; exit 2 ;;
        *) paths+=("$arg") ;;
    esac
done
[ ${#paths[@]} -gt 0 ] || paths=(Package.swift Sources Tests Benchmarks)
command -v swift > /dev/null || { echo "format.sh: swift is not on PATH" >&2; exit 2; }
swift format --version > /dev/null 2>&1 || { echo "format.sh: this toolchain has no 'swift format'" >&2; exit 2; }

mapfile -t files < <(git ls-files --cached --others --exclude-standard -- "${paths[@]}" | grep '\.swift$' || true)
[ ${#files[@]} -gt 0 ] || { echo "format.sh: no Swift files under ${paths[*]}" >&2; exit 2; }

if [ "$mode" = fix ]; then
    swift format format --in-place --parallel "${files[@]}"
    strict=1
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
swift format lint --parallel "${files[@]}" 2> "$report" || status=$?
findings=$(grep -cE '^[^:]+:[0-9]+:[0-9]+: (warning|error):' "$report" || true)
cat "$report" >&2
if [ "$findings" -gt 0 ]; then
    echo "--- findings per rule" >&2
    sed -nE 's/.*: (warning|error): \[([A-Za-z]+)\].*/\2/p' "$report" | sort | uniq -c | sort -rn >&2
fi
echo "swift format lint: $findings finding(s) in $(cut -d: -f1 "$report" | grep '\.swift$' | sort -u | wc -l) of ${#files[@]} file(s)"
if [ "$status" -ne 0 ] && [ "$findings" -eq 0 ]; then
    echo "format.sh: swift format failed (exit $status)" >&2
    exit "$status"
fi
if [ "$strict" -eq 1 ] && [ "$findings" -gt 0 ]; then exit 1; fi
exit 0
