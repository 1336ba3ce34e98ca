#!/usr/bin/env bash
# Runs the libFuzzer targets of Fuzz/ (their own package, built with -sanitize=fuzzer,address into .build-fuzz).
#
#   scripts/fuzz.sh TARGET SECONDS     one target for SECONDS
#   scripts/fuzz.sh all SECONDS        every target, one after the other, SECONDS each
#
# Targets: PDUFramer PDUDecode PDataTFStream MessageReassembler CommandSet DataSetReader RuleParser.
# Seeds come from the golden PDUs in Tests/DICOMUpperLayerTests/Fixtures (and Fuzz/Seeds/RuleParser; for
# DataSetReader, the data sets of pydicom's test files and charset files, found through python3), rewritten
# into each target's input format on every run; what the fuzzer finds accumulates in .build-fuzz/corpus/TARGET
# (outside git). A crash, leak, timeout (-timeout, a hang or a pathologically slow input) or out-of-memory
# (-rss_limit_mb) makes the script exit non-zero and print the path of the input that caused it
# (.build-fuzz/artifacts/TARGET/...); replay it with `.build-fuzz/release/FuzzTARGET FILE`.
# Environment: FUZZ_JOBS (build jobs), FUZZ_NICE (niceness of the fuzzing processes, default 0).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
targets=(PDUFramer PDUDecode PDataTFStream MessageReassembler CommandSet DataSetReader RuleParser)

usage() {
    echo "usage: scripts/fuzz.sh TARGET|all SECONDS   (TARGET: ${targets[*]})" >&2
    exit 2
}
[ $# -eq 2 ] || usage
[[ "$2" =~ ^[1-9][0-9]*$ ]] || usage
seconds=$2
if [ "$1" = all ]; then
    selected=("${targets[@]}")
else
    [[ " ${targets[*]} " == *" $1 "* ]] || usage
    selected=("$1")
fi

scratch=$root/.build-fuzz
build=(swift build --package-path Fuzz --scratch-path "$scratch" -c release
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
[ -n "${FUZZ_JOBS:-}" ] && build+=(--jobs "$FUZZ_JOBS")
mkdir -p "$scratch/logs"
echo "fuzz: building the targets (${build[*]})"
start=$(date +%s)
if ! "${build[@]}" > "$scratch/logs/build.log" 2>&1; then
    grep -E 'error:' "$scratch/logs/build.log" >&2 || tail -n 30 "$scratch/logs/build.log" >&2
    echo "fuzz: build failed (log $scratch/logs/build.log)" >&2
    exit 1
fi
echo "fuzz: build took $(( $(date +%s) - start )) s"
bin=$("${build[@]}" --show-bin-path)

fixtures=$root/Tests/DICOMUpperLayerTests/Fixtures

# Writes the seeds of $1 into directory $2, in the target's input format.
seed() {
    local target=$1 dir=$2 f
    rm -rf "$dir"
    mkdir -p "$dir"
    case $target in
        PDUFramer)
            # Whole PDUs as captured, and two association streams (RQ, P-DATA, RELEASE-RQ) in one input.
            cp "$fixtures"/*.bin "$fixtures"/dimse/dcmtk-*.bin "$dir"/
            cat "$fixtures"/dcmtk-echoscu-{associate-rq,p-data-tf,release-rq}.bin > "$dir/echoscu-stream.bin"
            cat "$fixtures"/dcmtk-storescu-associate-rq.bin "$fixtures"/dimse/dcmtk-storescu-pdata-{0,1,2,3}.bin \
                "$fixtures"/dcmtk-echoscu-release-rq.bin > "$dir/storescu-stream.bin"
            ;;
        PDUDecode)
            # The type byte, then the body (the PDU without its 6-byte header).
            for f in "$fixtures"/*.bin; do
                { head -c 1 "$f"; tail -c +7 "$f"; } > "$dir/$(basename "$f")"
            done
            ;;
        PDataTFStream)
            # The variable field of each captured P-DATA-TF (the PDU without its 6-byte header).
            for f in "$fixtures"/*p-data-tf*.bin "$fixtures"/dimse/dcmtk-*.bin; do
                tail -c +7 "$f" > "$dir/$(basename "$f")"
            done
            ;;
        MessageReassembler)
            # The PDV items of P-DATA-TF bodies, one PDU's after the other: whole C-ECHO and C-STORE messages.
            for f in "$fixtures"/*p-data-tf*.bin "$fixtures"/dimse/dcmtk-*.bin; do
                tail -c +7 "$f" > "$dir/$(basename "$f")"
            done
            for f in "$fixtures"/dimse/dcmtk-storescu-pdata-{0,1,2,3}.bin; do tail -c +7 "$f"; done \
                > "$dir/storescu-c-store.bin"
            for f in "$fixtures"/dcmtk-storescu-p-data-tf-{command,dataset}.bin; do tail -c +7 "$f"; done \
                > "$dir/storescu-command-and-dataset.bin"
            ;;
        CommandSet)
            # Command sets: pynetdicom's as captured, DCMTK's cut out of their single-PDV P-DATA-TF (12-byte
            # PDU and PDV headers).
            cp "$fixtures"/dimse/pynetdicom-*.bin "$dir"/
            for f in "$fixtures"/dimse/dcmtk-echoscu-pdata.bin "$fixtures"/dcmtk-storescu-p-data-tf-command.bin; do
                tail -c +13 "$f" > "$dir/$(basename "$f")"
            done
            ;;
        DataSetReader)
            # A selector byte (transfer syntax encoding in bits 0-1, chunk size - 1 in bits 2-6), then the first
            # 16383 bytes of a Part-10 file's data set (after its File Meta Information, PS3.10 §7.1).
            python3 "$root/scripts/dataset-seeds.py" "$dir"
            ;;
        RuleParser)
            cp "$root"/Fuzz/Seeds/RuleParser/*.rules "$dir"/
            ;;
    esac
}

status=0
summary=()
for target in "${selected[@]}"; do
    seeds=$scratch/seeds/$target corpus=$scratch/corpus/$target artifacts=$scratch/artifacts/$target
    log=$scratch/logs/$target.log
    seed "$target" "$seeds"
    mkdir -p "$corpus" "$artifacts"
    max_len=16384
    [ "$target" = RuleParser ] && max_len=4096
    echo "fuzz: $target for $seconds s (log $log)"
    rc=0
    began=$(date +%s)
    # SWIFT_BACKTRACE off: libFuzzer reports the crash; Swift's backtracer only adds noise under ASan.
    SWIFT_BACKTRACE=enable=no nice -n "${FUZZ_NICE:-0}" "$bin/Fuzz$target" "$corpus" "$seeds" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -max_len="$max_len" \
        -report_slow_units=2 -print_final_stats=1 -artifact_prefix="$artifacts/" > "$log" 2>&1 || rc=$?
    elapsed=$(( $(date +%s) - began ))
    # The last status line ("#N DONE cov: ... ft: ... corp: ...") and the final stats.
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$last")
    corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<< "$last")
    line=$(printf '%-19s %5ss  runs %-10s exec/s %-7s cov %-5s ft %-6s corpus %-12s peak RSS %s MB' \
        "$target" "$elapsed" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}")
    if [ "$rc" -ne 0 ]; then
        status=1
        line="$line  FAILED (exit $rc)"
        echo "fuzz: $target FAILED (exit $rc); the end of its log:" >&2
        grep -E 'ERROR: |invariant violated|SUMMARY|Test unit written to|Fatal error|ALARM' "$log" | head -n 20 >&2 || true
        grep -o 'Test unit written to .*' "$log" >&2 || true
    fi
    summary+=("$line")
done

echo "fuzz: summary"
printf '  %s\n' "${summary[@]}"
exit $status
