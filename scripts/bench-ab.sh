#!/usr/bin/env bash
# Interleaved A/B of assocmon binaries on one scenario: each round starts every binary fresh in turn, warms it up
# with one load run, then measures one run: the rate, and the server's CPU (user + system from /proc/PID/stat) per
# operation. On a noisy 2-core VM only interleaved rounds and medians say anything; a few percent still need many
# rounds. Prints each round, then per binary the median rate and the median and lowest CPU per operation.
#
#   swift build -c release && cp .build/release/assocmon /tmp/assocmon.a    # ... change, build, copy to .b
#   scripts/bench-ab.sh ROUNDS SCENARIO BINARY...
#     SCENARIO: s1 (3,000 associations), s2 (3,000, 16 at a time), s3 (10,000 C-ECHO), s4a / s4b (COUNT × 512 KiB
#     C-STORE, PDUs of 16 / 256 KiB; COUNT from S4_COUNT, default 300)
#   ASSOCMON_ARGS="--no-store" scripts/bench-ab.sh 5 s4b /tmp/assocmon.a /tmp/assocmon.b   # instead of storing
set -u
ROUNDS=${1:?usage: bench-ab.sh ROUNDS SCENARIO BINARY...}; SCENARIO=${2:?scenario}; shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOAD=$ROOT/.build/release/assocmon-load
[[ -x $LOAD ]] || (cd "$ROOT" && swift build -c release --product assocmon-load >/dev/null)
case $SCENARIO in
    s1) LOAD_ARGS=(associations --count 3000) ;;
    s2) LOAD_ARGS=(associations --count 3000 --parallel 16) ;;
    s3) LOAD_ARGS=(echo --count 10000) ;;
    s4a) LOAD_ARGS=(store --bytes 524288 --count "${S4_COUNT:-300}" --pdu 16384) ;;
    s4b) LOAD_ARGS=(store --bytes 524288 --count "${S4_COUNT:-300}" --pdu 262144) ;;
    *) echo "unknown scenario $SCENARIO" >&2; exit 64 ;;
esac
WORK=$(mktemp -d)
PORT=11301
trap 'rm -rf "$WORK"' EXIT
for round in $(seq "$ROUNDS"); do
    for binary in "$@"; do
        store="$WORK/store"; rm -rf "$store"; mkdir -p "$store"
        # shellcheck disable=SC2086
        "$binary" --headless --policy accept --bind 127.0.0.1 --port $PORT --ae-title BENCHSCP --log-level warning \
            --max-associations 1100 --max-per-peer 1100 --max-pending 1100 --max-pdu 262144 \
            ${ASSOCMON_ARGS:---storage-dir $store} >/dev/null 2>&1 &
        pid=$!
        for _ in $(seq 100); do ss -ltnH "sport = :$PORT" | grep -q . && break; sleep 0.05; done
        if [[ $SCENARIO == s4* ]]; then sync; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null || true; fi
        "$LOAD" "${LOAD_ARGS[@]}" --port $PORT --called-ae BENCHSCP >/dev/null 2>&1  # warm-up
        before=$(awk '{print $14 + $15}' /proc/$pid/stat)
        line=$("$LOAD" "${LOAD_ARGS[@]}" --port $PORT --called-ae BENCHSCP)
        after=$(awk '{print $14 + $15}' /proc/$pid/stat)
        kill $pid; wait $pid 2>/dev/null
        rate=$(sed -n 's/.*rate=\([0-9.]*\).*/\1/p' <<<"$line")
        count=$(sed -n 's/.* count=\([0-9]*\).*/\1/p' <<<"$line")
        ticks=$(getconf CLK_TCK)
        echo "$(basename "$binary") $rate $(( (after - before) * 1000000 / ticks )) $count"
    done
done | tee /dev/stderr | python3 -c '
import collections, statistics, sys
rates, cpu = collections.defaultdict(list), collections.defaultdict(list)
for line in sys.stdin:
    name, rate, micros, count = line.split()
    rates[name].append(float(rate)); cpu[name].append(int(micros) / int(count))
for name in rates:
    print("%s: rate median %.0f, server CPU per operation median %.1f µs (lowest %.1f), %d rounds"
          % (name, statistics.median(rates[name]), statistics.median(cpu[name]), min(cpu[name]), len(rates[name])))
'
