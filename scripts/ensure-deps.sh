#!/usr/bin/env bash
# Installs what TranscriptKit needs and is missing; does nothing when all is there.
#   scripts/ensure-deps.sh          build deps: yajl (libyajl-dev) and pkg-config
#   scripts/ensure-deps.sh --test   plus the real-parser validators the tests use:
#                                   ffprobe (Debian ffmpeg), python srt and webvtt-py (PyPI)
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" = 0 ]; then
        $SUDO apt-get update -qq
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
command -v pkg-config >/dev/null || missing+=(pkg-config)
if ! pkg-config --exists yajl 2>/dev/null; then missing+=(libyajl-dev); fi
if [ "${1:-}" = "--test" ]; then
    command -v ffprobe >/dev/null || missing+=(ffmpeg)
    command -v python3 >/dev/null || missing+=(python3 python3-pip)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "ensure-deps: installing ${missing[*]}" >&2
    apt_install "${missing[@]}"
fi

if [ "${1:-}" = "--test" ]; then
    if ! python3 -c 'import srt, webvtt, jsonschema' 2>/dev/null; then
        echo "ensure-deps: installing python srt, webvtt-py and jsonschema" >&2
        python3 -m pip install -q --disable-pip-version-check srt webvtt-py jsonschema 2>/dev/null \
            || python3 -m pip install -q --disable-pip-version-check --break-system-packages srt webvtt-py
    fi
fi
