#!/usr/bin/env python3
"""Reads SRT/WebVTT files back with independent real parsers and prints what each saw, as JSON.

  python3 scripts/validate-captions.py FILE...      (FILE ends in .srt or .vtt)

For every file: {"path": ..., "python": [cue texts], "ffmpeg": [cue texts], "errors": [...]}, where
  python  is the python `srt` package (SRT) or `webvtt-py` (WebVTT; tags stripped, character
          references decoded, the voice name reported separately in "voices"),
  ffmpeg  is ffmpeg's own demuxer and decoder for the format, re-encoded as SRT and read with `srt`
          (so its text is what ffmpeg-based players show: tags gone, references decoded).
Texts use "\\n" between lines. A parser that fails adds a message to "errors".
Exit status 2 when a parser is missing (so the caller fails rather than skips).
"""
import html
import json
import subprocess
import sys

try:
    import srt
    import webvtt
except ImportError as e:  # pragma: no cover
    print(f"missing python package: {e.name} (run scripts/install-test-deps.sh)", file=sys.stderr)
    sys.exit(2)


def python_read(path):
    if path.endswith(".srt"):
        with open(path, encoding="utf-8-sig", newline="") as f:
            data = f.read().replace("\r\n", "\n")
        subs = list(srt.parse(data))
        return [s.content for s in subs], [], [(s.start.total_seconds(), s.end.total_seconds()) for s in subs]
    captions = webvtt.read(path)
    texts = [html.unescape(c.text).replace("\r\n", "\n") for c in captions]
    voices = [html.unescape(c.voice) if c.voice else None for c in captions]
    times = [(c.start_in_seconds, c.end_in_seconds) for c in captions]
    return texts, voices, times


def ffmpeg_read(path):
    with open(path, "rb") as f:
        if f.read().lstrip(b"\xef\xbb\xbf").strip() == b"":
            return []  # an empty SRT (empty transcript) is valid, but ffmpeg cannot probe an empty file
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "srt", "-"],
        capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode("utf-8", "replace").strip() or f"ffmpeg exit {result.returncode}")
    return [s.content for s in srt.parse(result.stdout.decode("utf-8").replace("\r\n", "\n"))]


def main(paths):
    report = []
    for path in paths:
        entry = {"path": path, "errors": []}
        try:
            entry["python"], entry["voices"], times = python_read(path)
            entry["times"] = times
        except Exception as e:  # noqa: BLE001 — every failure is a finding
            entry["errors"].append(f"python: {type(e).__name__}: {e}")
        try:
            entry["ffmpeg"] = ffmpeg_read(path)
        except Exception as e:  # noqa: BLE001
            entry["errors"].append(f"ffmpeg: {type(e).__name__}: {e}")
        report.append(entry)
    json.dump(report, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    if subprocess.run(["sh", "-c", "command -v ffmpeg"], capture_output=True).returncode != 0:
        print("missing ffmpeg (run scripts/install-test-deps.sh)", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1:])
