#!/usr/bin/env bash
# Side-by-side figures: assocmon against DCMTK storescp and a pynetdicom SCP, all driven by the same client
# (assocmon-load, release build, blocking sockets, TCP_NODELAY) on 127.0.0.1. Prints a table with ratios.
#
#   scripts/bench-peers.sh            # full run (a few minutes)
#   QUICK=1 scripts/bench-peers.sh    # small counts, a sanity check
#
# Knobs (environment): ASSOC_COUNT, ECHO_COUNT, STORE_BYTES, STORE_COUNT, BIG_BYTES, HOLD_COUNT, REPEAT (best
# of REPEAT runs per figure), PY_SCALE (pynetdicom runs 1/PY_SCALE of the associations and echoes: it is ~100×
# slower there, and its listen backlog of 5 makes a 1000-socket hold take minutes).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ -n "${QUICK:-}" ]]; then
    : "${ASSOC_COUNT:=300}" "${ECHO_COUNT:=2000}" "${STORE_BYTES:=10000000}" "${STORE_COUNT:=5}"
    : "${BIG_BYTES:=104857600}" "${HOLD_COUNT:=100}" "${REPEAT:=1}"
fi
: "${ASSOC_COUNT:=3000}" "${ECHO_COUNT:=30000}" "${STORE_BYTES:=10000000}" "${STORE_COUNT:=50}"
: "${BIG_BYTES:=1073741824}" "${HOLD_COUNT:=1000}" "${REPEAT:=3}" "${PY_SCALE:=10}"
PY_HOLD=$(( HOLD_COUNT / PY_SCALE > 0 ? HOLD_COUNT / PY_SCALE : 1 ))

echo "== building (release)"
swift build -c release --product assocmon 2>&1 | grep -E "error|Compiling|Build" | grep -v warning || true
swift build -c release --product assocmon-load 2>&1 | grep -E "error|Compiling|Build" | grep -v warning || true
BIN="$ROOT/.build/release"
LOAD="$BIN/assocmon-load"
[[ -x "$BIN/assocmon" && -x "$LOAD" ]] || { echo "bench-peers: release build failed" >&2; exit 1; }

WORK=$(mktemp -d /tmp/bench-peers.XXXXXX)
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server NAME MAX_ASSOCIATIONS MAX_PDU [discard]: starts NAME on a fresh port with a fresh storage
# directory (or discarding data sets: assocmon --no-store, storescp --ignore, pynetdicom --ignore), waits until
# it listens (10 s at most); sets PORT, SERVER_PID, STORE_DIR.
start_server() {
    local name=$1 max_assoc=$2 max_pdu=$3 discard=${4:-}
    PORT=$(free_port)
    STORE_DIR="$WORK/store-$name"
    rm -rf "$STORE_DIR"; mkdir -p "$STORE_DIR"
    local a_store=(--storage-dir "$STORE_DIR") d_store=(-od "$STORE_DIR" +B) p_store=()
    if [[ -n "$discard" ]]; then a_store=(--no-store); d_store=(--ignore); p_store=(--ignore); fi
    case $name in
        assocmon)
            "$BIN/assocmon" --headless --policy accept --bind 127.0.0.1 --port "$PORT" --ae-title BENCHSCP \
                --log-level warning --max-associations "$max_assoc" --max-pdu "$max_pdu" \
                "${a_store[@]}" >>"$WORK/assocmon-events.jsonl" 2>>"$WORK/assocmon.err" </dev/null &
            ;;
        dcmtk)
            # DCMTK reads TCP_NODELAY from the environment; +B writes the data set as received (no decode).
            TCP_NODELAY=1 /usr/bin/storescp -aet BENCHSCP "${d_store[@]}" -pdu "$max_pdu" "$PORT" \
                >>"$WORK/dcmtk.log" 2>&1 </dev/null &
            ;;
        pynetdicom)
            python3 "$ROOT/scripts/bench_pynetdicom_scp.py" --port "$PORT" --output-dir "$STORE_DIR" \
                --max-associations "$max_assoc" --max-pdu "$max_pdu" "${p_store[@]}" >>"$WORK/pynetdicom.log" 2>&1 </dev/null &
            ;;
    esac
    SERVER_PID=$!
    for _ in $(seq 100); do
        if ss -ltnH "sport = :$PORT" | grep -q .; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench-peers: $name did not listen on $PORT" >&2
    tail -5 "$WORK"/*.err "$WORK"/*.log 2>/dev/null >&2 || true
    exit 1
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    rm -rf "$STORE_DIR"
}

hwm_kib() { awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status"; }
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

# Server CPU time so far (user + system, all threads), in clock ticks (1/100 s).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

declare -A R
# measure KEY -- load arguments: best rate of REPEAT runs (a failed run is reported and counts as none), and
# R[KEY.cpu]: the server's CPU time per operation over all runs (µs per association or echo, µs per MB stored),
# a figure that other load on the machine disturbs less than the rate.
measure() {
    local key=$1; shift 2
    local best="" line rate ticks=0 ops=0 before after
    for _ in $(seq "$REPEAT"); do
        before=$(cpu_ticks)
        if line=$("$LOAD" "$@" --port "$PORT" --called-ae BENCHSCP 2>"$WORK/load.err"); then
            after=$(cpu_ticks)
            echo "   $key: $line (server CPU $(( (after - before) * 10 )) ms)"
            rate=$(field rate "$line")
            if [[ -z "$best" ]] || awk -v a="$rate" -v b="$best" 'BEGIN{exit !(a>b)}'; then best=$rate; fi
            ticks=$(( ticks + after - before ))
            if [[ -n "$(field dataset_bytes "$line")" ]]; then
                ops=$(awk -v a="$ops" -v b="$(field dataset_bytes "$line")" -v c="$(field count "$line")" 'BEGIN{print a + b*c/1e6}')
            else
                ops=$(( ops + $(field count "$line") ))
            fi
        else
            echo "   $key: FAILED: $(cat "$WORK/load.err")"
        fi
        rm -rf "${STORE_DIR:?}"/*
    done
    R[$key]=${best:-n/a}
    R[$key.cpu]=$(awk -v t="$ticks" -v o="$ops" 'BEGIN{ if (o > 0) printf "%.0f", t*10000/o; else printf "n/a" }')
}

echo "== machine"
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "   nproc $(nproc); $CPU; $(uname -sr); load $(cut -d' ' -f1-3 /proc/loadavg)"
DD=$(dd if=/dev/zero of="$WORK/dd.bin" bs=1M count=1024 conv=fdatasync 2>&1 | tail -1 | sed 's/.*s, //')
rm -f "$WORK/dd.bin"
echo "   store disk ($(df --output=source,fstype "$WORK" | tail -1 | tr -s ' ')): dd 1 GiB write+fdatasync $DD"
echo "   versions: $(/usr/bin/storescp --version 2>&1 | head -1); pynetdicom $(python3 -c 'import pynetdicom; print(pynetdicom.__version__)')"

for server in assocmon dcmtk pynetdicom; do
    echo "== $server"
    scale=1; [[ $server == pynetdicom ]] && scale=$PY_SCALE
    big_pdu=262144; [[ $server == dcmtk ]] && big_pdu=131072   # storescp accepts 4096..131072
    # The 1 GiB store first, on a fresh process, so VmHWM shows what one huge object costs.
    start_server "$server" 1100 "$big_pdu"
    R[$server.hwm0]=$(hwm_kib)
    REPEAT_SAVED=$REPEAT; REPEAT=1
    measure "$server.big" -- store --bytes "$BIG_BYTES" --count 1 --timeout 300
    REPEAT=$REPEAT_SAVED
    R[$server.hwm1]=$(hwm_kib)
    REPEAT=1; measure "$server.warm" -- associations --count $(( 200 / scale + 1 )); REPEAT=$REPEAT_SAVED
    measure "$server.assoc" -- associations --count $(( ASSOC_COUNT / scale ))
    measure "$server.echo" -- echo --count $(( ECHO_COUNT / scale ))
    measure "$server.store16" -- store --bytes "$STORE_BYTES" --count "$STORE_COUNT" --pdu 16384
    measure "$server.store256" -- store --bytes "$STORE_BYTES" --count "$STORE_COUNT" --pdu 262144
    hold=$HOLD_COUNT; [[ $server == pynetdicom ]] && hold=$PY_HOLD
    line=$("$LOAD" hold --count "$hold" --port "$PORT" --called-ae BENCHSCP --timeout 15 2>&1) || true
    echo "   $server.hold: $line"
    R[$server.hold]="$(field accepted "$line")/$hold in $(field establish_seconds "$line") s"
    R[$server.hwm2]=$(hwm_kib)
    stop_server
    # The same small stores, received and discarded: protocol and I/O cost without the file system.
    start_server "$server" 16 "$big_pdu" discard
    measure "$server.discard" -- store --bytes "$STORE_BYTES" --count "$STORE_COUNT" --pdu 262144
    stop_server
done

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf "%.2fx", a/b; else printf "n/a" }'
}
mib() { awk -v k="$1" 'BEGIN{ printf "%.0f", k/1024 }'; }

row() {  # label key
    printf "| %-52s | %18s | %18s | %18s | %7s | %11s |\n" "$1" "${R[assocmon.$2]}" "${R[dcmtk.$2]}" \
        "${R[pynetdicom.$2]}" "$(ratio "${R[assocmon.$2]}" "${R[dcmtk.$2]}")" \
        "$(ratio "${R[assocmon.$2]}" "${R[pynetdicom.$2]}")"
}

echo
echo "== results (best of $REPEAT; MB = 10^6 bytes; pynetdicom ran 1/$PY_SCALE of the associations and echoes)"
printf "| %-52s | %18s | %18s | %18s | %7s | %11s |\n" "figure" "assocmon" "DCMTK" "pynetdicom" "/DCMTK" "/pynetdicom"
printf "|%s|%s|%s|%s|%s|%s|\n" "$(printf -- '-%.0s' {1..54})" "$(printf -- '-%.0s' {1..20})" "$(printf -- '-%.0s' {1..20})" \
    "$(printf -- '-%.0s' {1..20})" "$(printf -- '-%.0s' {1..9})" "$(printf -- '-%.0s' {1..13})"
row "sequential associations, assoc/s (n=$ASSOC_COUNT)" assoc
row "C-ECHO in one association, echo/s (n=$ECHO_COUNT)" echo
row "C-STORE $STORE_COUNT x $(( STORE_BYTES / 1000000 )) MB, PDU 16384, MB/s" store16
row "C-STORE $STORE_COUNT x $(( STORE_BYTES / 1000000 )) MB, PDU 262144*, MB/s" store256
row "C-STORE 1 x $(( BIG_BYTES >> 20 )) MiB, PDU 262144*, MB/s" big
row "C-STORE $STORE_COUNT x $(( STORE_BYTES / 1000000 )) MB, PDU 262144*, discarded(d), MB/s" discard
for s in assocmon dcmtk pynetdicom; do
    R[$s.rss]="$(mib "${R[$s.hwm0]}")->$(mib "${R[$s.hwm1]}") MiB"
    R[$s.rss2]="$(mib "${R[$s.hwm2]}") MiB"
done
cpurow() {  # label key: server CPU per operation; the ratio is DCMTK's (or pynetdicom's) cost over assocmon's
    printf "| %-52s | %18s | %18s | %18s | %7s | %11s |\n" "$1" "${R[assocmon.$2.cpu]}" "${R[dcmtk.$2.cpu]}" \
        "${R[pynetdicom.$2.cpu]}" "$(ratio "${R[dcmtk.$2.cpu]}" "${R[assocmon.$2.cpu]}")" \
        "$(ratio "${R[pynetdicom.$2.cpu]}" "${R[assocmon.$2.cpu]}")"
}
cpurow "server CPU per association, us" assoc
cpurow "server CPU per C-ECHO, us" echo
cpurow "server CPU per MB stored, PDU 16384, us" store16
cpurow "server CPU per MB stored, PDU 262144*, us" store256
cpurow "server CPU per MB, 1 GiB object, us" big
cpurow "server CPU per MB discarded(d), us" discard
printf "| %-52s | %18s | %18s | %18s | %7s | %11s |\n" "server peak RSS (VmHWM) start -> after 1 GiB" \
    "${R[assocmon.rss]}" "${R[dcmtk.rss]}" "${R[pynetdicom.rss]}" "" ""
printf "| %-52s | %18s | %18s | %18s | %7s | %11s |\n" "associations held at once (accepted/asked)" \
    "${R[assocmon.hold]}" "${R[dcmtk.hold]}" "${R[pynetdicom.hold]}" "" ""
printf "| %-52s | %18s | %18s | %18s | %7s | %11s |\n" "server peak RSS after everything" \
    "${R[assocmon.rss2]}" "${R[dcmtk.rss2]}" "${R[pynetdicom.rss2]}" "" ""
echo
echo "CPU rows: the server process's user+system time (/proc/PID/stat) per operation over all runs; their ratio"
echo "  columns are the peer's cost over assocmon's (above 1 = assocmon is cheaper)."
echo "(d) received and not written: assocmon --no-store, storescp --ignore, pynetdicom handler returns at once."
echo "* DCMTK storescp accepts at most 131072 (-pdu), so its 'PDU 262144' rows ran at 131072."
echo "  assocmon fsyncs every stored file before renaming it into place; storescp (+B) and pynetdicom do not."
echo "  assocmon wrote $(wc -l <"$WORK/assocmon-events.jsonl") JSON event lines to a file during its runs (included)."
echo "  storescp runs without --fork: one association at a time, so the others wait unanswered (hold)."
