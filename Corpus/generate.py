#!/usr/bin/env python3
"""Deterministic generator of large / many vendor transcript files for TranscriptKit tests.

Python 3 standard library only.  Same arguments (and seed) -> byte-identical output.

  python3 Corpus/generate.py --vendor yeastar --items 1000000 --out /tmp/big
  python3 Corpus/generate.py --vendor all --items 10000            # -> Corpus/generated/
  python3 Corpus/generate.py --many 200 --broken 12 --out /tmp/batch

Large mode writes <vendor>-<N>.json (tencent: tencent-<N>.jsonl) into --out.
  yeastar : one cdr/getaicontext page, N context records over leg_1..leg_3
  dingtalk: one getTexts page, N paragraphs (1-4 sentences, ~10 timed words each)
  symbl   : {"messages": [...]}, N messages, ISO-8601 times, words on most messages
  tencent : JSON Lines stream, N final sentences each preceded by 1-3 partials,
            plus translation messages and non-transcript messages (10001/10020/10030)

Many mode writes N small files across the four vendors in nested subdirectories;
--broken K of them are deliberately broken and have "broken" in their file name.
A _manifest.tsv (path, vendor, status, kind, items) is written next to them.

Implementation notes: every file is produced by string building and buffered writes
(never json.dumps of a whole document); all text fragments are JSON-escaped once,
up front, into pools.  Randomness only comes from random.Random(str) instances and
their .random()/.getrandbits() methods, whose output is stable across CPython versions.
"""

import argparse
import json
import os
import random
import sys
import time

VENDORS = ("yeastar", "dingtalk", "symbl", "tencent")
FLUSH_EVERY = 8192

# --------------------------------------------------------------------------------------
# Text material (written for this corpus).  Agent = support / host side, caller = the
# customer / other participants.  Chinese lines are pre-segmented with spaces so the
# DingTalk generator has word tokens; the spaces are removed for display text.
# --------------------------------------------------------------------------------------

AGENT_EN = [
    "Thanks for calling, this is the support desk.",
    "Can I have the account number or the email on file?",
    "Let me pull up your account, one moment please.",
    "I can see the ticket you opened yesterday afternoon.",
    "Could you tell me what the screen shows right now?",
    "Have you tried signing out and back in since then?",
    "That error usually means the session token has expired.",
    "I'm going to reset the password link from my side.",
    "You should get a text message with a six digit code.",
    "Please read me the code once it arrives.",
    "Perfect, that matches what I have here.",
    "I've applied a credit of fifteen dollars to this month's bill.",
    "The technician can come on Thursday between nine and noon.",
    "Is the router's power light solid or blinking?",
    "Unplug it for thirty seconds and then plug it back in.",
    "I'll stay on the line while it restarts.",
    "Our engineers are already looking at the outage in your area.",
    "The current estimate for the fix is about two hours.",
    "I'm sorry this happened on a Monday morning.",
    "Let me transfer you to the billing team, they can refund that directly.",
    "Before I transfer you, is there anything else on the technical side?",
    "I've added a note so you won't have to explain it again.",
    "The replacement card should arrive within five working days.",
    "Your order was split into two parcels, and one was delivered today.",
    "The second parcel is still at the sorting center.",
    "I can change the delivery address if it hasn't left the depot.",
    "For security, can you confirm the last four digits of the card?",
    "Great, you're all verified now.",
    "I'm escalating this to the second line team as urgent.",
    "You'll get an email with the case number in a few minutes.",
    "Is there a good number to reach you on this afternoon?",
    "Thanks for your patience while I checked that.",
    "The update we pushed last night caused this, and we're rolling it back.",
    "It should start working again within the next ten minutes.",
    "Let's try clearing the app cache first.",
    "On Android that's under Settings, then Apps, then Storage.",
    "If it still fails, send us a screenshot and we'll take it from there.",
    "Is there anything else I can help you with today?",
    "Have a good rest of your day.",
    "Okay, let's get started, we have a lot to cover.",
    "First item is the release scheduled for Friday.",
    "Can everyone see my screen?",
    "Let's park that and come back to it at the end.",
    "Who owns the follow-up on the vendor contract?",
    "Let's make a decision today so the team isn't blocked.",
    "I'll send the notes and action items after the call.",
    "We're about five minutes over, so let's wrap up.",
]

CALLER_EN = [
    "Hi, I've got a problem with my account and it's fairly urgent.",
    "I can't log in since this morning.",
    "It just says something went wrong and to try again later.",
    "I already restarted the laptop twice.",
    "The email is the one ending in example dot com.",
    "Yes, it's blinking orange.",
    "Okay, it's unplugged now.",
    "The light is green again, I think that fixed it.",
    "No, nothing changed, it's still the same.",
    "I was charged twice for the same order.",
    "The parcel says delivered but there's nothing at my door.",
    "Can you just send me a refund instead?",
    "I've been on hold for forty minutes already.",
    "Sorry, you're breaking up a little.",
    "Could you repeat the last part?",
    "The code is four seven one, nine nine two.",
    "That's my old address, I moved in March.",
    "About sixty percent of our staff are affected.",
    "It started right after your update last night.",
    "We don't have any workaround right now.",
    "Thursday morning works for me.",
    "Please put a note that the gate code is twelve thirty four.",
    "Okay, thank you, that's really helpful.",
    "Can I get that in writing by email?",
    "No, that's everything, thanks for sorting it out.",
    "Just transfer me to a human, please.",
    "I'm not sure what you mean by session token.",
    "The app version is three point two point one.",
    "I'm on the train, so I might lose signal.",
    "It's fine, I'm not in a hurry.",
    "Quick update from my side: the migration finished overnight.",
    "We found two invoices with the wrong currency.",
    "I'll take that action item.",
    "I think we should wait until the load test is done.",
    "The design review moved to Wednesday.",
    "Marketing wants the landing page live before the webinar.",
    "I'm blocked on the API keys from the vendor.",
    "Sounds good to me.",
    "Can we push this to next sprint?",
    "Let me check with legal and come back to you.",
    "The numbers look better than last quarter.",
    "Customer churn dropped by almost two points.",
    "Sorry, I was on mute.",
    "Yes, I can hear you now.",
    "I'll share the spreadsheet in the chat.",
]

# Chinese lines, segmented with spaces (removed for display).  Full-width punctuation
# is kept as separate tokens and dropped from word lists.
CN_SEG = [
    "您好 ， 这里 是 客服 中心 ， 请问 有 什么 可以 帮 您 ？",
    "请 提供 一下 您的 订单 号 。",
    "我 这边 查到 了 ， 包裹 目前 在 转运 中心 。",
    "预计 明天 下午 之前 送达 。",
    "我 的 账号 从 今天 早上 开始 就 登录 不 了 。",
    "页面 一直 提示 网络 错误 ， 请 稍后 再试 。",
    "您 先 退出 一下 ， 再 重新 登录 试试 。",
    "好 的 ， 我 试 一下 。",
    "还是 不行 ， 跟 刚才 一样 。",
    "我 帮 您 转 到 技术 支持 ， 请 稍等 。",
    "这个 问题 我们 已经 在 处理 了 ， 大概 两 个 小时 内 恢复 。",
    "给 您 带来 不便 ， 非常 抱歉 。",
    "退款 会 在 三 到 五 个 工作日 内 原路 返回 。",
    "还有 其他 可以 帮 您 的 吗 ？",
    "没有 了 ， 谢谢 ！",
    "大家 好 ， 我们 开始 开会 吧 。",
    "今天 主要 讨论 下 周 的 上线 计划 。",
    "测试 环境 已经 跑 了 两 周 ， 没有 发现 严重 问题 。",
    "安卓 端 的 推送 偶尔 会 延迟 十几 秒 。",
    "这个 需求 能 不能 放到 下 个 迭代 ？",
    "我 觉得 可以 先 发 灰度 ， 百分之十 的 用户 。",
    "客户 最 关心 的 是 导出 功能 。",
    "会议 纪要 我 稍后 发 到 群 里 。",
    "好 的 ， 今天 就 到 这里 ， 谢谢 大家 ！",
]
CN_PUNCT = set("，。？！、：；")
CN_EN = [  # English renderings of CN_SEG, same order (used for Tencent translation messages)
    "Hello, this is the service center. How can I help you?",
    "Could you give me your order number?",
    "I found it: the parcel is at the transfer center right now.",
    "It should be delivered before tomorrow afternoon.",
    "I haven't been able to log in to my account since this morning.",
    "The page keeps saying network error, please try again later.",
    "Please sign out first and then try logging in again.",
    "Okay, let me try.",
    "Still not working, same as before.",
    "I'll transfer you to technical support, one moment please.",
    "We're already working on this and expect it to recover within about two hours.",
    "We're very sorry for the inconvenience.",
    "The refund will go back to the original payment method within three to five working days.",
    "Is there anything else I can help you with?",
    "No, that's all, thanks!",
    "Hello everyone, let's start the meeting.",
    "Today we'll mainly discuss next week's release plan.",
    "The test environment has been running for two weeks without any serious issues.",
    "Push notifications on Android are sometimes delayed by ten-odd seconds.",
    "Can this requirement move to the next iteration?",
    "I think we can do a gray release first, to ten percent of users.",
    "What customers care about most is the export feature.",
    "I'll post the meeting minutes in the group later.",
    "Okay, that's all for today, thank you everyone!",
]
assert len(CN_EN) == len(CN_SEG)

EMOJI = ["\U0001F600", "\U0001F44D", "\U0001F64F", "\U0001F389", "\u2705", "\U0001F615", "\U0001F4E6", "\u260E\uFE0F"]

QUIRKY_EN = [
    'She said "it worked yesterday" and then it didn\'t.',
    "The file is under C:\\Users\\support\\exports\\march.csv on the shared drive.",
    "It's the caf\u00e9 on Rue de l'\u00c9glise, number 12.",
    "The error text says <b>Access denied</b> & nothing else.",
    "Tap Settings --> Privacy --> Reset, then confirm.",
    "Use the path \\\\fileserver\\scans\\2024 for the scanned copies.",
    "Jos\u00e9 from accounting \u2014 the one who joined in M\u00e4rz \u2014 approved it.",
    "Price is \u20ac49.90 per seat, or \u00a342 if you pay annually.",
]

FIRST_NAMES = ["Kristin", "Marcus", "Priya", "Daniel", "Aiko", "Olumide", "Sofia", "Tom\u00e1s", "Hannah",
               "Wei", "Fatima", "Lars", "Chlo\u00e9", "Rahul", "Zainab", "Mateo", "Yuki", "Ana", "Kwame", "Ingrid"]
LAST_NAMES = ["Hale", "Webb", "Natarajan", "Okafor", "Tanaka", "Adeyemi", "Rossi", "Garc\u00eda", "M\u00fcller",
              "Zhang", "Haddad", "Andersen", "Lef\u00e8vre", "Gupta", "Bello", "Ortega", "Sato", "Silva", "Mensah", "Berg"]
CN_NAMES = ["\u738b\u4f1f", "\u674e\u5a1c", "\u5f20\u654f", "\u5218\u6d0b", "\u9648\u9759", "\u8d75\u78ca"]
AI_NAMES = ["Customer Service - AI Agent", "Front Desk - AI Assistant", "Billing Bot", "After-hours AI Receptionist"]


def mkrng(seed, *parts):
    return random.Random(":".join([str(seed)] + [str(p) for p in parts]))


def jstr(s, ascii_only=False):
    return json.dumps(s, ensure_ascii=ascii_only)


def pick(rnd, seq):
    return seq[int(rnd() * len(seq))]


def shuffle(rnd, lst):
    for i in range(len(lst) - 1, 0, -1):
        j = int(rnd() * (i + 1))
        lst[i], lst[j] = lst[j], lst[i]


def uuid_like(rng):
    v = rng.getrandbits(128)
    h = "%032x" % v
    return "%s-%s-4%s-%s%s-%s" % (h[0:8], h[8:12], h[13:16], "89ab"[v & 3], h[17:20], h[20:32])


def cn_text(seg):
    return seg.replace(" ", "")


def cn_words(seg):
    return [t for t in seg.split(" ") if t and t not in CN_PUNCT]


def en_words(text):
    out = []
    for t in text.split():
        t = t.strip(".,?!;:\"")
        if t:
            out.append(t)
    return out


def utterance(rng, role):
    """One spoken turn as a Python str: 1-3 sentences, occasionally with quirks."""
    rnd = rng.random
    x = rnd()
    if x < 0.10:
        return "".join(cn_text(pick(rnd, CN_SEG)) for _ in range(1 + int(rnd() * 2)))
    pool = AGENT_EN if role == 0 else CALLER_EN
    n = 1 + int(rnd() * 3)
    parts = []
    while len(parts) < n:
        cand = pick(rnd, pool)
        if cand not in parts:
            parts.append(cand)
    if x < 0.16:
        parts.insert(int(rnd() * (len(parts) + 1)), pick(rnd, QUIRKY_EN))
    sep = "  \n\n" if (n > 1 and rnd() < 0.06) else " "
    s = sep.join(parts)
    if rnd() < 0.07:
        s += " " + pick(rnd, EMOJI)
    return s


def build_pool(rng, role, size, long_every=97):
    """Pre-escaped JSON string literals.  Some use \\uXXXX escapes (incl. surrogate pairs)."""
    rnd = rng.random
    out = []
    for i in range(size):
        if i % 31 == 7:
            # always-present escape forms: \u00e9, surrogate pair \ud83d\ude00, \" and \\
            s = pick(rnd, QUIRKY_EN) + " " + pick(rnd, ("\U0001F600", "caf\u00e9", "na\u00efve r\u00e9sum\u00e9"))
            out.append(jstr(s, ascii_only=True))
            continue
        if i % long_every == long_every - 1:
            # a long monologue: 2-8 KB
            n = 12 + int(rnd() * 50)
            s = " ".join(utterance(rng, role) for _ in range(n))
        else:
            s = utterance(rng, role)
        out.append(jstr(s, ascii_only=(rnd() < 0.08)))
    return out


def name_pool(rng, n):
    rnd = rng.random
    names = []
    for i in range(n):
        if rnd() < 0.2:
            names.append(pick(rnd, CN_NAMES))
        else:
            names.append(pick(rnd, FIRST_NAMES) + " " + pick(rnd, LAST_NAMES))
    return names


class Buf:
    """List-of-str buffer flushed to a text file object in big chunks."""

    __slots__ = ("f", "parts")

    def __init__(self, f):
        self.f = f
        self.parts = []

    def add(self, s):
        self.parts.append(s)
        if len(self.parts) >= FLUSH_EVERY:
            self.flush()

    def flush(self):
        if self.parts:
            self.f.write("".join(self.parts))
            self.parts = []


# --------------------------------------------------------------------------------------
# Yeastar  cdr/getaicontext
# --------------------------------------------------------------------------------------

def write_yeastar(f, n, seed, tag="big"):
    rng = mkrng(seed, "yeastar", tag)
    rnd = rng.random
    pools = (build_pool(mkrng(seed, "yeastar-pool0", tag), 0, 2048 if n > 2000 else 128),
             build_pool(mkrng(seed, "yeastar-pool1", tag), 1, 2048 if n > 2000 else 128))
    np0, np1 = len(pools[0]), len(pools[1])
    names = name_pool(rng, 8)
    customer_num = "%d" % (3000 + int(rnd() * 999))
    customer_name = names[0]
    # leg speakers: (number, name_json, avatar_json, role)  role 0 = agent side, 1 = caller side
    ai_avatar = jstr("https://cdn.example.net/pbx/avatars/ai-agent-%02d.png" % (1 + int(rnd() * 12)))
    quoted = 'Robert "Bobby" O\'Neil'
    legs_spk = [
        [("7000", jstr(pick(rnd, AI_NAMES)), ai_avatar, 0), (customer_num, jstr(customer_name), '""', 1)],
        [("%d" % (3100 + int(rnd() * 99)), jstr(names[1]), '""', 0), (customer_num, jstr(customer_name), '""', 1),
         ("%d" % (3200 + int(rnd() * 99)), jstr(quoted), '""', 0)],
        [("%d" % (3300 + int(rnd() * 99)), jstr(names[2]), '""', 0), (customer_num, jstr(customer_name), '""', 1),
         ("+4420%07d" % int(rnd() * 9999999), jstr(names[3]), '""', 1),
         ("%d" % (3400 + int(rnd() * 99)), jstr(names[4]), '""', 0)],
    ]
    n1 = n * 40 // 100
    n2 = n * 35 // 100
    counts = [n1, n2, n - n1 - n2]
    if n < 3:
        counts = [n, 0, 0]
    legstart = 1767225600000 + int(rnd() * 86400000)
    b = Buf(f)
    b.add('{"errcode":0,"errmsg":"SUCCESS","data":{')
    first_leg = True
    for li, cnt in enumerate(counts):
        if cnt == 0:
            continue
        spk = legs_spk[li]
        fmts = []
        for (num, nm, av, role) in spk:
            fmts.append(('{"id":"' + num + ':%d:%d","content":%s,"created_at":%d,"timestamp":%d,"duration":%d,'
                         '"source_number":"' + num + '","type":"speak","avatar":' + av + ',"name":' + nm + '}',
                         role))
        b.add(('' if first_leg else ',') + '\n"leg_%d":{"context":[\n' % (li + 1))
        first_leg = False
        ns = len(spk)
        # speaker sequence: mostly alternating agent/caller, sometimes several turns in a row
        seqspk = [0] * cnt
        cur = 0
        for i in range(cnt):
            r = rnd()
            if r < 0.7:
                cur = (cur + 1) % 2 if ns == 2 else (1 if cur != 1 else int(rnd() * ns))
            elif r < 0.85:
                cur = int(rnd() * ns)
            seqspk[i] = cur
        ts = legstart
        sep = ""
        if li == 1:
            # leg_2 mimics the seed: per-speaker sequence numbers, two greeting records placed first
            # with timestamp == leg start, ids carrying the *last* sequence numbers, then the rest
            # in time order with some small windows shuffled.
            ngreet = 2 if cnt >= 4 else 0
            body = seqspk[ngreet:]
            per = [0] * ns
            for s in body:
                per[s] += 1
            created_base = legstart // 1000 + 60
            for g in range(ngreet):
                s = g % 2
                fm, role = fmts[s]
                c = pools[role][int(rnd() * (np0 if role == 0 else np1))]
                b.add(sep + fm % (legstart, per[s], c, created_base + 40, legstart, 0))
                sep = ",\n"
            seqno = [0] * ns
            window = []
            for s in body:
                fm, role = fmts[s]
                c = pools[role][int(rnd() * (np0 if role == 0 else np1))]
                ts += 400 + int(rnd() * 9000)
                rec = fm % (legstart, seqno[s], c, ts // 1000 + int(rnd() * 3) - 1, ts, int(rnd() * 2.2))
                seqno[s] += 1
                window.append(rec)
                if len(window) >= 2 + int(rnd() * 4):
                    if rnd() < 0.15:
                        shuffle(rnd, window)
                    for rec in window:
                        b.add(sep + rec)
                        sep = ",\n"
                    window = []
            for rec in window:
                b.add(sep + rec)
                sep = ",\n"
        else:
            # leg_1 / leg_3: per-leg sequence 1..n, durations grow like seconds since leg start.
            created_const = legstart // 1000 + cnt * 12 + 45
            held = None
            for i in range(cnt):
                fm, role = fmts[seqspk[i]]
                c = pools[role][int(rnd() * (np0 if role == 0 else np1))]
                if i:
                    ts += 1500 + int(rnd() * 14000)
                created = created_const if li == 0 else ts // 1000 + 1
                rec = fm % (legstart, i + 1, c, created, ts, (ts - legstart) // 1000)
                if li == 2 and held is None and i + 1 < cnt and rnd() < 0.03:
                    held = rec          # emit after the next record -> adjacent swap
                    continue
                b.add(sep + rec)
                sep = ",\n"
                if held is not None:
                    b.add(sep + held)
                    held = None
            if held is not None:
                b.add(sep + held)
        b.add("\n]}")
        legstart = ts + 15000 + int(rnd() * 30000)
    b.add('},"offset":-1}\n')
    b.flush()


# --------------------------------------------------------------------------------------
# DingTalk  QueryCloudRecordText
# --------------------------------------------------------------------------------------

def dingtalk_sentence_pool(rng, size):
    """(sentence_json, [word_json...], is_cjk) -- sentences of ~6-14 words."""
    rnd = rng.random
    out = []
    en = AGENT_EN + CALLER_EN
    for _ in range(size):
        if rnd() < 0.2:
            seg = pick(rnd, CN_SEG)
            if rnd() < 0.4:
                seg = seg + " " + pick(rnd, CN_SEG)
            words = cn_words(seg)
            out.append((jstr(cn_text(seg), ascii_only=(rnd() < 0.05)), [jstr(w) for w in words], True))
        else:
            s = pick(rnd, en)
            while len(s.split()) < 6:
                s = s + " " + pick(rnd, en)
            if rnd() < 0.05:
                s = pick(rnd, QUIRKY_EN)
            out.append((jstr(s, ascii_only=(rnd() < 0.05)), [jstr(w) for w in en_words(s)], False))
    return out


def write_dingtalk(f, n, seed, tag="big"):
    rng = mkrng(seed, "dingtalk", tag)
    rnd = rng.random
    pool = dingtalk_sentence_pool(mkrng(seed, "dingtalk-pool", tag), 1024 if n > 500 else 96)
    pools = ([x for x in pool if not x[2]], [x for x in pool if x[2]])
    nspk = 3 + int(rnd() * 4)
    names = name_pool(rng, nspk)
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    spk = []
    for i in range(nspk):
        uid = "".join(pick(rnd, alnum) for _ in range(22)) + "iE"
        spk.append((jstr(uid), jstr(names[i])))
    record_id = 40000000 + int(rnd() * 9999999)
    base_us = 1767225600000000 + int(rnd() * 86400000) * 1000
    t = 800 + int(rnd() * 4000)
    b = Buf(f)
    b.add('{"hasMore":false,"paragraphList":[\n')
    cur = 0
    for p in range(n):
        if rnd() < 0.75:
            cur = (cur + 1 + int(rnd() * (nspk - 1))) % nspk
        uid, nick = spk[cur]
        nsent = 1 + int(rnd() * 4)
        cjk = rnd() < 0.2 and len(pools[1]) > 0
        lp = pools[1 if cjk else 0]
        nlp = len(lp)
        sents = []
        texts = []
        pstart = t
        for si in range(nsent):
            stxt, words, _ = lp[int(rnd() * nlp)]
            sstart = t
            wparts = []
            sid = base_us + sstart * 1000 + si
            for wi, w in enumerate(words):
                if rnd() < 0.01:
                    ws = we = t                     # zero-length word
                else:
                    ws = t
                    we = t + 120 + int(rnd() * 380)
                wparts.append('{"word":%s,"startTime":%d,"endTime":%d,"wordId":"%d#%d"}' % (w, ws, we, sid, wi))
                t = we + int(rnd() * 90)
            send = t
            sents.append('{"unionId":%s,"sentence":%s,"startTime":%d,"endTime":%d,"wordList":[%s]}'
                         % (uid, stxt, sstart, send, ",".join(wparts)))
            texts.append(stxt[1:-1])
            t += 150 + int(rnd() * 500)
        pend = send
        b.add('%s{"nextTtoken":%d,"status":1,"unionId":%s,"nickName":%s,"recordId":%d,"startTime":%d,"endTime":%d,'
              '"paragraph":"%s","sentenceList":[%s]}'
              % (",\n" if p else "", base_us + pend * 1000 + p % 1000, uid, nick, record_id, pstart, pend,
                 ("" if cjk else " ").join(texts), ",".join(sents)))
        t += 300 + int(rnd() * 2500)
    b.add("\n]}\n")
    b.flush()


# --------------------------------------------------------------------------------------
# Symbl.ai  conversations/{id}/messages
# --------------------------------------------------------------------------------------

_DATE_CACHE = {}


def _date_prefix(day_index, base_date_ordinal):
    key = (day_index, base_date_ordinal)
    v = _DATE_CACHE.get(key)
    if v is None:
        import datetime
        d = datetime.date.fromordinal(base_date_ordinal + day_index)
        v = "%04d-%02d-%02dT" % (d.year, d.month, d.day)
        _DATE_CACHE[key] = v
    return v


def iso_ms(ms, base_ord):
    """UTC ISO-8601 with millisecond fraction for an absolute ms-of-epoch offset from base date."""
    day, r = divmod(ms, 86400000)
    h, r = divmod(r, 3600000)
    m, r = divmod(r, 60000)
    s, frac = divmod(r, 1000)
    return "%s%02d:%02d:%02d.%03dZ" % (_date_prefix(day, base_ord), h, m, s, frac)


def iso_ms_plus8(ms, base_ord):
    ms += 8 * 3600000
    day, r = divmod(ms, 86400000)
    h, r = divmod(r, 3600000)
    m, r = divmod(r, 60000)
    s, frac = divmod(r, 1000)
    return "%s%02d:%02d:%02d.%03d000+08:00" % (_date_prefix(day, base_ord), h, m, s, frac)


def write_symbl(f, n, seed, tag="big"):
    import datetime
    rng = mkrng(seed, "symbl", tag)
    rnd = rng.random
    prng = mkrng(seed, "symbl-pool", tag)
    pools = []
    for role in (0, 1):
        pl = []
        while len(pl) < (1024 if n > 500 else 96):
            s = utterance(prng, role)
            if not s[:1].isascii() or len(s) > 600:
                continue                            # English-only conversation, no monologues
            s = s.replace("  \n\n", " ")
            words = [w for w in s.split() if any(c.isalnum() for c in w)]
            pl.append((jstr(s, ascii_only=(prng.random() < 0.05)), [jstr(w) for w in words], s))
        pools.append(pl)
    base_ord = datetime.date(2025, 3, 1).toordinal() + int(rnd() * 300)
    start_ms = int(rnd() * 86400000)
    conv = "%d" % (4500000000000000 + rng.getrandbits(50))
    nspk = 2 + int(rnd() * 4)
    names = name_pool(rng, nspk)
    froms = []
    for i in range(nspk):
        uid = uuid_like(rng)
        nm = names[i]
        email = "%s@example.com" % nm.lower().replace(" ", ".").encode("ascii", "ignore").decode() if nm.isascii() else ""
        if i == 0 or not email:
            froms.append('{"id":"%s","name":%s}' % (uid, jstr(nm)))
        else:
            froms.append('{"id":"%s","name":%s,"userId":"%s"}' % (uid, jstr(nm), email))
    sentiments = ['{"polarity":{"score":%.2f},"suggested":"positive"}',
                  '{"polarity":{"score":%.2f},"suggested":"neutral"}',
                  '{"polarity":{"score":%.2f},"suggested":"negative"}']
    b = Buf(f)
    b.add('{"messages":[\n')
    t = start_ms
    conv_start = start_ms
    cur = 0
    for i in range(n):
        if rnd() < 0.8:
            cur = (cur + 1 + int(rnd() * (nspk - 1))) % nspk
        role = 0 if cur == 0 else 1
        pl = pools[role]
        txt, words, raw = pl[int(rnd() * len(pl))]
        mstart = t
        wparts = []
        has_words = rnd() < 0.85
        plus8 = rnd() < 0.02
        iso = iso_ms_plus8 if plus8 else iso_ms
        for w in words:
            ws = t
            we = t + 140 + int(rnd() * 360)
            if has_words:
                wparts.append('{"word":%s,"startTime":"%s","endTime":"%s","timeOffset":%.2f,"duration":%.2f}'
                              % (w, iso(ws, base_ord), iso(we, base_ord), (ws - conv_start) / 1000.0, (we - ws) / 1000.0))
            t = we + int(rnd() * 80)
        mend = t
        r = rnd()
        frm = froms[cur]
        if r < 0.01:
            frm_part = ""
        elif r < 0.02:
            frm_part = ',"from":{}'
        else:
            frm_part = ',"from":' + frm
        phrases = "[]"
        if rnd() < 0.1 and len(words) > 3:
            k = 2 + int(rnd() * (len(words) - 2))
            phrases = '[{"type":"action_phrase","text":"%s"}]' % " ".join(x[1:-1] for x in words[-k:]).rstrip(".?!")
        extra = ""
        if rnd() < 0.3:
            sc = rnd() * 2 - 1
            extra = ',"sentiment":' + sentiments[0 if sc > 0.3 else (2 if sc < -0.3 else 1)] % sc
        b.add('%s{"id":"%d","text":%s%s,"startTime":"%s","endTime":"%s","timeOffset":%.2f,"duration":%.2f,'
              '"conversationId":"%s","phrases":%s%s%s}'
              % (",\n" if i else "", 4600000000000000 + i * 7919 + int(rnd() * 7000), txt, frm_part,
                 iso(mstart, base_ord), iso(mend, base_ord), (mstart - conv_start) / 1000.0, (mend - mstart) / 1000.0,
                 conv, phrases, extra, (',"words":[' + ",".join(wparts) + "]") if has_words else ""))
        t += 200 + int(rnd() * 2200)
    b.add("\n]}\n")
    b.flush()


# --------------------------------------------------------------------------------------
# Tencent TRTC  custom messages (cmdId 1), one JSON value per line
# --------------------------------------------------------------------------------------

def hms(sec):
    h, r = divmod(sec, 3600)
    m, s = divmod(r, 60)
    return "%02d:%02d:%02d" % (h, m, s)


def write_tencent(f, n, seed, tag="big"):
    rng = mkrng(seed, "tencent", tag)
    rnd = rng.random
    prng = mkrng(seed, "tencent-pool", tag)
    pool = []
    for _ in range(1024 if n > 500 else 96):
        tr_text = None
        if prng.random() < 0.25:
            k = int(prng.random() * len(CN_SEG))
            s, tr_text = cn_text(CN_SEG[k]), CN_EN[k]
        else:
            s = utterance(prng, int(prng.random() * 2)).replace("  \n\n", " ")
            if len(s) > 200:
                s = s[:200].rsplit(" ", 1)[0] + "."
        cjk = tr_text is not None or (not s.isascii() and s[:1] >= "\u4e00")
        if cjk:
            toks = list(s)                      # partials grow character by character
        else:
            toks = s.split(" ")
        parts = []
        for k in (1, 2, 3):
            cut = max(1, len(toks) * k // 4)
            pre = ("" if cjk else " ").join(toks[:cut])
            if not cjk:
                pre = pre.lower().replace(",", "").replace(".", "").replace("?", "").replace("!", "")
            else:
                pre = pre.replace("，", " ").replace("。", "")
            parts.append(jstr(pre))
        pool.append((jstr(s), parts, jstr(tr_text) if tr_text else None, max(1, len(toks) // (6 if cjk else 3))))
    npool = len(pool)
    nspk = 2 + int(rnd() * 3)
    senders = [jstr(x) for x in ["host_%d" % (100 + int(rnd() * 900)), "guest_%04d" % int(rnd() * 10000),
                                  "user_" + "".join(pick(rnd, "abcdefghijkmnpqrstuvwxyz") for _ in range(6)),
                                  "\u8bb2\u5e08_02"][:nspk]]
    bot = '"ai_transcriber_%d"' % (1000 + int(rnd() * 9000))
    taskid = "tk-%x" % rng.getrandbits(40)
    cap = '{"type":10000,"sender":%s,"receiver":[],"payload":{"text":%s,"start_time":"%s","end_time":"%s","end":%s,"roundid":"%s"}}\n'
    b = Buf(f)
    ms = 1000 + int(rnd() * 3000)
    wall = 1767225600 + int(rnd() * 86400)
    cur = 0
    pending_final = None
    for i in range(n):
        if rnd() < 0.7:
            cur = (cur + 1 + int(rnd() * (nspk - 1))) % nspk
        snd = senders[cur]
        txt, parts, trt, dur = pool[int(rnd() * npool)]
        rid = uuid_like(rng)
        st = ms // 1000
        et = st + dur
        if rnd() < 0.05:
            b.add('{"type":10001,"sender":%s,"receiver":[],"payload":{"roundid":"%s","timestamp":%d,"state":%d}}\n'
                  % (bot, rid, wall + st, 1 + int(rnd() * 4)))
        npart = 1 + int(rnd() * 3)
        for k in range(npart):
            pe = st + (dur * (k + 1)) // (npart + 1)
            b.add(cap % (snd, parts[k if npart == 3 else (k * 2 if npart == 2 else 1)], hms(st), hms(pe), "false", rid))
            if pending_final is not None:          # previous speaker's final lands after our first partial
                b.add(pending_final)
                pending_final = None
        final = cap % (snd, txt, hms(st), hms(et), "true", rid)
        if rnd() < 0.08 and i + 1 < n:
            pending_final = final
        else:
            b.add(final)
        if trt is not None and rnd() < 0.3:
            b.add('{"type":10000,"sender":%s,"receiver":[],"payload":{"translation_text":%s,"translation_language":"en",'
                  '"start_time_ms":%d,"end_time_ms":%d,"end":true,"roundid":"%s","taskid":"%s"}}\n'
                  % (snd, trt, ms, ms + dur * 1000 + int(rnd() * 900), rid, taskid))
        if i % 40 == 39:
            b.add('{"type":10020,"sender":%s,"receiver":[],"payload":{"metric":"asr_latency","value":%d,"roundid":"%s","round_start":%d}}\n'
                  % (bot, 180 + int(rnd() * 600), rid, wall + st))
        if i % 500 == 499:
            b.add('{"type":10030,"sender":%s,"receiver":[],"payload":{"metric":"asr_error","tag":{"roundid":"%s","code":30100,"message":"ASR request timed out"}}}\n'
                  % (bot, rid))
        ms += dur * 1000 + 300 + int(rnd() * 2500)
    if pending_final is not None:
        b.add(pending_final)
    b.flush()


WRITERS = {"yeastar": write_yeastar, "dingtalk": write_dingtalk, "symbl": write_symbl, "tencent": write_tencent}


def ext_for(vendor):
    return ".jsonl" if vendor == "tencent" else ".json"


def open_out(path):
    return open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20)


# --------------------------------------------------------------------------------------
# Many small files (+ broken ones)
# --------------------------------------------------------------------------------------

class StrSink:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)

    def value(self):
        return "".join(self.parts)


BROKEN_KINDS = ["truncated", "trailing-comma", "invalid-utf8", "wrong-shape", "empty", "html-error-page", "nan", "unquoted-key"]

WRONG_SHAPE = {
    # valid JSON, but not what the vendor decoder expects
    "yeastar": '{"errcode":0,"errmsg":"SUCCESS","data":[{"id":"7000:1767225600000:1","content":"Hi"}],"offset":-1}\n',
    "dingtalk": '{"hasMore":false,"paragraphList":{"paragraph":"Hi","startTime":0,"endTime":900}}\n',
    "symbl": '{"conversationId":"5815170693595136","jobId":"9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"}\n',
    "tencent": '{"type":10000,"sender":"alice","receiver":[],"payload":"Hello there"}\n'
               '{"type":10000,"sender":"alice","receiver":[],"payload":["so the build", "00:00:01"]}\n',
}


def corrupt(vendor, text, kind, rnd):
    """Return bytes of a deliberately broken file."""
    if kind == "truncated":
        cut = int(len(text) * (0.35 + rnd() * 0.5))
        while cut > 1 and text[cut - 1] in "\n}":   # never stop on a line / value boundary
            cut -= 1
        return text[:cut].encode("utf-8")
    if kind == "trailing-comma":
        if vendor == "tencent":
            lines = text.split("\n")
            k = int(rnd() * max(1, len(lines) - 1))
            lines[k] = lines[k][:-2] + ",}}" if lines[k].endswith("}}") else lines[k] + ","
            return "\n".join(lines).encode("utf-8")
        i = text.rstrip().rfind("]")
        return (text[:i] + ",\n" + text[i:]).encode("utf-8")
    if kind == "invalid-utf8":
        raw = text.encode("utf-8")
        for key in (b'"content":"', b'"sentence":"', b'"text":"'):
            i = raw.find(key, len(raw) // 3)
            if i < 0:
                i = raw.find(key)
            if i >= 0:
                i += len(key)
                return raw[:i] + b"\xff\xfe\xc3(" + raw[i:]
        return raw[:len(raw) // 2] + b"\xff\xfe\xc3(" + raw[len(raw) // 2:]
    if kind == "wrong-shape":
        return WRONG_SHAPE[vendor].encode("utf-8")
    if kind == "empty":
        return b""
    if kind == "html-error-page":
        return (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                b"<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")
    if kind == "nan":
        for key in ('"duration":', '"endTime":', '"status":', '"value":', '"start_time_ms":'):
            i = text.find(key)
            if i >= 0:
                j = i + len(key)
                k = j
                while k < len(text) and (text[k].isdigit() or text[k] in "-."):
                    k += 1
                if k > j:
                    return (text[:j] + "NaN" + text[k:]).encode("utf-8")
        return (text.rstrip()[:-1] + ',"x":NaN}').encode("utf-8")
    if kind == "unquoted-key":
        for key in ('"content":', '"paragraph":', '"text":', '"payload":'):
            i = text.find(key)
            if i >= 0:
                return (text[:i] + key[1:-2] + ":" + text[i + len(key):]).encode("utf-8")
    raise ValueError(kind)


def write_many(out, count, broken, seed):
    if broken > count:
        raise SystemExit("--broken must be <= --many")
    rng = mkrng(seed, "many")
    rnd = rng.random
    # pick the broken files round-robin over the vendors, randomly within each vendor
    per_vendor = [[i for i in range(count) if i % 4 == v] for v in range(4)]
    for lst in per_vendor:
        shuffle(rnd, lst)
    broken_set = set()
    r = 0
    while len(broken_set) < broken:
        lst = per_vendor[r % 4]
        if lst:
            broken_set.add(lst.pop())
        r += 1
    manifest = ["path\tvendor\tstatus\tkind\titems"]
    bk = {v: 2 * k for k, v in enumerate(VENDORS)}   # per-vendor cursor into BROKEN_KINDS
    for i in range(count):
        vendor = VENDORS[i % 4]
        items = 2 + int(rnd() * 30)
        depth = 1 + int(rnd() * 3)
        sub = [vendor]
        if depth >= 2:
            sub.append("batch-%02d" % (int(rnd() * 6)))
        if depth >= 3:
            sub.append("%s-%02d" % ("day", 1 + int(rnd() * 28)))
        d = os.path.join(out, *sub)
        os.makedirs(d, exist_ok=True)
        sink = StrSink()
        WRITERS[vendor](sink, items, seed, tag="many-%d" % i)
        text = sink.value()
        ext = ext_for(vendor)
        if i in broken_set:
            kind = BROKEN_KINDS[bk[vendor] % len(BROKEN_KINDS)]
            bk[vendor] += 1
            name = "%s-%04d-broken-%s%s" % (vendor, i, kind, ext)
            data = corrupt(vendor, text, kind, rnd)
            status = "broken"
        else:
            kind = "-"
            name = "%s-%04d%s" % (vendor, i, ext)
            data = text.encode("utf-8")
            status = "ok"
        with open(os.path.join(d, name), "wb") as fh:
            fh.write(data)
        manifest.append("%s\t%s\t%s\t%s\t%d" % ("/".join(sub + [name]), vendor, status, kind, items))
    with open(os.path.join(out, "_manifest.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(manifest) + "\n")
    return count


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--vendor", choices=VENDORS + ("all",), default="all")
    ap.add_argument("--items", type=int, default=1000, help="records / paragraphs / messages / final sentences")
    ap.add_argument("--out", default=os.path.join(here, "generated"))
    ap.add_argument("--many", type=int, default=0, help="write this many small files instead of big pages")
    ap.add_argument("--broken", type=int, default=0, help="with --many: how many of them are deliberately broken")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    if a.many:
        write_many(a.out, a.many, a.broken, a.seed)
        if not a.quiet:
            print("wrote %d files (%d broken) under %s in %.2fs" % (a.many, a.broken, a.out, time.perf_counter() - t0))
        return 0
    if a.broken:
        ap.error("--broken only makes sense with --many")
    if a.items < 0:
        ap.error("--items must be >= 0")
    for v in (VENDORS if a.vendor == "all" else (a.vendor,)):
        t1 = time.perf_counter()
        path = os.path.join(a.out, "%s-%d%s" % (v, a.items, ext_for(v)))
        with open_out(path) as fh:
            WRITERS[v](fh, a.items, a.seed)
        if not a.quiet:
            print("%s: %d bytes in %.2fs" % (path, os.path.getsize(path), time.perf_counter() - t1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
