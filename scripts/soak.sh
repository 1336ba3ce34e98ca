#!/usr/bin/env bash
# Soak run of a headless assocmon under mixed traffic (DCMTK, pynetdicom, assocmon-load, a raw-socket requestor):
# samples RSS and open fds every 10 s, then checks that every acknowledged C-STORE is on disk as sent, that nothing
# partial or aborted was kept, that memory stayed flat and fds came back, and that the engine still answers.
# Prints a table; exits non-zero on any loss or growth. See scripts/soak.py for the traffic and the checks.
#
# usage: scripts/soak.sh [--duration SECONDS] [--debug] [--keep]
#   --duration   how long the traffic runs (default 600)
#   --debug      use the debug build (the one `swift build` / `swift test` made) instead of building release
#   --keep       keep the work directory (received files, events.jsonl, stderr.txt) even when the run passes
set -euo pipefail
cd "$(dirname "$0")/.."

duration=600
configuration=release
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --debug) configuration=debug; shift ;;
        --keep) extra+=(--keep); shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

swift build -c "$configuration" --product assocmon
swift build -c "$configuration" --product assocmon-load
bin="$(swift build -c "$configuration" --show-bin-path)"
exec python3 scripts/soak.py --assocmon "$bin/assocmon" --load "$bin/assocmon-load" --duration "$duration" \
    ${extra[@]+"${extra[@]}"}
