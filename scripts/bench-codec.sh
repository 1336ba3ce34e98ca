#!/usr/bin/env bash
# Codec benchmark figures for this machine: A-ASSOCIATE-RQ decodes/s for a 128-context request,
# P-DATA-TF parsing + PDV reassembly throughput at max PDU 16384 and 262144, and memcpy measured in the same
# run, with the ratio; JSON event lines per second. Release build; extra arguments go to the benchmark (--quick,
# --size-mib N, --events-only).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product assocmon-bench 2>&1 | tail -n 1
exec "$(swift build -c release --show-bin-path)/assocmon-bench" "$@"
