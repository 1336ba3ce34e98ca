#!/usr/bin/env bash
# Real screenshots of the curses front: assocmon runs in a detached tmux pane (132x43), real DICOM clients
# (DCMTK echoscu/storescu, pynetdicom) connect to it, keys are sent as a person would press them, and each
# screen is captured with its colours (`capture-pane -e`) and rendered to screenshots/<scene>.png through a
# pyte virtual terminal and Pillow (scripts/render_pane.py). Needs: tmux, dcmtk, python3 with pyte, pillow,
# pydicom, pynetdicom.
#
#   scripts/screenshots.sh          every scene
#   scripts/screenshots.sh data     only the data set scenes (Activity with C-STORE and C-FIND contents, Data view)
#   scripts/screenshots.sh tap      only the tap mode scenes (DCMTK storescp as the PACS behind assocmon --forward)
set -euo pipefail
SCENES="${1:-all}"
cd "$(dirname "$0")/.."

COLS=132
ROWS=43
OUT=screenshots
SOCK="assocmon-shots-$$"
WORK="$(mktemp -d)"
PIDS=()
mkdir -p "$OUT"

cleanup() {
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

swift build --product assocmon >/dev/null
EXE="$(swift build --show-bin-path)/assocmon"

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

start() {
    tmux -L "$SOCK" -f /dev/null new-session -d -s shots -x "$COLS" -y "$ROWS" \
        "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $1 $EXE --bind 127.0.0.1 --port 0 --storage-dir $WORK/store --decision-timeout 300"
    wait_for '@127.0.0.1:[0-9]'
    PORT="$(pane | head -1 | grep -o '@127.0.0.1:[0-9]*' | cut -d: -f2)"
}

# Two small CT images of one series for storescu (pydicom, synthetic pixel data), with the Type 1 attributes a
# CT image needs (PS3.3 C.7.2.1, C.7.3.1), so the screens show a clean link rather than findings.
python3 - "$WORK" <<'PY'
import sys
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
study, series = generate_uid(), generate_uid()
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
    ds.StudyInstanceUID = study
    ds.SeriesInstanceUID = series
    ds.StudyDate = "20261205"
    ds.StudyDescription = "CHEST"
    ds.SeriesNumber = 1
    ds.InstanceNumber = i + 1
    ds.Rows = ds.Columns = 64
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.SamplesPerPixel = 1
    ds.PixelRepresentation = 0
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.PixelData = bytes(64 * 64 * 2)
    ds.save_as(f"{sys.argv[1]}/ct{i}.dcm", enforce_file_format=True)
PY

# A pynetdicom modality that proposes several contexts and, once accepted, stores slowly and stays open:
# modality.py PORT CALLED_AE FILE... (with a called AE title other than ASSOCMON it also sends a C-ECHO at the end).
cat > "$WORK/modality.py" <<'PY'
import sys, time
from pydicom import dcmread
from pynetdicom import AE
from pynetdicom.sop_class import CTImageStorage, MRImageStorage, Verification
ae = AE(ae_title="CT_SCANNER_01")
ae.acse_timeout = 300
ae.add_requested_context(CTImageStorage, ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"])
ae.add_requested_context(CTImageStorage, ["1.2.840.10008.1.2.4.70"])
ae.add_requested_context(MRImageStorage)
ae.add_requested_context(Verification)
ae.add_requested_context("1.2.826.0.1.3680043.9.9999.1")
assoc = ae.associate("127.0.0.1", int(sys.argv[1]), ae_title=sys.argv[2])
if assoc.is_established:
    for i in range(6):
        assoc.send_c_store(dcmread(sys.argv[3 + i % 2]))
        time.sleep(0.5)
    if sys.argv[2] != "ASSOCMON":
        assoc.send_c_echo()
    time.sleep(120)
    assoc.release()
PY

# What the data sets carry: storescu of pydicom's CT_small, then a findscu study query that matches it. The
# Activity tab shows the query's keys and the pending response's identifier, then the C-STORE's patient and study;
# the Data view (d) shows the stored CT's tag tree.
data_scenes() {
    local ct
    ct="$(python3 -c "import pydicom.data as d; print(d.get_testdata_file('CT_small.dcm'))")"
    tmux -L "$SOCK" -f /dev/null new-session -d -s shots -x "$COLS" -y "$ROWS" \
        "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $EXE --bind 127.0.0.1 --port 0 --policy accept --storage-dir $WORK/store"
    wait_for '@127.0.0.1:[0-9]'
    PORT="$(pane | head -1 | grep -o '@127.0.0.1:[0-9]*' | cut -d: -f2)"
    timeout 60 /usr/bin/storescu -aet CT_SCANNER_01 -aec ASSOCMON 127.0.0.1 "$PORT" "$ct" >/dev/null 2>&1
    timeout 60 /usr/bin/findscu -S -aet RIS_WORKSTATION -aec ASSOCMON -k QueryRetrieveLevel=STUDY \
        -k "PatientName=Compressed*" -k StudyDate=20040101-20041231 -k PatientID -k StudyDescription \
        -k StudyInstanceUID 127.0.0.1 "$PORT" >/dev/null 2>&1
    keys 3
    wait_for 'returns'
    shot activity-find
    keys j
    wait_for 'CompressedSamples'
    shot activity-store
    keys d
    wait_for 'CommandGroupLength'
    shot data-view
    keys / P a t i e n t I D Enter
    shot data-view-search
    tmux -L "$SOCK" kill-server
    PORT=""
}

# Tap mode: DCMTK's storescp plays the PACS and assocmon runs with --forward in front of it; the modality calls the
# PACS's AE title. The held request with the PACS's answer beside it (Request tab), the Contexts tab with the PACS's
# answer per context (it takes no JPEG Lossless and no private SOP class), and after `a` the Activity tab with the
# relayed stores and the PACS's response times.
tap_scenes() {
    local pacs_port
    mkdir -p "$WORK/pacs"
    pacs_port="$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")"
    /usr/bin/storescp -aet PACS -od "$WORK/pacs" "$pacs_port" >/dev/null 2>&1 &
    PIDS+=($!)
    sleep 1
    tmux -L "$SOCK" -f /dev/null new-session -d -s shots -x "$COLS" -y "$ROWS" \
        "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $EXE --bind 127.0.0.1 --port 0 --no-store --decision-timeout 300 --forward 127.0.0.1:$pacs_port"
    wait_for '@127.0.0.1:[0-9]'
    PORT="$(pane | head -1 | grep -o '@127.0.0.1:[0-9]*' | cut -d: -f2)"
    python3 "$WORK/modality.py" "$PORT" PACS "$WORK/ct0.dcm" "$WORK/ct1.dcm" >/dev/null 2>&1 &
    PIDS+=($!)
    wait_for '⇄ AC [0-9]*/[0-9]*'
    shot tap-request
    keys 2
    shot tap-contexts
    keys a
    keys 3
    wait_for 'C-ECHO-RSP'
    shot tap-activity
    tmux -L "$SOCK" kill-server
    PORT=""
}

case "$SCENES" in
    data) data_scenes; exit 0 ;;
    tap) tap_scenes; exit 0 ;;
esac

start ""
/usr/bin/storescu -aet STORESCU -aec ASSOCMON 127.0.0.1 "$PORT" "$WORK/ct0.dcm" "$WORK/ct1.dcm" >/dev/null 2>&1 &
PIDS+=($!)
wait_for 'STORESCU'
keys a
wait_for 'released'
/usr/bin/echoscu -aet ECHOSCU -aec ANY-SCP -ta 300 127.0.0.1 "$PORT" >/dev/null 2>&1 &
PIDS+=($!)
wait_for 'ECHOSCU'
keys r Up Enter
wait_for 'rej 1/1/3'
python3 "$WORK/modality.py" "$PORT" ASSOCMON "$WORK/ct0.dcm" "$WORK/ct1.dcm" >/dev/null 2>&1 &
PIDS+=($!)
wait_for 'CT_SCANNER_01'
keys a
wait_for 'est'
python3 "$WORK/modality.py" "$PORT" ASSOCMON "$WORK/ct0.dcm" "$WORK/ct1.dcm" >/dev/null 2>&1 &
PIDS+=($!)
/usr/bin/echoscu -aet ECHOSCU -aec ANY-SCP -ta 300 127.0.0.1 "$PORT" >/dev/null 2>&1 &
PIDS+=($!)
sleep 2
keys g
shot queue
keys j 2 Space j j j Space
shot contexts-editing
keys Tab k 1
shot request-mismatch
keys r
shot reject-dialog
keys Escape '?'
shot help
keys Escape g j j 3
shot activity
keys 4
shot raw
tmux -L "$SOCK" kill-server
PORT=""

# DCMTK's storescu proposes every storage SOP class it knows (128 contexts): the Contexts tab goes to one line
# per context under a summary; one context edited (marked ≠), then grouped by outcome.
sleep 1
start ""
/usr/bin/storescu -aet STORESCU -aec ASSOCMON -ta 300 127.0.0.1 "$PORT" "$WORK/ct0.dcm" >/dev/null 2>&1 &
PIDS+=($!)
wait_for 'STORESCU'
keys 2 j j j Space j j
shot contexts-compact
keys o G
shot contexts-grouped
tmux -L "$SOCK" kill-server
PORT=""
# A new tmux server on the same socket right after kill-server can find the old one still exiting
# ("server exited unexpectedly"): wait as before the other scenes.
sleep 1
start "NO_COLOR=1"
/usr/bin/echoscu -aet ECHOSCU -aec ASSOCMON -ta 300 127.0.0.1 "$PORT" >/dev/null 2>&1 &
PIDS+=($!)
wait_for 'ECHOSCU'
shot monochrome
tmux -L "$SOCK" resize-window -t shots -x 72 -y 20
COLS=72 ROWS=20 
shot too-small
tmux -L "$SOCK" kill-server
PORT=""
sleep 1
COLS=132 ROWS=43
data_scenes
sleep 1
tap_scenes
