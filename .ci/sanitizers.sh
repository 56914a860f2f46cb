#!/usr/bin/env bash
# CI: the test suite under AddressSanitizer, then under ThreadSanitizer, each built in its own
# scratch path (.build-asan, .build-tsan) so the normal .build is untouched.
#
# What is checked: the test process itself AND every `anwei` process the tests spawn (the
# end-to-end tests run the binary next to the test bundle, i.e. the sanitized one of the same
# scratch path). Every process writes its sanitizer reports to files in one folder per run
# (log_path); a child that reports exits non-zero (ASan halts at the first error; TSan exits 66
# at exit), which fails the test that checks its exit status, and any report file at all fails
# this script even if no test looked (e.g. a server whose stderr went to /dev/null).
# Suppressions: none. LeakSanitizer is off (detect_leaks=0): every leak it reported (39,579
# records in 103 processes) was an object held by a lazily initialised global (swift_once), alive
# for the whole process, which LSan does not see as reachable; no heap-buffer-overflow,
# use-after-free or other ASan error was found. See Docs/testing.md.
#
# Scope: ASan runs the whole suite. TSan runs the concurrency-heavy part only — SANITIZER_TSAN_FILTER
# (default below): HTTPTests (the epoll server, workers, connection limits and reuse),
# KernelTests (database, reader pool, group-commit write queue, event bus, audit) and
# EndToEndTests (the real `anwei serve` under requests, backup under load, the district year).
# Left out under TSan: the five domain modules' tests, AppTests and CLITests — single-threaded
# rule and rendering tests through the same kernel paths TSan already checks, which ASan covers.
# Why: CI has 90 minutes on 2 cores for everything (.ci/run's normal suite and schemathesis
# ≈ 21 min, fuzzing 4 × 60 s, a browser suite); the whole suite under TSan alone would take
# most of what is left (see Docs/testing.md for the measured durations). SANITIZER_TSAN_FILTER=all
# runs everything under TSan too.
#
# Prints each run's build and test durations and "asan: N passed, N failed, N reports" /
# "tsan: …"; exits non-zero on any test failure, crash or sanitizer report.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
summaries=()

# run NAME SANITIZER OPTIONS_VARIABLE OPTIONS [--filter …]
run() {
    local name=$1 sanitizer=$2 variable=$3 options=$4
    shift 4
    local scratch=".build-$name" logs log
    logs=$(mktemp -d)
    log=$(mktemp)
    local started built finished code=0
    started=$(date +%s)
    # (ld.gold's "Cannot export local symbol __asan_…/__tsan_…" warnings are harmless; left out)
    swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" 2>&1 | grep -v "Cannot export local symbol"
    if [ "${PIPESTATUS[0]}" -ne 0 ]; then
        echo "$name: build failed"
        summaries+=("$name: build failed")
        status=1
        return
    fi
    built=$(date +%s)
    env "$variable=log_path=$logs/$name:$options" \
        swift test --disable-swift-testing --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "$@" 2>&1 | tee "$log"
    code=${PIPESTATUS[0]}
    finished=$(date +%s)
    local reports
    reports=$(cat "$logs"/* 2>/dev/null | grep -cE "^SUMMARY: (Address|Thread|Leak|UndefinedBehavior)Sanitizer" || true)
    for file in "$logs"/*; do
        [ -s "$file" ] || continue
        echo "---- $name report from process ${file##*.}:"
        cat "$file"
    done
    local summary executed=0 failed=0
    summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -n 1 || true)
    if [ -n "$summary" ]; then
        executed=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
        failed=$(echo "$summary" | sed -E 's/.*with ([0-9]+) failures?.*/\1/')
    else
        echo "$name: the test process ended without a summary (exit $code): crashed or stopped by the sanitizer"
        failed=$((failed + 1))
    fi
    echo "$name: build $((built - started)) s, tests $((finished - built)) s"
    summaries+=("$name: $((executed - failed)) passed, $failed failed, $reports reports (build $((built - started)) s, tests $((finished - built)) s)")
    if [ "$code" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$reports" -ne 0 ]; then status=1; fi
    rm -rf "$logs" "$log"
}

tsan_filter=${SANITIZER_TSAN_FILTER:-'^(HTTPTests|KernelTests|EndToEndTests)\.'}
tsan_args=()
if [ "$tsan_filter" != all ]; then tsan_args=(--filter "$tsan_filter"); fi

run asan address ASAN_OPTIONS "halt_on_error=1:detect_leaks=0"
run tsan thread TSAN_OPTIONS "halt_on_error=0:exitcode=66:second_deadlock_stack=1" "${tsan_args[@]}"
for line in "${summaries[@]}"; do echo "$line"; done
exit "$status"
