#!/usr/bin/env bash
# Fuzzing (Docs/fuzzing.md): builds the libFuzzer targets (ANWEI_FUZZ=1 switches them on in
# Package.swift; own scratch path, so the normal build is untouched) and runs each for a bounded
# time against a copy of its seed corpus in Tests/FuzzCorpus/<target> (the checked-in corpus never
# grows here). Prints per target the executions per second, libFuzzer's final coverage (cov: edges,
# ft: features) and number of executed units; exits non-zero when any target crashes or fails a
# check, keeping the crashing input under $FUZZ_OUT/<target>/ (default .build-fuzz/findings).
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_TARGETS   which targets (default "http json csv plan")
#   FUZZ_OUT       where the logs, corpus copies and crashing inputs go
#   FUZZ_CONFIG    release (default) or debug; FUZZ_SCRATCH the build path (default .build-fuzz)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
[ "$seconds" -ge 1 ] 2>/dev/null || seconds=1  # libFuzzer reads 0 as "no limit"
targets="${FUZZ_TARGETS:-http json csv plan}"
out="${FUZZ_OUT:-.build-fuzz/findings}"
scratch="${FUZZ_SCRATCH:-.build-fuzz}"
# Release: the parsers run several times faster than in debug, so a minute covers more.
config="${FUZZ_CONFIG:-release}"
mkdir -p "$out"

product() {
    case "$1" in
        http) echo FuzzHTTP ;; json) echo FuzzJSON ;; csv) echo FuzzCSV ;; plan) echo FuzzPlan ;;
        *) echo "fuzz: unknown target $1" >&2; return 1 ;;
    esac
}

status=0
for target in $targets; do
    name=$(product "$target") || { status=1; continue; }
    if ! ANWEI_FUZZ=1 swift build -c "$config" --scratch-path "$scratch" --product "$name" >"$out/build-$target.log" 2>&1; then
        echo "fuzz $target: build failed (see $out/build-$target.log)"; tail -n 20 "$out/build-$target.log"
        status=1; continue
    fi
done
bin=$(ANWEI_FUZZ=1 swift build -c "$config" --scratch-path "$scratch" --show-bin-path 2>/dev/null)

for target in $targets; do
    name=$(product "$target") || continue
    [ -x "$bin/$name" ] || continue
    dir="$out/$target"
    rm -rf "$dir/corpus" "$dir/crashes"
    mkdir -p "$dir/corpus" "$dir/crashes"
    cp Tests/FuzzCorpus/"$target"/* "$dir/corpus/"
    log="$dir/fuzz.log"
    # The Swift runtime's own backtracer would only slow down the report libFuzzer writes.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" \
        "$bin/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/" "$dir/corpus" >"$log" 2>&1
    rc=$?
    stat() { grep -aE "^stat::$1:" "$log" | awk '{print $2}'; }
    units=$(stat number_of_executed_units); rate=$(stat average_exec_per_sec)
    done_line=$(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
    cov=$(echo "$done_line" | grep -oE 'cov: [0-9]+' | awk '{print $2}')
    ft=$(echo "$done_line" | grep -oE 'ft: [0-9]+' | awk '{print $2}')
    corp=$(echo "$done_line" | grep -oE 'corp: [0-9]+' | awk '{print $2}')
    line="fuzz $target: ${units:-?} runs in ${seconds} s (${rate:-?} exec/s), cov: ${cov:-?} ft: ${ft:-?} corpus: ${corp:-?} inputs"
    if [ "$rc" -ne 0 ] || ls "$dir/crashes/" | grep -q .; then
        line="fuzz $target: FAILED after ${units:-?} runs (exit $rc), input kept in $dir/crashes/ (log: $log)"
        grep -aE 'fuzz check failed|ERROR: AddressSanitizer|ERROR: libFuzzer|Fatal error|SUMMARY' "$log" | head -n 5
        status=1
    fi
    echo "$line"
done
echo "fuzz: $([ "$status" -eq 0 ] && echo passed || echo FAILED) (${seconds} s per target)"
exit "$status"
