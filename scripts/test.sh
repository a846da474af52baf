#!/usr/bin/env bash
# Installs what is missing (yajl, the real-parser validators) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh --test
swift build --build-tests
swift test --skip-build "$@"
