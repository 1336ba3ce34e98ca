#!/usr/bin/env bash
# Tap mode against direct, release builds, 127.0.0.1: N x 512 KiB C-STORE storescu -> storescp (+B, TCP_NODELAY)
# in one association, direct and through `assocmon --forward` (policy accept, --no-store, events to a file), five
# rounds each; then `assocmon-load echo --count 5000` against storescp direct and through the tap, five rounds.
#
#   swift build -c release --product assocmon && swift build -c release --product assocmon-load
#   scripts/bench-tap.sh FILES_DIR      # FILES_DIR holds the Part-10 files to send (500 of 512 KiB in the README: Tests/AssociationEngineTests/peers/make_dicom.py DIR 500 512)
set -u
FILES=$(cd "${1:?usage: bench-tap.sh FILES_DIR}" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
cd "$WORK"
A=$ROOT/.build/release/assocmon
L=$ROOT/.build/release/assocmon-load
rm -rf recv && mkdir recv
TCP_NODELAY=1 timeout 300 /usr/bin/storescp -aet PACS +B -od recv 11190 > scp.log 2>&1 &
SCP=$!
sleep 0.5
timeout 300 $A --headless --port 11191 --bind 127.0.0.1 --policy accept --forward 127.0.0.1:11190 --no-store > tap-events.log 2> tap-err.log &
TAP=$!
sleep 1.5
store() { local s=$(date +%s.%N); timeout 120 /usr/bin/storescu -aet MOD -aec PACS 127.0.0.1 $1 "$FILES"/*.dcm || echo FAIL; local e=$(date +%s.%N); echo "$2 store $(echo "$e - $s" | bc)"; }
for round in 1 2 3 4 5; do
  store 11190 direct; echo "files $(ls recv | wc -l)"; rm -f recv/*
  store 11191 tap; echo "files $(ls recv | wc -l)"; rm -f recv/*
done
for round in 1 2 3 4 5; do
  echo "direct echo $(timeout 60 $L echo --count 5000 --port 11190 --called-ae PACS)"
  echo "tap echo $(timeout 60 $L echo --count 5000 --port 11191 --called-ae PACS)"
done
kill $TAP $SCP
cd / && rm -rf "$WORK"
