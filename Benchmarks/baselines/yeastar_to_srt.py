#!/usr/bin/env python3
"""What a user would write instead of TranscriptKit, in Python: load a Yeastar getaicontext
response with json (or orjson), sort the records across legs, and write SRT.

    python3 yeastar_to_srt.py [--json json|orjson] INPUT.json OUTPUT.srt

Written the way a competent user would (no deliberate slowness); the benchmark runner times it
as a whole process against TranscriptKit's CLI on the same file.
"""

import argparse
import re
import sys

WHITESPACE = re.compile(r"\s+")


def timestamp(ms):
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", choices=("json", "orjson"), default="json")
    ap.add_argument("input")
    ap.add_argument("output")
    args = ap.parse_args()

    with open(args.input, "rb") as fh:
        raw = fh.read()
    if args.json == "orjson":
        import orjson
        doc = orjson.loads(raw)
    else:
        import json
        doc = json.loads(raw)
    if doc.get("errcode", 0) != 0:
        sys.exit(f"Yeastar error {doc['errcode']}: {doc.get('errmsg')}")

    records = []
    seen = set()
    for leg_name, leg in (doc.get("data") or {}).items():
        try:
            leg_number = int(leg_name[4:])
        except ValueError:
            leg_number = 1 << 31
        for rec in leg.get("context", []):
            rid = rec.get("id", "")
            if rid in seen:
                continue
            seen.add(rid)
            tail = rid.rsplit(":", 1)[-1]
            seq = int(tail) if tail.isdigit() else 0
            start = int(rec["timestamp"])
            end = start + int(float(rec.get("duration") or 0) * 1000)
            speaker = rec.get("name") or rec.get("source_number") or ""
            records.append((start, leg_number, seq, end, speaker, rec.get("content", "")))
    records.sort(key=lambda r: (r[0], r[1], r[2]))

    origin = records[0][0] if records else 0
    out = []
    previous = ""
    n = 0
    for start, _, _, end, speaker, text in records:
        text = WHITESPACE.sub(" ", text).strip()
        if not text:
            continue
        n += 1
        start -= origin
        end -= origin
        if end <= start:
            end = start + min(max(len(text) * 65, 800), 10_000)
        label = f"{speaker}: " if speaker and speaker != previous else ""
        previous = speaker
        out.append(f"{n}\n{timestamp(start)} --> {timestamp(end)}\n{label}{text}\n\n")
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write("".join(out))


if __name__ == "__main__":
    main()
