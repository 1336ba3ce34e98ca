#!/usr/bin/env bash
# One command, one table: assocmon against DCMTK storescp (single process and --fork), a pynetdicom SCP and two
# plain C references that only write files, all driven by the same release-built client (assocmon-load: blocking
# sockets, TCP_NODELAY) on 127.0.0.1, in the same run.
#
#   scripts/bench.sh            # full run (5-15 minutes on 2 cores)
#   QUICK=1 scripts/bench.sh    # small counts, one run each: a sanity check in about 2 minutes
#
# Scenarios:
#   S1  associations one after another, one A-ASSOCIATE/A-RELEASE each          (assoc/s)
#   S2  the same, 16 clients at a time                                          (assoc/s)
#   S3  one association, C-ECHO after C-ECHO                                    (echo/s)
#   S4a one association, 500 x 512 KiB C-STORE, PDUs of 16 KiB, to disk, release included   (MB/s, 10^6 B)
#   S4b the same with PDUs up to 256 KiB (storescp accepts at most 128 KiB)
#   S5  1000 associations held at once for 5 s, then one C-ECHO on each, then all released
#   S6  one 1 GiB C-STORE on a fresh server process: MB/s and peak RSS (VmHWM)
#   F   the curses front: F_COUNT C-ECHO associations arriving at F_RATE per minute (10,000/min), assocmon's CPU
#       with the front open in a 132x43 tmux pane against the same run headless (target: at most 1.2x)
#   T   tap mode: T1 the S4a C-STOREs and T2 the S3 C-ECHOs sent to DCMTK storescp directly and through
#       `assocmon --forward` in front of it (targets: at least 0.8x the direct MB/s, at most +100 µs per round trip)
# Servers:
#   assocmon          --headless --policy accept, default --sync release, to disk (JSON events to a file)
#   assocmon none     the same with --sync none (no flush: the promise of storescp)
#   assocmon nostore  --no-store: received and counted, nothing written (the protocol path alone)
#   SwiftNIO floor    scripts/nio-floor: SwiftNIO with one handler that answers the PDUs from their bytes (no state
#                     machine, no checks, no events), S1-S3 only: what the framework and the kernel alone cost
#   C write           a C program writing the same files (no DICOM), no flush        (S4, S6 only)
#   C write+syncfs    the same, made durable with one syncfs(2) at the end: the limit of --sync release
#   DCMTK             TCP_NODELAY=1 storescp +B (bit-preserving, no decode), one process
#   DCMTK fork        the same with --fork (a process per association)
#   pynetdicom        scripts/bench_pynetdicom_scp.py (STORE_RECV_CHUNKED_DATASET); 1/PY_SCALE of S1-S3, S5
#
# Stored files are kept until the run ends: deleting thousands of files between runs makes ext4 skip the freed
# inodes when it allocates new ones (seconds later), which doubled the CPU of every file create. Every run that
# writes files starts after a sync and (as root) a drop of the clean page cache (settle, below).
# Each figure is the median of REPEAT runs with min-max. "server CPU" is the server's user+system time
# (/proc/PID/stat, reaped children included) per operation; "client CPU" the load generator's own. Knobs
# (environment): S1_COUNT S2_COUNT S2_PARALLEL S3_COUNT S4_BYTES S4_COUNT S5_COUNT S5_HOLD S6_BYTES REPEAT
# PY_SCALE F_COUNT F_RATE SERVERS (space-separated subset of: assocmon none nostore niofloor cwrite csync dcmtk
# dcmtkfork pynetdicom front tap; "front" runs F, "tap" runs T).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ -n "${QUICK:-}" ]]; then
    : "${S1_COUNT:=300}" "${S2_COUNT:=400}" "${S3_COUNT:=2000}" "${S4_COUNT:=100}" "${S5_COUNT:=200}"
    : "${S5_HOLD:=1}" "${S6_BYTES:=268435456}" "${REPEAT:=1}" "${F_COUNT:=1000}"
fi
: "${S1_COUNT:=1000}" "${S2_COUNT:=2000}" "${S2_PARALLEL:=16}" "${S3_COUNT:=10000}" "${S4_BYTES:=524288}"
: "${S4_COUNT:=500}" "${S5_COUNT:=1000}" "${S5_HOLD:=5}" "${S6_BYTES:=1073741824}" "${REPEAT:=3}" "${PY_SCALE:=10}"
: "${F_COUNT:=5000}" "${F_RATE:=10000}"
: "${SERVERS:=assocmon none nostore niofloor cwrite csync dcmtk dcmtkfork pynetdicom front tap}"

echo "== peers"
missing=()
[[ -x /usr/bin/storescp ]] || missing+=(dcmtk)
command -v tmux >/dev/null || missing+=(tmux)
command -v cc >/dev/null || missing+=(gcc)
if ((${#missing[@]})); then
    echo "   installing ${missing[*]}"
    if [[ $(id -u) == 0 ]]; then apt-get install -y "${missing[@]}" >/dev/null; else sudo apt-get install -y "${missing[@]}" >/dev/null; fi
fi
python3 -c 'import pynetdicom' 2>/dev/null || python3 -m pip install --quiet pynetdicom

echo "== building (release)"
swift build -c release --product assocmon 2>&1 | grep -E "error|Build" || true
swift build -c release --product assocmon-load 2>&1 | grep -E "error|Build" || true
BIN="$ROOT/.build/release"
LOAD="$BIN/assocmon-load"
[[ -x "$BIN/assocmon" && -x "$LOAD" ]] || { echo "bench: release build failed" >&2; exit 1; }
FLOOR=""
if [[ " $SERVERS " == *" niofloor "* ]]; then
    swift build -c release --package-path "$ROOT/scripts/nio-floor" 2>&1 | grep -E "error|Build" || true
    FLOOR="$ROOT/scripts/nio-floor/.build/release/nio-floor"
    [[ -x "$FLOOR" ]] || { echo "bench: the SwiftNIO floor did not build" >&2; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/assocmon-bench.XXXXXX")
cc -O2 -o "$WORK/write-files" "$ROOT/scripts/bench_write_files.c"
SERVER_PID=""
FRONT_SESSION="assocmon-bench-front-$$"
cleanup() {
    tmux kill-session -t "$FRONT_SESSION" 2>/dev/null || true
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

# start_server NAME: starts NAME on a fresh port with a fresh storage directory, waits until it listens (10 s at
# most); sets PORT, SERVER_PID, STORE_DIR.
start_server() {
    local name=$1
    PORT=$(free_port)
    STORE_DIR="$WORK/store-$name"
    rm -rf "$STORE_DIR"; mkdir -p "$STORE_DIR"
    # The load generator connects from one address: the per-peer and silent-connection limits (32 and 64 by
    # default) are raised like --max-associations, or S2 and S5 would measure refusals.
    local assocmon=("$BIN/assocmon" --headless --policy accept --bind 127.0.0.1 --port "$PORT" --ae-title BENCHSCP
        --log-level warning --max-associations 1100 --max-per-peer 1100 --max-pending 1100 --max-pdu 262144)
    local command
    case $name in
        assocmon) command=("${assocmon[@]}" --storage-dir "$STORE_DIR") ;;
        none) command=("${assocmon[@]}" --storage-dir "$STORE_DIR" --sync none) ;;
        nostore) command=("${assocmon[@]}" --no-store) ;;
        niofloor) command=("$FLOOR" "$PORT") ;;
        # DCMTK reads TCP_NODELAY from the environment; +B writes the data set as received (no decode).
        dcmtk) command=(env TCP_NODELAY=1 /usr/bin/storescp -aet BENCHSCP -od "$STORE_DIR" +B -pdu 131072 "$PORT") ;;
        dcmtkfork) command=(env TCP_NODELAY=1 /usr/bin/storescp --fork -aet BENCHSCP -od "$STORE_DIR" +B -pdu 131072
            "$PORT") ;;
        pynetdicom) command=(python3 "$ROOT/scripts/bench_pynetdicom_scp.py" --port "$PORT" --output-dir "$STORE_DIR"
            --max-associations 1100 --max-pdu 262144) ;;
    esac
    # Started directly (env execs storescp), so SERVER_PID is the server itself: its CPU and VmHWM are read.
    "${command[@]}" >>"$WORK/$name.out" 2>>"$WORK/$name.err" </dev/null &
    SERVER_PID=$!
    for _ in $(seq 100); do
        if ss -ltnH "sport = :$PORT" | grep -q .; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench: $name did not listen on $PORT" >&2
    tail -5 "$WORK/$name.err" >&2 || true
    exit 1
}

# Stored files stay until the end of the run (the EXIT trap removes $WORK): on ext4, creating files soon after many
# were deleted costs several times more kernel CPU (new inodes skip the recently freed ones), so deleting one
# server's files would slow down whichever server runs next, and the order of SERVERS would decide the S4 rows.
stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

hwm_kib() { awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status"; }
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
# Server CPU so far in clock ticks (1/100 s): user + system, plus children already reaped (storescp --fork).
cpu_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$SERVER_PID/stat"; }
# median, min and max of the numbers given -> "median (min–max)" or a single figure
summary() {
    printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {
        if (NR == 0) { printf "n/a"; exit }
        m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
        if (NR == 1) printf "%.0f", m; else printf "%.0f (%.0f–%.0f)", m, v[1], v[NR] }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END { if (NR == 0) print ""; else print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }

# Before every run that writes files, untimed: the dirty pages earlier runs left (servers that never flush leave up
# to dirty_ratio of RAM) are written back, and (as root) the clean page cache is dropped, so every run starts from
# the same page cache state. Without the drop, each run's files take page cache memory never touched before, and on
# a VM that first touch dominates: plain C writes of 500 x 512 KiB fell from 1,500 to 320 MB/s (all of it system
# time) after the first 0.5 GB, so whichever server ran later lost, whatever it did.
settle() {
    sync
    if [[ -w /proc/sys/vm/drop_caches ]]; then echo 1 >/proc/sys/vm/drop_caches; fi
}

declare -A R
# measure SERVER KEY REPEAT -- load arguments: R[SERVER.KEY] = rate summary, R[SERVER.KEY.med] = median rate,
# R[SERVER.KEY.cpu] / .client = server / client CPU per operation (µs per association or echo, µs per MB).
measure() {
    local server=$1 key=$2 repeat=$3; shift 4
    local rates=() line before after ticks=0 ops=0 client=0 n
    for _ in $(seq "$repeat"); do
        [[ $1 == store ]] && settle
        before=$(cpu_ticks)
        if line=$("$LOAD" "$@" --port "$PORT" --called-ae BENCHSCP 2>"$WORK/load.err"); then
            after=$(cpu_ticks)
            echo "   $server $key: $line (server CPU $(( (after - before) * 10 )) ms)"
            rates+=("$(field rate "$line")")
            ticks=$(( ticks + after - before ))
            client=$(( client + $(field client_cpu_ms "$line") ))
            if [[ -n "$(field dataset_bytes "$line")" ]]; then
                n=$(awk -v b="$(field dataset_bytes "$line")" -v c="$(field count "$line")" 'BEGIN{print b*c/1e6}')
            else
                n=$(field count "$line")
            fi
            ops=$(awk -v a="$ops" -v b="$n" 'BEGIN{print a + b}')
        else
            echo "   $server $key: FAILED: $(head -c 300 "$WORK/load.err")"
        fi
    done
    R[$server.$key]=$(summary "${rates[@]}")
    R[$server.$key.med]=$(median "${rates[@]}")
    R[$server.$key.cpu]=$(awk -v t="$ticks" -v o="$ops" 'BEGIN{ if (o > 0) printf "%.0f", t*10000/o; else printf "n/a" }')
    R[$server.$key.client]=$(awk -v t="$client" -v o="$ops" 'BEGIN{ if (o > 0) printf "%.0f", t*1000/o; else printf "n/a" }')
}

# cwrite SERVER KEY COUNT BYTES [syncfs]: the C reference, REPEAT times, into a fresh directory on the same disk.
cwrite() {
    local server=$1 key=$2 count=$3 bytes=$4 flush=${5:-} rates=() line cpu=0 ops=0 run dir="$WORK/store-$1-$2"
    for run in $(seq "$REPEAT"); do
        mkdir -p "$dir/$run"
        settle
        line=$(/usr/bin/time -f "cpu=%U+%S" "$WORK/write-files" "$dir/$run" "$count" "$bytes" $flush 2>"$WORK/time.err")
        local used; used=$(sed -n 's/.*cpu=\([0-9.]*\)+\([0-9.]*\).*/\1 \2/p' "$WORK/time.err" | awk '{print ($1+$2)*1000}')
        echo "   $server $key: $line (CPU ${used} ms)"
        rates+=("$(field rate "$line")")
        cpu=$(awk -v a="$cpu" -v b="$used" 'BEGIN{print a + b}')
        ops=$(awk -v a="$ops" -v b="$bytes" -v c="$count" 'BEGIN{print a + b*c/1e6}')
    done
    R[$server.$key]=$(summary "${rates[@]}")
    R[$server.$key.med]=$(median "${rates[@]}")
    R[$server.$key.cpu]=$(awk -v t="$cpu" -v o="$ops" 'BEGIN{ printf "%.0f", t*1000/o }')
    R[$server.$key.client]="–"
}

# tap_cost: tap mode against direct. DCMTK storescp is the PACS; T1 (S4a's C-STOREs) and T2 (S3's C-ECHOs) go to it
# directly, then through `assocmon --forward` in front of it (policy accept, --no-store, events to a file). Server CPU
# is storescp's for direct, assocmon's for the tap (what the tap itself costs).
tap_cost() {
    local pacs_port tap_port pacs_pid
    STORE_DIR="$WORK/store-tap"; rm -rf "$STORE_DIR"; mkdir -p "$STORE_DIR"
    pacs_port=$(free_port)
    env TCP_NODELAY=1 /usr/bin/storescp -aet BENCHSCP -od "$STORE_DIR" +B -pdu 131072 "$pacs_port" \
        >>"$WORK/tap-pacs.out" 2>>"$WORK/tap-pacs.err" </dev/null &
    pacs_pid=$!
    tap_port=$(free_port)
    "$BIN/assocmon" --headless --policy accept --bind 127.0.0.1 --port "$tap_port" --ae-title BENCHSCP \
        --log-level warning --max-pdu 262144 --no-store --forward "127.0.0.1:$pacs_port" \
        >"$WORK/tap-events.out" 2>"$WORK/tap.err" </dev/null &
    local tap_pid=$!
    for port in "$pacs_port" "$tap_port"; do
        for _ in $(seq 100); do ss -ltnH "sport = :$port" | grep -q . && break; sleep 0.1; done
    done
    SERVER_PID=$pacs_pid; PORT=$pacs_port
    measure tapdirect t1 "$REPEAT" -- store --bytes "$S4_BYTES" --count "$S4_COUNT" --pdu 16384
    measure tapdirect t2 "$REPEAT" -- echo --count "$S3_COUNT"
    SERVER_PID=$tap_pid; PORT=$tap_port
    measure tap t1 "$REPEAT" -- store --bytes "$S4_BYTES" --count "$S4_COUNT" --pdu 16384
    measure tap t2 "$REPEAT" -- echo --count "$S3_COUNT"
    kill "$tap_pid" "$pacs_pid" 2>/dev/null || true
    wait "$tap_pid" "$pacs_pid" 2>/dev/null || true
    SERVER_PID=""
}

# front_cpu MODE: F_COUNT C-ECHO associations at F_RATE per minute into assocmon headless or with the front open
# in a tmux pane (the pane's process is assocmon itself); R[front.MODE] = server CPU per association, µs.
front_cpu() {
    local mode=$1 before after line
    PORT=$(free_port)
    local args=(--policy accept --bind 127.0.0.1 --port "$PORT" --ae-title BENCHSCP --no-store --log-level warning
        --max-per-peer 1100 --max-pending 1100)
    if [[ $mode == headless ]]; then
        "$BIN/assocmon" --headless "${args[@]}" >"$WORK/front-headless.out" 2>"$WORK/front-headless.err" </dev/null &
        SERVER_PID=$!
    else
        tmux new-session -d -s "$FRONT_SESSION" -x 132 -y 43 "exec $BIN/assocmon ${args[*]} 2>$WORK/front-tui.err"
        SERVER_PID=$(tmux list-panes -t "$FRONT_SESSION" -F '#{pane_pid}')
    fi
    for _ in $(seq 100); do
        ss -ltnH "sport = :$PORT" | grep -q . && break
        sleep 0.1
    done
    before=$(cpu_ticks)
    if line=$("$LOAD" associations --count "$F_COUNT" --echoes 1 --per-minute "$F_RATE" --port "$PORT" \
        --called-ae BENCHSCP 2>"$WORK/load.err"); then
        after=$(cpu_ticks)
        echo "   front $mode: $line (server CPU $(( (after - before) * 10 )) ms)"
        R[front.$mode]=$(awk -v t="$(( after - before ))" -v o="$F_COUNT" 'BEGIN{ printf "%.0f", t*10000/o }')
    else
        echo "   front $mode: FAILED: $(head -c 300 "$WORK/load.err")"
    fi
    if [[ $mode == headless ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    else
        tmux kill-session -t "$FRONT_SESSION" 2>/dev/null || true
    fi
    SERVER_PID=""
}

echo "== machine"
echo "   nproc $(nproc); $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); $(uname -sr)"
echo "   load at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   disk ($(df --output=source,fstype "$WORK" | tail -1 | tr -s ' ')): dd 512 MiB write+fdatasync" \
    "$(dd if=/dev/zero of="$WORK/dd.bin" bs=1M count=512 conv=fdatasync 2>&1 | tail -1 | sed 's/.*s, //')"
rm -f "$WORK/dd.bin"
echo "   free on that disk $(df -h --output=avail "$WORK" | tail -1 | tr -d ' ') (a full run keeps about 25 GB of stored files until it ends)"
echo "   $(/usr/bin/storescp --version 2>&1 | head -1); pynetdicom $(python3 -c 'import pynetdicom; print(pynetdicom.__version__)')"
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

for server in $SERVERS; do
    echo "== $server"
    case $server in
        front)
            front_cpu headless
            front_cpu tui
            continue
            ;;
        tap)
            tap_cost
            continue
            ;;
        cwrite|csync)
            flush=""; [[ $server == csync ]] && flush=syncfs
            cwrite "$server" s4a "$S4_COUNT" "$S4_BYTES" $flush
            cwrite "$server" s4b "$S4_COUNT" "$S4_BYTES" $flush
            REPEAT_SAVED=$REPEAT; REPEAT=1
            cwrite "$server" s6 1 "$S6_BYTES" $flush
            REPEAT=$REPEAT_SAVED
            R[$server.s6.rss]="–"
            continue
            ;;
    esac
    scale=1; [[ $server == pynetdicom ]] && scale=$PY_SCALE
    # S6 first, on a fresh process, so VmHWM shows what one huge object costs.
    start_server "$server"
    start_kib=$(hwm_kib)
    if [[ $server != niofloor ]]; then
        measure "$server" s6 1 -- store --bytes "$S6_BYTES" --count 1 --timeout 600
        R[$server.s6.rss]="$(( start_kib / 1024 ))→$(( $(hwm_kib) / 1024 ))"
    fi
    [[ $server == dcmtkfork ]] && R[$server.s6.rss]="(children)"
    measure "$server" warm 1 -- associations --count $(( 200 / scale + 1 )) >/dev/null
    measure "$server" s1 "$REPEAT" -- associations --count $(( S1_COUNT / scale ))
    measure "$server" s2 "$REPEAT" -- associations --count $(( S2_COUNT / scale )) --parallel "$S2_PARALLEL"
    measure "$server" s3 "$REPEAT" -- echo --count $(( S3_COUNT / scale ))
    if [[ $server == niofloor ]]; then stop_server; continue; fi  # it stores nothing and holds nothing
    measure "$server" s4a "$REPEAT" -- store --bytes "$S4_BYTES" --count "$S4_COUNT" --pdu 16384
    measure "$server" s4b "$REPEAT" -- store --bytes "$S4_BYTES" --count "$S4_COUNT" --pdu 262144
    hold=$(( S5_COUNT / scale ))
    line=$("$LOAD" hold --count "$hold" --hold-seconds "$S5_HOLD" --port "$PORT" --called-ae BENCHSCP --timeout 20 2>&1) || true
    echo "   $server s5: $line"
    R[$server.s5]="$(field accepted "$line")/$(field echoed "$line")/$(field released "$line") of $hold"
    R[$server.s5.rss]=$(( $(hwm_kib) / 1024 ))
    [[ $server == dcmtkfork ]] && R[$server.s5.rss]="(children)"
    stop_server
done
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)

# The best DCMTK figure per scenario (single process or --fork).
best_dcmtk() {
    awk -v a="${R[dcmtk.$1.med]:-}" -v b="${R[dcmtkfork.$1.med]:-}" 'BEGIN{ print (a+0 > b+0) ? a : b }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf "%.2f×", a/b; else printf "n/a" }'; }

COLUMNS_=(assocmon none nostore niofloor cwrite csync dcmtk dcmtkfork pynetdicom)
HEAD=("assocmon" "assocmon --sync none" "assocmon --no-store" "SwiftNIO floor" "C write" "C write+syncfs" "DCMTK" "DCMTK --fork"
    "pynetdicom" "assocmon ÷ best DCMTK" "none ÷ best DCMTK" "assocmon ÷ C+syncfs")
row() {  # label key suffix: one figure per server, then the ratios (rates rows only)
    local label=$1 key=$2 suffix=${3:-} s
    local out="| $label |"
    for s in "${COLUMNS_[@]}"; do out+=" ${R[$s.$key$suffix]:-–} |"; done
    if [[ -z "$suffix" && $key != s5 ]]; then
        local best; best=$(best_dcmtk "$key")
        out+=" $(ratio "${R[assocmon.$key.med]:-}" "$best") | $(ratio "${R[none.$key.med]:-}" "$best") |"
        out+=" $(ratio "${R[assocmon.$key.med]:-}" "${R[csync.$key.med]:-}") |"
    else
        out+=" | | |"
    fi
    echo "$out"
}

echo
echo "== results: median of $REPEAT (min–max); MB = 10^6 bytes; load average $LOAD_START at start, $LOAD_END at end"
printf '| scenario |'; printf ' %s |' "${HEAD[@]}"; echo
printf '|---|'; for _ in "${HEAD[@]}"; do printf -- '---:|'; done; echo
row "S1 $S1_COUNT associations one after another, assoc/s" s1
row "   server CPU per association, µs" s1 .cpu
row "   client CPU per association, µs" s1 .client
row "S2 $S2_COUNT associations, $S2_PARALLEL at a time, assoc/s" s2
row "   server CPU per association, µs" s2 .cpu
row "   client CPU per association, µs" s2 .client
row "S3 $S3_COUNT C-ECHO in one association, echo/s" s3
row "   server CPU per C-ECHO, µs" s3 .cpu
row "   client CPU per C-ECHO, µs" s3 .client
row "S4a $S4_COUNT × $(( S4_BYTES / 1024 )) KiB C-STORE, PDU 16 KiB, MB/s" s4a
row "   server CPU per MB, µs" s4a .cpu
row "   client CPU per MB, µs" s4a .client
row "S4b the same, PDU 256 KiB (DCMTK 128 KiB), MB/s" s4b
row "   server CPU per MB, µs" s4b .cpu
row "   client CPU per MB, µs" s4b .client
row "S5 $S5_COUNT held ${S5_HOLD} s: accepted/echoed/released" s5
row "   server peak RSS after S5, MiB" s5 .rss
row "S6 one $(( S6_BYTES >> 20 )) MiB C-STORE, MB/s (one run)" s6
row "   server peak RSS start → after S6, MiB" s6 .rss
row "   server CPU per MB, µs" s6 .cpu
if [[ -n "${R[front.headless]:-}" ]]; then
    echo
    echo "| F $F_COUNT C-ECHO associations at $F_RATE/min | headless | front open (tmux 132×43) | front ÷ headless |"
    echo "|---|---:|---:|---:|"
    echo "| server CPU per association, µs | ${R[front.headless]} | ${R[front.tui]:-n/a} |" \
        "$(ratio "${R[front.tui]:-}" "${R[front.headless]}") |"
fi
if [[ -n "${R[tap.t1.med]:-}" ]]; then
    echo
    echo "| T tap mode, DCMTK storescp as the PACS | direct | through assocmon --forward | tap ÷ direct |"
    echo "|---|---:|---:|---:|"
    echo "| T1 $S4_COUNT × $(( S4_BYTES / 1024 )) KiB C-STORE, PDU 16 KiB, MB/s | ${R[tapdirect.t1]:-n/a} | ${R[tap.t1]} |" \
        "$(ratio "${R[tap.t1.med]}" "${R[tapdirect.t1.med]:-}") |"
    echo "|    server CPU per MB, µs (storescp / assocmon) | ${R[tapdirect.t1.cpu]:-n/a} | ${R[tap.t1.cpu]:-n/a} | |"
    echo "| T2 $S3_COUNT C-ECHO in one association, echo/s | ${R[tapdirect.t2]:-n/a} | ${R[tap.t2]:-n/a} |" \
        "$(ratio "${R[tap.t2.med]:-}" "${R[tapdirect.t2.med]:-}") |"
    echo "|    round trip (1 / median rate), µs | $(awk -v r="${R[tapdirect.t2.med]:-0}" 'BEGIN{ if (r > 0) printf "%.0f", 1e6/r; else printf "n/a" }') |" \
        "$(awk -v r="${R[tap.t2.med]:-0}" 'BEGIN{ if (r > 0) printf "%.0f", 1e6/r; else printf "n/a" }') | |"
fi
echo
echo "pynetdicom ran 1/$PY_SCALE of S1-S3 and S5. The C references write the same number and size of files without"
echo "DICOM (the S4 rows are the same program twice). S4 and S6 times include the A-RELEASE-RP: with the default"
echo "--sync release it waits for the association's files to be on stable storage."

# Targets (the rates' medians, same run).
echo
echo "== targets"
target() {  # label value goal
    awk -v l="$1" -v v="$2" -v g="$3" 'BEGIN{
        if (v == "" || v+0 == 0) { printf "   %-62s n/a\n", l; exit }
        printf "   %-62s %.2f (goal %.2f): %s\n", l, v, g, (v+0 >= g+0) ? "met" : sprintf("missed by %.0f %%", (1 - v/g) * 100) }'
}
rv() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a+0 > 0 && b+0 > 0) print a/b }'; }
target "S1 assocmon ÷ best DCMTK" "$(rv "${R[assocmon.s1.med]:-}" "$(best_dcmtk s1)")" 1.0
target "S2 assocmon ÷ best DCMTK" "$(rv "${R[assocmon.s2.med]:-}" "$(best_dcmtk s2)")" 1.5
target "S3 assocmon ÷ best DCMTK" "$(rv "${R[assocmon.s3.med]:-}" "$(best_dcmtk s3)")" 1.5
target "S4a --sync none ÷ best DCMTK" "$(rv "${R[none.s4a.med]:-}" "$(best_dcmtk s4a)")" 1.2
target "S4b --sync none ÷ best DCMTK" "$(rv "${R[none.s4b.med]:-}" "$(best_dcmtk s4b)")" 1.2
target "S4a default ÷ C write+syncfs" "$(rv "${R[assocmon.s4a.med]:-}" "${R[csync.s4a.med]:-}")" 0.9
target "S4b default ÷ C write+syncfs" "$(rv "${R[assocmon.s4b.med]:-}" "${R[csync.s4b.med]:-}")" 0.9
if [[ -n "${R[niofloor.s1.med]:-}" ]]; then
    echo "   the SwiftNIO floor, for scale (nothing but SwiftNIO and the kernel answering):"
    target "  S1 SwiftNIO floor ÷ best DCMTK" "$(rv "${R[niofloor.s1.med]}" "$(best_dcmtk s1)")" 1.0
    target "  S2 SwiftNIO floor ÷ best DCMTK" "$(rv "${R[niofloor.s2.med]:-}" "$(best_dcmtk s2)")" 1.5
    target "  S3 SwiftNIO floor ÷ best DCMTK" "$(rv "${R[niofloor.s3.med]:-}" "$(best_dcmtk s3)")" 1.5
fi
if [[ -n "${R[front.headless]:-}" ]]; then
    awk -v h="${R[front.headless]}" -v t="${R[front.tui]:-0}" 'BEGIN{ if (h+0 > 0 && t+0 > 0)
        printf "   %-62s %.2f (goal at most 1.20): %s\n", "F front CPU ÷ headless CPU", t/h, (t/h <= 1.2) ? "met" : sprintf("missed by %.0f %%", (t/h/1.2 - 1) * 100) }'
fi
if [[ -n "${R[tap.t1.med]:-}" ]]; then
    target "T1 tap ÷ direct, C-STORE MB/s" "$(rv "${R[tap.t1.med]}" "${R[tapdirect.t1.med]:-}")" 0.8
    awk -v d="${R[tapdirect.t2.med]:-0}" -v t="${R[tap.t2.med]:-0}" 'BEGIN{ if (d > 0 && t > 0) {
        x = 1e6/t - 1e6/d
        printf "   %-62s %+.0f µs (goal at most +100 µs): %s\n", "T2 C-ECHO round trip, tap − direct", x, (x <= 100) ? "met" : sprintf("missed by %.0f µs", x - 100) } }'
fi
echo "   S5 assocmon: ${R[assocmon.s5]:-n/a}, peak RSS ${R[assocmon.s5.rss]:-n/a} MiB (goal: all of 1000, < 200 MiB)"
