#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and ThreadSanitizer, each with its own scratch
# path (.build-asan, .build-tsan) so the normal .build stays as it is.
#   scripts/sanitizers.sh            # both
#   scripts/sanitizers.sh address    # one of them
#   scripts/sanitizers.sh thread --filter Robustness   # extra arguments go to swift test
# Under ThreadSanitizer the byte-prefix truncation test checks every 13th prefix (every one
# would take most of an hour); the normal run and AddressSanitizer check them all.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh --test
which="${1:-all}"
[ $# -gt 0 ] && shift
# A failure is reported by the sanitizer itself; Swift's backtracer would only slow it down.
export SWIFT_BACKTRACE=enable=no
status=0
run() {
    local sanitizer=$1 scratch=$2
    shift 2
    echo "== swift test --sanitize=$sanitizer (scratch $scratch)" >&2
    swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
    if swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "$@"; then
        echo "== $sanitizer: passed" >&2
    else
        echo "== $sanitizer: FAILED" >&2
        status=1
    fi
}
if [ "$which" = all ] || [ "$which" = address ]; then
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}" run address .build-asan "$@"
fi
if [ "$which" = all ] || [ "$which" = thread ]; then
    TK_TRUNCATION_STRIDE="${TK_TRUNCATION_STRIDE:-13}" TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=0}" run thread .build-tsan "$@"
fi
exit $status
