#!/usr/bin/env bash
# Installs the real caption parsers the conformance tests read our SRT/WebVTT back with, only
# when missing (safe to run again): ffprobe/ffmpeg (Debian package ffmpeg) and the python
# packages srt and webvtt-py (PyPI). Used by Tests/TranscriptKitTests/CaptionConformanceTests.swift
# through scripts/validate-captions.py.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

if ! command -v ffprobe >/dev/null || ! command -v ffmpeg >/dev/null; then
    echo "install-test-deps: installing ffmpeg" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
fi
if ! command -v python3 >/dev/null; then
    echo "install-test-deps: installing python3" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3 python3-pip >/dev/null
fi
if ! python3 -c 'import srt, webvtt' 2>/dev/null; then
    echo "install-test-deps: installing python srt and webvtt-py" >&2
    python3 -m pip install -q --disable-pip-version-check srt webvtt-py 2>/dev/null \
        || python3 -m pip install -q --disable-pip-version-check --break-system-packages srt webvtt-py
fi
