#!/bin/sh
# Fuzzes every parser for a fixed time each, with libFuzzer under ASan and UBSan.
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 600 s, every target in fuzz/CMakeLists.txt)
#   FUZZ_MERGE=1 fuzz/run.sh ...                      also merge new interesting inputs into fuzz/corpus/
# Crashes, leaks, UB and failed checks are saved as fuzz/crashes/TARGET/crash-* (commit them: the replay
# tests run them in every build) and make the script exit 1. Logs: build-fuzz/logs/TARGET.log.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-600}
[ $# -gt 0 ] && shift
# The list in fuzz/CMakeLists.txt: from "set(CACHESCOPE_FUZZ_TARGETS" to the closing parenthesis.
targets=${*:-$(sed -n '/^set(CACHESCOPE_FUZZ_TARGETS/,/)/p' fuzz/CMakeLists.txt | tr -d '()' | sed 's/set//; s/CACHESCOPE_FUZZ_TARGETS//')}

command -v clang++ >/dev/null || { echo "fuzz/run.sh: clang++ is needed (apt-get install clang)" >&2; exit 2; }
launcher=""
command -v ccache >/dev/null && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
cmake --preset fuzz $launcher >/dev/null
build_targets=""
for t in $targets; do build_targets="$build_targets fuzz_$t"; done
# shellcheck disable=SC2086
cmake --build build-fuzz --target $build_targets

mkdir -p build-fuzz/logs
failed=""
for t in $targets; do
    work=build-fuzz/corpus/$t
    mkdir -p "$work" "fuzz/crashes/$t"
    before=$(ls "fuzz/crashes/$t" | wc -l)
    echo "== fuzz_$t: ${seconds}s"
    # -timeout: an input that takes over 10 s is a hang; -rss_limit_mb bounds memory like a real finding.
    # Leaks are looked for once over the whole corpus afterwards: with LeakSanitizer after every input,
    # Qt's lazily built statics make each run take a second.
    if ! ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "build-fuzz/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="fuzz/crashes/$t/" "$work" "fuzz/corpus/$t" >"build-fuzz/logs/$t.log" 2>&1; then
        failed="$failed $t"
    fi
    if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "build-fuzz/fuzz/fuzz_$t" -runs=0 -artifact_prefix="fuzz/crashes/$t/" "$work" "fuzz/corpus/$t" \
        >"build-fuzz/logs/$t-leaks.log" 2>&1; then
        echo "   leaks: see build-fuzz/logs/$t-leaks.log"
        failed="$failed $t"
    fi
    after=$(ls "fuzz/crashes/$t" | wc -l)
    [ "$after" -gt "$before" ] && case " $failed " in *" $t "*) ;; *) failed="$failed $t" ;; esac
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ *DONE" "build-fuzz/logs/$t.log" | sed 's/^/   /'
    grep -E "ERROR: |SUMMARY: |fuzz check failed" "build-fuzz/logs/$t.log" | head -5 | sed 's/^/   /' || true
    if [ "${FUZZ_MERGE:-0}" = 1 ]; then
        "build-fuzz/fuzz/fuzz_$t" -merge=1 "fuzz/corpus/$t" "$work" >/dev/null 2>&1 || true
    fi
    rmdir "fuzz/crashes/$t" 2>/dev/null || true
done
if [ -n "$failed" ]; then
    echo "fuzz/run.sh: findings in:$failed (see fuzz/crashes/ and build-fuzz/logs/)" >&2
    exit 1
fi
echo "fuzz/run.sh: no findings in $seconds s per target"
