#!/usr/bin/env bash
# Builds and runs the consumer package in Examples/ConvertFile (it depends on TranscriptKit by
# path): the proof that another Swift package can link the library. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
cd Examples/ConvertFile
swift build
output=$(swift run --skip-build ConvertFile ../../Corpus/yeastar/seed-two-legs.json srt)
case "$output" in
    "1"$'\n'"00:00:00,000 --> "*) ;;
    *) echo "examples: ConvertFile wrote unexpected SRT:" >&2; printf '%s\n' "$output" | head -5 >&2; exit 1 ;;
esac
swift run --skip-build ConvertFile ../../Corpus/yeastar/page1.json vtt | head -1 | grep -qx WEBVTT
echo "examples: ConvertFile built and ran"
