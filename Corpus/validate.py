#!/usr/bin/env python3
"""Validate the TranscriptKit corpus (Python 3 stdlib only).

  python3 Corpus/validate.py                      # hand-written files under Corpus/<vendor>/
  python3 Corpus/validate.py --generated DIR      # also every *.json / *.jsonl under DIR
  python3 Corpus/validate.py --determinism        # run generate.py twice per vendor, compare sha256

Rules
  * strict JSON: NaN / Infinity are rejected, input must be UTF-8 without BOM
  * *.jsonl: every non-empty line is one JSON value
  * tencent/concatenated.json: JSON values back to back, read with raw_decode in a loop
  * light vendor shape checks (see check_*), so a "wrong shape" file is caught too
  * files with "broken" in their name must FAIL; a _manifest.tsv (from --many) is cross-checked
Exit status 0 when everything is as expected; prints 'N passed, N failed'.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VENDORS = ("yeastar", "dingtalk", "symbl", "tencent")


def _reject_constant(name):
    raise ValueError("non-standard JSON constant %s" % name)


def loads(s):
    return json.loads(s, parse_constant=_reject_constant)


def read_text(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError("UTF-8 BOM")
    return raw.decode("utf-8")  # strict: invalid UTF-8 raises


def values_of(path):
    """All top-level JSON values in the file."""
    text = read_text(path)
    if path.endswith(".jsonl"):
        out = []
        for no, line in enumerate(text.split("\n"), 1):
            if line.strip():
                try:
                    out.append(loads(line))
                except ValueError as e:
                    raise ValueError("line %d: %s" % (no, e))
        if not out:
            raise ValueError("no JSON values")
        return out
    if os.path.basename(path) == "concatenated.json":
        dec = json.JSONDecoder(parse_constant=_reject_constant)
        i, out = 0, []
        while i < len(text):
            while i < len(text) and text[i] in " \t\r\n":
                i += 1
            if i == len(text):
                break
            v, i = dec.raw_decode(text, i)
            out.append(v)
        return out
    return [loads(text)]


def need(cond, msg):
    if not cond:
        raise ValueError(msg)


def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def check_yeastar(v):
    need(isinstance(v, dict) and is_int(v.get("errcode")), "errcode missing")
    if v["errcode"] != 0:
        need(isinstance(v.get("errmsg"), str), "errmsg missing")
        return 0
    need(isinstance(v.get("data"), dict), "data is not an object")
    need(is_int(v.get("offset")), "offset missing")
    n = 0
    for leg, body in v["data"].items():
        need(leg.startswith("leg_") and isinstance(body, dict), "bad leg %r" % leg)
        ctx = body.get("context", [])
        need(isinstance(ctx, list), "%s.context is not an array" % leg)
        for r in ctx:
            need(isinstance(r, dict) and isinstance(r.get("id"), str) and isinstance(r.get("content"), str)
                 and is_int(r.get("timestamp")), "bad record in %s" % leg)
            n += 1
    return n


def _k(d, camel):
    return d.get(camel, d.get(camel[0].upper() + camel[1:]))


def check_dingtalk(v):
    need(isinstance(v, dict), "not an object")
    if "code" in v and "paragraphList" not in v:
        need(isinstance(v.get("message"), str), "error body without message")
        return 0
    pl = v.get("paragraphList")
    need(isinstance(pl, list), "paragraphList is not an array")
    for p in pl:
        need(isinstance(p, dict) and is_int(_k(p, "startTime")) and is_int(_k(p, "endTime")), "bad paragraph")
        sl = _k(p, "sentenceList")
        need(sl is None or isinstance(sl, list), "sentenceList is not an array")
        for s in sl or []:
            wl = _k(s, "wordList")
            need(wl is None or isinstance(wl, list), "wordList is not an array")
    return len(pl)


def check_symbl(v):
    need(isinstance(v, dict) and isinstance(v.get("messages"), list), "messages is not an array")
    for m in v["messages"]:
        need(isinstance(m, dict) and isinstance(m.get("text"), str) and isinstance(m.get("startTime"), str),
             "bad message")
    return len(v["messages"])


def check_tencent(vals):
    """Returns the number of final transcript messages (current shape end:true with text, legacy 'transcription')."""
    n = 0
    for v in vals:
        if isinstance(v, list):          # array.json
            n += check_tencent(v)
            continue
        need(isinstance(v, dict) and "type" in v, "message without type")
        if v["type"] == 10000:
            p = v.get("payload")
            need(isinstance(p, dict), "type 10000 payload is not an object")
            n += 1 if (p.get("end") is True and isinstance(p.get("text"), str)) else 0
        elif v["type"] in ("subtitle", "transcription"):
            need(isinstance(v.get("text"), str), "legacy message without text")
            n += 1 if v["type"] == "transcription" else 0
    return n


def check_file(path, vendor):
    vals = values_of(path)
    if vendor == "tencent":
        return check_tencent(vals)
    need(len(vals) == 1, "expected one JSON document")
    return {"yeastar": check_yeastar, "dingtalk": check_dingtalk, "symbl": check_symbl}[vendor](vals[0])


def vendor_of(path):
    parts = os.path.normpath(path).split(os.sep)
    for p in reversed(parts):
        for v in VENDORS:
            if p == v or p.startswith(v + "-"):
                return v
    return None


def walk(root):
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith((".json", ".jsonl")):
                yield os.path.join(d, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--generated", action="append", default=[], help="also validate every file under DIR")
    ap.add_argument("--determinism", action="store_true", help="run the generator twice and compare sha256")
    ap.add_argument("--items", type=int, default=5000, help="items per vendor for --determinism")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    passed = failed = 0

    def report(ok, path, msg):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
        if a.verbose or not ok:
            print("%s %s %s" % ("ok  " if ok else "FAIL", path, msg))

    roots = [os.path.join(HERE, v) for v in VENDORS] + a.generated
    for root in roots:
        manifest = {}
        mpath = os.path.join(root, "_manifest.tsv")
        if os.path.exists(mpath):
            for line in open(mpath, encoding="utf-8").read().splitlines()[1:]:
                cols = line.split("\t")
                manifest[cols[0]] = cols
        for path in walk(root):
            vendor = vendor_of(path)
            broken = "broken" in os.path.basename(path)
            try:
                n = check_file(path, vendor)
                err = None
            except (ValueError, UnicodeDecodeError) as e:
                err = "%s: %s" % (type(e).__name__, e)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if broken:
                report(err is not None, path, "rejected as expected (%s)" % err if err else "broken file was ACCEPTED")
            else:
                report(err is None, path, ("%d items" % n) if err is None else err)
            if manifest:
                m = manifest.pop(rel, None)
                if m is None:
                    report(False, path, "not in _manifest.tsv")
                elif m[2] == "ok" and err is None:
                    report(int(m[4]) == n, path, "manifest items %s vs %d" % (m[4], n))
        for rel in manifest:
            report(False, rel, "listed in _manifest.tsv but missing")

    if a.determinism:
        gen = os.path.join(HERE, "generate.py")
        with tempfile.TemporaryDirectory() as t:
            digests = []
            for run in ("a", "b"):
                out = os.path.join(t, run)
                subprocess.run([sys.executable, gen, "--items", str(a.items), "--out", out, "--quiet"], check=True)
                subprocess.run([sys.executable, gen, "--many", "40", "--broken", "8", "--out", os.path.join(out, "many"),
                                "--quiet"], check=True)
                d = {}
                for path in sorted(walk(out)) + [os.path.join(out, "many", "_manifest.tsv")]:
                    d[os.path.relpath(path, out)] = hashlib.sha256(open(path, "rb").read()).hexdigest()
                digests.append(d)
            report(digests[0] == digests[1] and len(digests[0]) > 4, "generate.py", "byte-identical across two runs (%d files)" % len(digests[0]))

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
