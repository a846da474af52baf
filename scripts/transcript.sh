#!/usr/bin/env bash
# Installs what is missing, builds the CLI in release mode and runs it with the given arguments:
#   scripts/transcript.sh convert --to srt Corpus/yeastar/seed-two-legs.json
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
swift build -c release --product transcript >&2
exec .build/release/transcript "$@"
