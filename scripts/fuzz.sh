#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ (address sanitizer on) and runs each for a fixed
# number of inputs, starting from its committed seed corpus in fuzz/corpus/TARGET.
# Prints every crash found with its reproducer and exits 1 if there was one.
#
#   scripts/fuzz.sh                      # every target, 20000 inputs each
#   scripts/fuzz.sh --runs 200000 FuzzActionText
#   scripts/fuzz.sh --write-seeds        # regenerate fuzz/corpus from the targets' seed lists
#
# Inputs the fuzzer finds interesting go to .build-fuzz/corpus/TARGET (kept between runs, not
# committed); crashes to .build-fuzz/crashes/TARGET/. Reproduce one with
#   .build-fuzz/debug/TARGET CRASH_FILE
set -euo pipefail
cd "$(dirname "$0")/.."
runs=20000
write_seeds=false
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --write-seeds) write_seeds=true; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        Fuzz*) targets+=("$1"); shift ;;
        *) echo "fuzz.sh: unknown argument '$1'; accepted: --runs N, --write-seeds, target names (FuzzActionText ...)" >&2; exit 2 ;;
    esac
done
all_targets=(FuzzBridgeRequests FuzzActionText FuzzDecodeState FuzzPolicyFile)
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

# A separate scratch path: the sanitized build never mixes with .build.
swift build --package-path fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address 2>&1 \
    | grep -v "Cannot export local symbol"  # ld.gold's noise about ASan's local symbols
binaries=.build-fuzz/debug
# Swift's own crash handler would race ASan's report.
export SWIFT_BACKTRACE=enable=no

if $write_seeds; then
    for target in "${targets[@]}"; do
        rm -rf "fuzz/corpus/$target"
        "$binaries/$target" --write-seeds "fuzz/corpus/$target"
    done
    exit 0
fi

crashes=()
for target in "${targets[@]}"; do
    corpus=.build-fuzz/corpus/$target
    artifacts=.build-fuzz/crashes/$target
    mkdir -p "$corpus" "$artifacts"
    log=.build-fuzz/$target.log
    echo "== $target: $runs inputs (log: $log)"
    start=$SECONDS
    status=0
    touch "$log.start"  # crashes newer than this are this run's
    # The first corpus directory takes new inputs; the committed seeds are only read.
    "$binaries/$target" -runs="$runs" -max_len=8192 -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$corpus" "fuzz/corpus/$target" > "$log" 2>&1 || status=$?
    grep -E "^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)" "$log" | sed 's/^/   /' || true
    echo "   $((SECONDS - start)) s, exit status $status"
    if [ "$status" -ne 0 ]; then
        grep -E "ERROR: (AddressSanitizer|libFuzzer)|Fatal error|SUMMARY" "$log" | head -5 | sed 's/^/   /' || true
    fi
    found=$(find "$artifacts" -type f -newer "$log.start")
    for crash in $found; do crashes+=("$binaries/$target $crash"); done
    if [ "$status" -ne 0 ] && [ -z "$found" ]; then crashes+=("$target failed without a reproducer; see $log"); fi
done

if [ ${#crashes[@]} -gt 0 ]; then
    echo "fuzz.sh: ${#crashes[@]} crash(es) found:" >&2
    # Each line is the command that reproduces the crash.
    for crash in "${crashes[@]}"; do echo "   $crash" >&2; done
    exit 1
fi
echo "fuzz.sh: no crashes in ${#targets[@]} target(s), $runs inputs each"
