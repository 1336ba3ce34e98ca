#!/usr/bin/env bash
# Runs one libFuzzer target (with AddressSanitizer) for a bounded time, in its own build directory (.build-fuzz).
# usage: scripts/fuzz.sh TARGET SECONDS      TARGET: pdu | reassembler | command | rules
# The corpus starts from the golden fixtures (Tests/DICOMUpperLayerTests/Fixtures) and grows in
# .build-fuzz/corpus/TARGET; a crash, leak or timeout leaves its input in .build-fuzz/artifacts/TARGET/ and makes the
# script fail (turn it into a regression test: Tests/DICOMUpperLayerTests/FuzzRegressionTests.swift).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh pdu|reassembler|command|rules SECONDS}"
seconds="${2:?usage: scripts/fuzz.sh TARGET SECONDS}"
case "$target" in pdu|reassembler|command|rules) ;; *) echo "fuzz.sh: unknown target $target" >&2; exit 2 ;; esac

build=.build-fuzz
swift build --scratch-path "$build" --product assocmon-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld >&2
fixtures=Tests/DICOMUpperLayerTests/Fixtures
corpus="$build/corpus/$target"
artifacts="$build/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
if [ -z "$(ls -A "$corpus")" ]; then
    case "$target" in
        pdu) cp "$fixtures"/*.bin "$fixtures"/dimse/*pdata*.bin "$corpus"/ ;;
        # P-DATA-TF items: the PDUs without their 6-byte header.
        reassembler) for f in "$fixtures"/dimse/*pdata*.bin "$fixtures"/*p-data-tf*.bin; do
                         tail -c +7 "$f" > "$corpus/$(basename "$f")"; done ;;
        command) cp "$fixtures"/dimse/pynetdicom-c-*.bin "$corpus"/ ;;
        # The rules file of the README.
        rules) cat > "$corpus/readme.rules" <<'RULES'
# comment; blank lines ignored
accept calling=MODALITY* peer=10.20.0.0/16
reject 1/1/3 calling=* called=OTHER      # result/source/reason, checked against PS3.8 Table 9-21
ask abstract=1.2.840.10008.5.1.4.1.1.2
reject 2/3/1 peer=127.0.0.1
accept subject="CN=Trusted Modality"
accept calling="" peer=::ffff:10.0.0.1 called=ASSOC\"MON
reject peer=fe80::/10 abstract=1.2.840.*
RULES
        ;;
    esac
fi
ASSOCMON_FUZZ_TARGET="$target" "$build/debug/assocmon-fuzz" "$corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=300000 -print_final_stats=1 \
    -artifact_prefix="$artifacts/"
