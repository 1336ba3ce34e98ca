#!/usr/bin/env bash
# Real screenshots of a tapped association (tap mode): DCMTK's storescp plays the PACS, assocmon runs with
# --forward in a detached tmux pane (132x43), a pynetdicom modality proposes CT, MR, Verification and a private SOP
# class the PACS does not know. The held request is captured with the PACS's answer beside it (Request tab), then
# the Contexts tab with the PACS's answer per context; after `a`, the Activity tab with the relayed stores. Each
# screen is rendered to screenshots/<scene>.png like scripts/screenshots.sh does (pyte and Pillow, through
# scripts/render_pane.py). Needs: tmux, dcmtk, python3 with pyte, pillow, pydicom, pynetdicom, and an assocmon
# with --forward.
set -euo pipefail
cd "$(dirname "$0")/.."

COLS=132
ROWS=43
OUT=screenshots
SOCK="assocmon-tap-shots-$$"
WORK="$(mktemp -d)"
PIDS=()
mkdir -p "$OUT" "$WORK/pacs"

cleanup() {
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

swift build --product assocmon >/dev/null
EXE="$(swift build --show-bin-path)/assocmon"
# Read the whole help first: grep -q stopping early would fail the pipe under pipefail.
HELP="$("$EXE" --help 2>&1 || true)"
if ! grep -q -- '--forward' <<<"$HELP"; then
    echo "$EXE has no --forward: tap mode's engine side is not in this build" >&2
    exit 1
fi

pane() { tmux -L "$SOCK" capture-pane -p -t shots; }
keys() { tmux -L "$SOCK" send-keys -t shots "$@"; sleep 0.6; }
wait_for() {
    for _ in $(seq 1 150); do pane | grep -q -- "$1" && return 0; sleep 0.2; done
    echo "timed out waiting for: $1" >&2; pane >&2; return 1
}
shot() {
    sleep 0.8
    tmux -L "$SOCK" capture-pane -e -p -t shots > "$WORK/$1.ans"
    python3 scripts/render_pane.py "$COLS" "$ROWS" "$WORK/$1.ans" "$OUT/$1.png"
    echo "screenshots/$1.png"
}

# Two small CT images (pydicom, synthetic pixel data) and a modality that stores them slowly.
python3 - "$WORK" <<'PY'
import sys
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
for i in range(2):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName = "DEMO^PATIENT"
    ds.PatientID = "DEMO-1"
    ds.Modality = "CT"
    ds.Rows = ds.Columns = 64
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.SamplesPerPixel = 1
    ds.PixelRepresentation = 0
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.PixelData = bytes(64 * 64 * 2)
    ds.save_as(f"{sys.argv[1]}/ct{i}.dcm", enforce_file_format=True)
PY
cat > "$WORK/modality.py" <<'PY'
import sys, time
from pydicom import dcmread
from pynetdicom import AE
from pynetdicom.sop_class import CTImageStorage, MRImageStorage, Verification
ae = AE(ae_title="CT_SCANNER_01")
ae.acse_timeout = 300
ae.add_requested_context(CTImageStorage, ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"])
ae.add_requested_context(MRImageStorage)
ae.add_requested_context(Verification)
ae.add_requested_context("1.2.826.0.1.3680043.9.9999.1")
assoc = ae.associate("127.0.0.1", int(sys.argv[1]), ae_title="PACS")
if assoc.is_established:
    for i in range(6):
        assoc.send_c_store(dcmread(sys.argv[2 + i % 2]))
        time.sleep(0.5)
    assoc.send_c_echo()
    time.sleep(120)
    assoc.release()
PY

PACS_PORT="$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")"
/usr/bin/storescp -aet PACS -od "$WORK/pacs" "$PACS_PORT" >/dev/null 2>&1 &
PIDS+=($!)
sleep 1
tmux -L "$SOCK" -f /dev/null new-session -d -s shots -x "$COLS" -y "$ROWS" \
    "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $EXE --bind 127.0.0.1 --port 0 --no-store --decision-timeout 300 --forward 127.0.0.1:$PACS_PORT"
wait_for '@127.0.0.1:[0-9]'
PORT="$(pane | head -1 | grep -o '@127.0.0.1:[0-9]*' | cut -d: -f2)"
python3 "$WORK/modality.py" "$PORT" "$WORK/ct0.dcm" "$WORK/ct1.dcm" >/dev/null 2>&1 &
PIDS+=($!)
wait_for '⇄ AC [0-9]*/[0-9]*'
shot tap-request
keys 2
shot tap-contexts
keys a
keys 3
wait_for 'C-ECHO-RSP'
shot tap-activity
