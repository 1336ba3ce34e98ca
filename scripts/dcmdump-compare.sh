#!/usr/bin/env bash
# Prints the mismatch table of the data set reader against DCMTK's dcmdump: every pydicom test and charset file
# that is a Part-10 file dcmdump reads, element by element (tag, depth, VR, length; text and US/UL values), Pixel
# Data fragments left out. The comparison is the test DcmdumpScaleTests; this script builds the tests if needed,
# runs that one test (bounded by timeout) and prints its table: file, transfer syntax, elements compared,
# mismatches (the first five of a file listed under it), and the totals.
#
#   scripts/dcmdump-compare.sh
#
# Needs /usr/bin/dcmdump (apt-get install dcmtk) and pydicom (python3 -m pip install pydicom). Exits non-zero when
# an element differs or the test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/dcmdump ] || { echo "dcmdump-compare: /usr/bin/dcmdump is missing (apt-get install dcmtk)" >&2; exit 2; }
python3 -c 'import pydicom' 2>/dev/null || { echo "dcmdump-compare: pydicom is missing" >&2; exit 2; }
timeout 1800 swift build --build-tests > /dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
timeout 600 swift test --skip-build --filter DcmdumpScaleTests > "$log" 2>&1 || rc=$?
sed -n 's/^dcmdump-compare: //p' "$log"
if [ "$rc" -ne 0 ]; then
    grep -E 'error|failed' "$log" | head -n 20 >&2 || true
    echo "dcmdump-compare: the comparison failed (exit $rc)" >&2
fi
exit $rc
