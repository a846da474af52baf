#!/usr/bin/env bash
# Builds the libFuzzer target (Fuzz/FuzzTarget.swift with TranscriptKit's sources, under
# AddressSanitizer) and runs it for SECONDS (default 60), seeded with Corpus/.
#   scripts/fuzz.sh 600            # ten minutes
#   scripts/fuzz.sh 600 -jobs=2    # extra arguments go to libFuzzer
# The growing corpus is kept in .build-fuzz/corpus; crashes land in .build-fuzz/artifacts/
# (each one belongs in Tests/TranscriptKitTests/RobustnessRegressionTests.swift).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
scripts/ensure-deps.sh
out=.build-fuzz
mkdir -p "$out/corpus" "$out/artifacts"
binary="$out/fuzz-transcript"
sources=$(find Sources/TranscriptKit Fuzz -name '*.swift' | sort)
# Rebuild only when a source changed.
if [ ! -x "$binary" ] || [ -n "$(find Sources/TranscriptKit Fuzz -newer "$binary" -name '*.swift' | head -1)" ]; then
    echo "fuzz: building $binary" >&2
    # shellcheck disable=SC2086
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name TranscriptKitFuzz \
        -I Sources/CYajl $(pkg-config --cflags-only-I yajl | sed 's/-I/-Xcc -I/g') \
        $sources $(pkg-config --libs yajl) -o "$binary"
fi
# A Swift runtime failure is reported by libFuzzer's own handler; Swift's interactive
# backtracer would only slow each crash down (and can stall under the sanitizer).
export SWIFT_BACKTRACE=enable=no
seeds=()
[ -d Corpus ] && seeds+=(Corpus)
exec "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict=Fuzz/transcript.dict -artifact_prefix="$out/artifacts/" -print_final_stats=1 \
    "$@" "$out/corpus" "${seeds[@]}"
