/// Turns a transcript's segments (and their words, when timed) into readable cues.
///
/// Each segment is cut on its own, so one cue never holds two speakers. Inside a segment the
/// cut points are chosen by a shortest-path search over the places a line may break, scoring,
/// best first: a sentence end, a pause between timed words (``CaptionOptions/pauseThreshold``),
/// clause punctuation, the place before a conjunction or preposition, and anything else —
/// while keeping each cue within the line width, line count, word count, duration and reading
/// speed limits of ``CaptionOptions``. Lines inside a cue are balanced, never leaving a short
/// orphan word on a line of its own.
///
/// Times come from the words when the source has word timing for the segment (and the words
/// spell its text); otherwise a segment's time is shared out in proportion to its text.
/// Cues are then lengthened to the minimum duration and reading time when the next cue leaves
/// room, small gaps are chained, and the timing is repaired so that no cue overlaps the next,
/// starts go forward only, and every cue ends after it starts — a zero-length source item gets
/// the minimum duration instead of disappearing.
///
/// Text: whitespace runs (including blank lines) fold to one space, the text is trimmed, and
/// control characters are dropped. Chinese and Japanese get no spaces inserted between words,
/// may break between any two characters, but never before closing punctuation or after
/// opening punctuation.
public struct Captioner: Sendable {
    /// The limits and preferences used.
    public var options: CaptionOptions
    /// Whether a transcript of a thousand segments or more may be cut into cues on two
    /// threads: a helper cuts blocks of segments ahead while the calling thread times and
    /// writes the cues (see `CaptionHelper`). The cues are the same either way. `true` by
    /// default; turn it off when every core is busy already (the CLI does, converting several
    /// files at once).
    public var allowsHelperThread = true
    /// The fewest segments worth a helper thread. Internal: tests lower it.
    var helperThreadMinimumSegments = 1024
    /// Segments per block handed between the threads. Internal: tests make it tiny.
    var helperThreadBlockSegments = 64
    /// Microseconds the helper sleeps before each block. Internal: tests slow it down, so that
    /// the streaming thread has to wait for it and captions blocks ahead meanwhile.
    var helperThreadPausePerBlock: UInt32 = 0

    /// A captioner with `options` (Netflix English defaults when omitted).
    public init(options: CaptionOptions = CaptionOptions()) {
        self.options = options
    }

    /// A captioner with the options of `preset`.
    public init(preset: CaptionPreset) {
        self.init(options: CaptionOptions(preset: preset))
    }

    /// The cues for `transcript`.
    public func cues(for transcript: Transcript) -> CueList {
        var collector = CueListCollector()
        // Cue text is the segments' text folded: reserve it once instead of growing by doublings
        // (callgrind: a dozen reallocations each on a 2,000-item page).
        var textBytes = 0
        for range in transcript.segments.text { textBytes += Int(range.count) }
        collector.cues.text.reserveCapacity(textBytes + textBytes / 8)
        // Likewise the cue columns: about two cues a segment on real pages.
        collector.cues.reserveCapacity(transcript.segments.count * 2)
        stream(transcript, into: &collector)
        var cues = collector.cues
        cues.speakers = transcript.speakers.displayNames
        cues.source = transcript.source
        cues.origin = transcript.origin
        return cues
    }

    /// Hands the cues for `transcript` to `consumer` in order, as soon as each is final: a cue is
    /// final once no later segment can produce a cue starting before it and the cue after it is
    /// placed (that one may trim its end). Memory is the cues still waiting, not the transcript's.
    ///
    /// `releasingEarly: false` holds every cue to the end — the plain sort-then-time order the
    /// streaming must reproduce (tests compare the two).
    @discardableResult
    func stream<Consumer: CueConsumer & ~Copyable>(
        _ transcript: Transcript, into consumer: inout Consumer, releasingEarly: Bool = true
    ) throws(Consumer.Failure) -> CaptionStreamStatistics {
        var work = CaptionWork(options: options)
        if releasingEarly { work.prepareReleaseFloors(for: transcript) }
        if allowsHelperThread, transcript.segments.count >= helperThreadMinimumSegments,
           let helper = CaptionHelper.start(for: transcript, options: options, blockSegments: helperThreadBlockSegments,
                                            pausePerBlock: helperThreadPausePerBlock) {
            defer { helper.stop() }
            try helper.stream(into: &work, consumer: &consumer, releasingEarly: releasingEarly)
        } else {
            for i in 0 ..< transcript.segments.count {
                work.caption(segment: i, of: transcript)
                if releasingEarly { try work.release(after: i, into: &consumer) }
            }
        }
        try work.finish(into: &consumer)
        return work.statistics
    }

    /// Appends `text` with whitespace runs folded to one space, trimmed, C0/C1 controls dropped.
    ///
    /// The captioner's version: writes into reserved room with plain stores (the text can only
    /// shrink), where `[UInt8].append` cost a uniqueness and capacity check per byte (callgrind).
    /// Text that needs no folding (most of it) is copied eight bytes at a time: callgrind showed
    /// the byte loop at ~10 instructions a byte, 9 % of `--preset none`.
    static func foldWhitespace(_ text: UnsafeRawBufferPointer, into out: inout ScratchArray<UInt8>) {
        let n = text.count
        out.reserve(n)
        let base = out.count
        let p = out.base
        var count = base
        var pendingSpace = false
        var i = 0
        // After a word that needed folding, its bytes go through the byte loop.
        var bytewiseUntil = 0
        while i < n {
            if i >= bytewiseUntil, i &+ 8 <= n {
                // Kept as they are: bytes the loop below keeps, and single spaces between them —
                // a leading one only after kept text with no space pending. A trailing one
                // becomes the pending space. The output never outruns the input (a pending space
                // stands for a byte already read), so the eight bytes fit in the room reserved.
                let word = UInt64(littleEndian: text.baseAddress.unsafelyUnwrapped.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let spaces = ByteScan.exactZeroBytes(word ^ ByteScan.splat(0x20))
                var folds = ByteScan.bytesBelow(0x20, in: word)
                    | ByteScan.exactZeroBytes(word ^ ByteScan.splat(0x7F))
                    | ByteScan.exactZeroBytes(word ^ ByteScan.splat(0xC2))
                    | ByteScan.exactZeroBytes((word | ByteScan.splat(0x01)) ^ ByteScan.splat(0xE3))  // 0xE2 or 0xE3
                    | (spaces & (spaces >> 8))  // two spaces in a row
                if spaces & 0x80 != 0, pendingSpace || count == base { folds |= 0x80 }
                if folds == 0 {
                    if pendingSpace { p[count] = 0x20; count += 1 }
                    UnsafeMutableRawPointer(p + count).storeBytes(of: word.littleEndian, as: UInt64.self)
                    pendingSpace = spaces >> 63 != 0
                    count += pendingSpace ? 7 : 8
                    i += 8
                    continue
                }
                bytewiseUntil = i &+ 8
            }
            let b = text[i]
            if (b > 0x20 && b < 0x7F) || (b >= 0x80 && b != 0xC2 && b != 0xE2 && b != 0xE3) {
                // Kept as it is: printable ASCII, and every byte of a multi-byte character except
                // the leads of the few that are folded or dropped — the common case.
                if pendingSpace { p[count] = 0x20; count += 1; pendingSpace = false }
                p[count] = b
                count += 1
                i += 1
                continue
            }
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B {
                pendingSpace = count > base
                i += 1
                continue
            }
            if b < 0x20 || b == 0x7F { i += 1; continue }
            // U+0085 (NEL), U+2028 and U+2029 end lines in some readers; U+00A0 and U+3000 are
            // spaces a reader may fold: treat them all as spaces. C1 controls are dropped.
            if b == 0xC2, i + 1 < n, text[i + 1] == 0x85 || text[i + 1] == 0xA0 { pendingSpace = count > base; i += 2; continue }
            if b == 0xC2, i + 1 < n, text[i + 1] >= 0x80, text[i + 1] <= 0x9F { i += 2; continue }
            if b == 0xE2, i + 2 < n, text[i + 1] == 0x80, text[i + 2] == 0xA8 || text[i + 2] == 0xA9 {
                pendingSpace = count > base; i += 3; continue
            }
            if b == 0xE3, i + 2 < n, text[i + 1] == 0x80, text[i + 2] == 0x80 { pendingSpace = count > base; i += 3; continue }
            if pendingSpace { p[count] = 0x20; count += 1; pendingSpace = false }
            p[count] = b
            count += 1
            i += 1
        }
        out.resize(keeping: count)
    }

    /// Appends `text` with whitespace runs folded to one space, trimmed, C0/C1 controls dropped
    /// (for names and other text outside the captioner's hot loop).
    static func foldWhitespace(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var folded = ScratchArray<UInt8>(capacity: text.count)
        foldWhitespace(text, into: &folded)
        out.appendBytes(folded.bytes)
    }
}

/// How much a ``Captioner/stream(_:into:releasingEarly:)`` call held at once (for tests).
struct CaptionStreamStatistics {
    /// Most drafts waiting at once.
    var mostPending = 0
    /// With a helper thread: blocks the streaming thread imported, and of those, how many it
    /// captioned itself ahead of turn while waiting (see `CaptionHelper`).
    var blocksImported = 0
    var blocksCaptionedAhead = 0
    /// Times the draft tables were compacted.
    var compactions = 0
    /// Bytes reserved for the text of drafts not yet written, at the end.
    var draftTextCapacity = 0
}

/// A cue before timing repair.
struct DraftCue: BitwiseCopyable {
    var start: Int64
    var end: Int64
    /// Time needed to read the cue at the reading speed, ms.
    var readingTime: Int64
    var speaker: Int32
    /// In ``CaptionWork/draftText`` and the `draftWord` tables.
    var text: TextRange
    var words: WordRange
    /// The order drafts were made in: ties on start keep it.
    var sequence: Int
}

/// One unit of text that lines and cues are built from: a word, or a CJK character.
struct CaptionToken: BitwiseCopyable {
    /// Bytes in ``CaptionWork/tokenBytes``.
    var offset: Int32
    var length: Int32
    /// Display columns and characters (scalars of non-zero width).
    var width: Int32
    var characters: Int32
    /// A space separates it from the previous token.
    var spaceBefore: Bool
    /// A line (or cue) may start with it.
    var breakBefore: Bool
    var start: Int64
    var end: Int64
    var first: UInt32
    var last: UInt32
    /// The last scalar that is not a closing quote or bracket.
    var lastCore: UInt32
    /// A conjunction or preposition: a good place to break before.
    var isConnector: Bool
}

/// What ``CaptionWork/measure(_:offset:)`` finds in a token — its columns, its characters (of
/// non-zero width), its first, last and last core characters — and whether it holds kana,
/// gathered by ``CaptionWork/forEachToken(in:_:)`` while it cuts the token.
struct TokenShape {
    var width = 0
    var characters = 0
    var first: UInt32 = 0
    var last: UInt32 = 0
    var lastCore: UInt32 = 0
    var hasKana = false

    /// ASCII bytes `start ..< end` of `text`: one column and one character each.
    @inline(__always)
    mutating func addASCII(_ text: UnsafeRawBufferPointer, _ start: Int, _ end: Int) {
        let count = end - start
        width += count
        characters += count
        if first == 0 { first = UInt32(text[start]) }
        last = UInt32(text[end - 1])
        // The last byte that is not a closing quote or bracket; when all are, the core stays
        // what it was, or is the first byte of the token.
        var j = end - 1
        while j >= start {
            let b = text[j]
            if !DisplayWidth.isTrailingCloser(UInt32(b)) { lastCore = UInt32(b); return }
            j -= 1
        }
        if lastCore == 0 { lastCore = UInt32(text[start]) }
    }

    /// One character that is not ASCII, `width` columns wide.
    @inline(__always)
    mutating func add(_ scalar: UInt32, width w: Int) {
        width += w
        if w > 0 {
            characters += 1
            if first == 0 { first = scalar }
            last = scalar
            if !DisplayWidth.isTrailingCloser(scalar) || lastCore == 0 { lastCore = scalar }
        }
        if scalar >= 0x3040, DisplayWidth.isKana(scalar) { hasKana = true }
    }
}

/// Per break position (a place a cue or line may start), what the cut search reads — one
/// record per position, so the hot loop reads one table through one pointer.
struct CutPosition: BitwiseCopyable {
    /// The token index.
    var token: Int
    /// The column where its first token's text starts (after any leading space), and the
    /// columns up to it; likewise characters.
    var columnStart: Int
    var columnEnd: Int
    var characterStart: Int
    var characterEnd: Int
    var timeStart: Int64
    var timeEnd: Int64
    /// ``CaptionWork/breakCost(after:)`` of the token before it.
    var breakCost: Int
    /// ``CaptionWork/Cost/cue`` plus 3× ``breakCost``: a cue ending here costs this.
    var cueCost: Int
    /// Of the unbreakable unit that ends here (from the previous position): its columns, its
    /// columns plus the space before it, and its tokens.
    var unitColumns: Int
    var joinColumns: Int
    var unitWords: Int
}

/// The scratch state of one ``Captioner/cues(for:)`` call: buffers reused for every segment.
///
/// `~Copyable`, with its tables in ``ScratchArray``s that only grow: callgrind of JSON→SRT on a
/// 10k-item Yeastar page showed the captioner making fresh allocations, uniqueness checks and
/// per-element `Array.append` calls for every segment and token (caption ≈ 718 M instructions of
/// a 1,010 M run). The hot loops below read the tables through their base pointers; none of
/// them grows a table while it holds a pointer into it.
struct CaptionWork: ~Copyable {
    let options: CaptionOptions
    /// Drafts made but not yet handed on (see CaptionWork+Timing.swift): a heap ordered by
    /// start, then ``DraftCue/sequence``.
    var pending = ScratchArray<DraftCue>()
    var draftCount = 0
    /// On a ``CaptionHelper``'s thread: drafts are collected here, in the order they are made,
    /// for the streaming thread to import, instead of being queued.
    var collectsDrafts = false
    var collected = ScratchArray<DraftCue>()
    var statistics = CaptionStreamStatistics()
    /// The text and timed words of drafts, until they are written (then compacted away).
    var draftText = ScratchArray<UInt8>(capacity: 1 << 12)
    var draftWordStart = ScratchArray<Int64>()
    var draftWordOffset = ScratchArray<UInt32>()
    var draftWordLength = ScratchArray<UInt32>()
    /// Bytes and words of ``draftText`` still referenced by a draft or cue not yet written.
    var liveTextBytes = 0
    var liveWords = 0
    /// Where the compaction copies live drafts; swapped with the tables above.
    var spareText = ScratchArray<UInt8>(capacity: 1 << 12)
    var spareWordStart = ScratchArray<Int64>()
    var spareWordOffset = ScratchArray<UInt32>()
    var spareWordLength = ScratchArray<UInt32>()
    /// Per block of ``releaseBlock`` segments, the earliest start any draft of that block or a
    /// later one can have.
    var releaseFloor = ScratchArray<Int64>()
    /// The next cue in start order, waiting for the start of the one after it (lengthening
    /// needs it), and the last cue placed, waiting because the next may trim its end.
    var waiting: DraftCue?
    var held: DraftCue?

    var folded = ScratchArray<UInt8>(capacity: 1024)
    var tokenBytes = ScratchArray<UInt8>(capacity: 1024)
    var tokens = ScratchArray<CaptionToken>()
    /// Prefix sums over tokens: columns (each token's width plus its leading space) and characters.
    var columnsBefore = ScratchArray<Int>()
    var charactersBefore = ScratchArray<Int>()
    /// Token positions where a cue or line may start, plus the end position.
    var breakPositions = ScratchArray<Int>()
    var bestCost = ScratchArray<Int>()
    var bestFrom = ScratchArray<Int>()
    /// A suffix minimum of the break costs (see ``splitIntoCues``).
    var suffixBestBreak = ScratchArray<Int>()
    var positions = ScratchArray<CutPosition>()
    /// The chosen cue ends (break positions), last first.
    var cuts = ScratchArray<Int>()
    /// The token indices where lines of the current cue start (after its first line).
    var lineBreaks = ScratchArray<Int>()
    /// Tables of ``lineStarts(from:to:lineWidth:maxLines:)`` for cues of three or more lines.
    var lineBest = ScratchArray<Double>()
    var linePrevious = ScratchArray<Int>()
    /// `Int64(Double(n) * 1000 / readingRate)` for n = 0 ..< count: the reading time of n
    /// characters, filled as the search asks for it (callgrind showed the conversion, with its
    /// range checks, as the largest single line of the cut search).
    var readingTable = ScratchArray<Int64>(capacity: 256)
    var readingRate: Double = .nan

    init(options: CaptionOptions) {
        self.options = options.usable
    }

    // MARK: Segment → tokens

    mutating func caption(segment i: Int, of t: Transcript) {
        let s = t.segments
        folded.removeAll()
        tokenBytes.removeAll()
        tokens.removeAll()
        t.text.withBytes(s.text[i]) { Captioner.foldWhitespace($0, into: &folded) }

        let wordRange = s.words[i]
        var timed = false
        if wordRange.count > 0, wordsSpellText(wordRange, of: t) {
            timed = true
            for w in wordRange.indices {
                let before = tokenBytes.count
                t.text.withBytes(t.words.text[w]) { Captioner.foldWhitespace($0, into: &tokenBytes) }
                guard tokenBytes.count > before else { continue }
                let start = max(t.words.start[w], tokens.isEmpty ? .min : tokens.last.start)
                appendWordToken(offset: before, start: start, end: max(t.words.end[w], start))
            }
        } else {
            if options.segmentPerCue {
                // One cue of untimed text: its tokens, joined again by the single spaces they were
                // cut at, are the folded text as it is, so the cue is that text; only its
                // characters and its script (for the reading speed) are needed. Plain ASCII has
                // one character a byte and is never CJK; other text is cut into tokens as below,
                // but only counted (callgrind: tokenizing was half of `--preset none`).
                let text = folded.bytes
                guard !text.isEmpty else { return }
                var characters = text.count
                var charactersPerSecond = options.maxCharactersPerSecond
                if !ByteScan.isASCII(text) {
                    (characters, charactersPerSecond) = charactersAndReadingRate(ofFolded: text)
                }
                let textStart = draftText.count
                draftText.append(text)
                appendDraft(textStart: textStart, firstWord: draftWordStart.count, characters: characters,
                            start: s.start[i], end: s.end[i], speaker: s.speaker[i],
                            charactersPerSecond: charactersPerSecond)
                return
            }
            // The tokens address the folded text in place: hand its buffer to tokenBytes.
            swap(&folded, &tokenBytes)
            tokenizeText()
            spreadTimes(start: s.start[i], end: s.end[i])
        }
        guard !tokens.isEmpty else { return }

        let (lineWidth, charactersPerSecond) = limits(for: detectScript())
        prepareSums()

        if options.segmentPerCue {
            lineBreaks.removeAll()
            emitCue(0, tokens.count, start: s.start[i], end: s.end[i],
                    speaker: s.speaker[i], timed: timed, charactersPerSecond: charactersPerSecond)
            return
        }
        splitIntoCues(lineWidth: max(lineWidth, 1), charactersPerSecond: charactersPerSecond, speaker: s.speaker[i], timed: timed)
    }

    /// Whether the words, spaces aside, spell exactly the segment's folded text: then their
    /// times can drive the cues without losing or adding any text.
    func wordsSpellText(_ range: WordRange, of t: Transcript) -> Bool {
        let text = folded.bytes
        var k = 0
        for w in range.indices {
            let ok = t.text.withBytes(t.words.text[w]) { word -> Bool in
                for b in word where !(b == 0x20 || (b >= 0x09 && b <= 0x0D)) {
                    while k < text.count, text[k] == 0x20 { k += 1 }
                    guard k < text.count, text[k] == b else { return false }
                    k += 1
                }
                return true
            }
            if !ok { return false }
        }
        while k < text.count, text[k] == 0x20 { k += 1 }
        return k == text.count
    }

    /// The characters of folded `text` as its tokens count them (spaces included), and the
    /// reading speed of its script: what one cue of it needs, without keeping its tokens.
    func charactersAndReadingRate(ofFolded text: UnsafeRawBufferPointer) -> (characters: Int, rate: Double) {
        var characters = 0
        var isFirst = true
        var tally = ScriptTally()
        Self.forEachToken(in: text) { _, _, spaceBefore, shape in
            // The first token has no space before it (as appendTextToken has it).
            characters += shape.characters + (spaceBefore && !isFirst ? 1 : 0)
            isFirst = false
            if !tally.hasKana {
                tally.add(first: shape.first, last: shape.last, characters: shape.characters) { shape.hasKana }
            }
        }
        return (characters, limits(for: tally.script).charactersPerSecond)
    }

    /// The line width (display columns) and reading speed for text in `script`.
    func limits(for script: Script) -> (lineWidth: Int, charactersPerSecond: Double) {
        switch script {
        case .chinese: return (2 * options.chineseLineCharacters, options.chineseCharactersPerSecond)
        case .japanese: return (2 * options.japaneseLineCharacters, options.japaneseCharactersPerSecond)
        case .other: return (options.maxLineWidth, options.maxCharactersPerSecond)
        }
    }

    /// Adds the word in `tokenBytes[offset...]` as one token.
    mutating func appendWordToken(offset: Int, start: Int64, end: Int64) {
        var token = Self.measure(UnsafeRawBufferPointer(start: tokenBytes.base + offset, count: tokenBytes.count - offset), offset: offset)
        if !tokens.isEmpty {
            let previous = tokens.last
            let cjkJoin = DisplayWidth.isCJK(previous.last) && DisplayWidth.isCJK(token.first)
            let glued = DisplayWidth.isClosing(token.first) || DisplayWidth.isOpening(previous.last)
            token.spaceBefore = !cjkJoin && !glued
            token.breakBefore = !glued
        } else {
            token.spaceBefore = false
            token.breakBefore = true
        }
        token.start = start
        token.end = end
        tokens.append(token)
    }

    /// A token for `bytes` (stored at `offset` in `tokenBytes`), without time or joins.
    @inline(__always)
    static func measure(_ bytes: UnsafeRawBufferPointer, offset: Int) -> CaptionToken {
        var shape = TokenShape()
        let n = bytes.count
        if n > 0, ByteScan.isASCII(bytes) {
            // All ASCII (most tokens): one column and one character a byte, without decoding
            // (callgrind: measuring was ~200 instructions a token).
            shape.addASCII(bytes, 0, n)
        } else {
            var i = 0
            while i < n {
                let (scalar, length) = DisplayWidth.decode(bytes, at: i)
                shape.add(scalar, width: DisplayWidth.of(scalar))
                i += length
            }
        }
        return token(bytes, offset: offset, shape: shape)
    }

    /// The token for `bytes` (stored at `offset` in `tokenBytes`) of `shape`, without time or joins.
    @inline(__always)
    static func token(_ bytes: UnsafeRawBufferPointer, offset: Int, shape: TokenShape) -> CaptionToken {
        CaptionToken(
            offset: Int32(offset), length: Int32(bytes.count), width: Int32(shape.width), characters: Int32(shape.characters),
            spaceBefore: false, breakBefore: true, start: 0, end: 0, first: shape.first, last: shape.last, lastCore: shape.lastCore,
            isConnector: Self.isConnector(bytes))
    }

    /// Splits the folded text in `tokenBytes` into tokens (in place): at spaces, and between CJK
    /// characters where a line may break.
    mutating func tokenizeText() {
        // tokenBytes does not change while the tokens are cut (only `tokens` grows).
        let text = tokenBytes.bytes
        tokens.reserve(text.count / 4 + 1)
        Self.forEachToken(in: text) { start, end, spaceBefore, shape in
            appendTextToken(text, start, end, spaceBefore: spaceBefore, shape: shape)
        }
    }

    /// Calls `body` with each token of the folded `text` (its byte range, whether a space comes
    /// before it, and its shape), in order: cut at spaces, and between CJK characters where a
    /// line may break. The one place tokens are cut, so that every user cuts them the same way.
    /// The shape is gathered on the way, so text tokens are not measured again (callgrind:
    /// `--preset none` on the 10k-item Yeastar page, 214.3 → 202.3 M instructions). Word tokens,
    /// which arrive one by one, are still measured by ``measure(_:offset:)``, and the cue path's
    /// ``detectScript()`` still decodes a CJK token to look for kana.
    @inline(__always)
    static func forEachToken(in text: UnsafeRawBufferPointer,
                             _ body: (_ start: Int, _ end: Int, _ spaceBefore: Bool, _ shape: TokenShape) -> Void) {
        var tokenStart = -1
        var spaceBefore = false
        var previous: UInt32 = 0
        var shape = TokenShape()
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b == 0x20 {
                if tokenStart >= 0 { body(tokenStart, i, spaceBefore, shape); shape = TokenShape() }
                tokenStart = -1
                spaceBefore = true
                previous = 0x20
                i += 1
                continue
            }
            if b < 0x80 {
                // ASCII: visible, never CJK, so it only starts or extends a token — unless it
                // follows a CJK character (and is not closing punctuation after it).
                let scalar = UInt32(b)
                if tokenStart >= 0, previous >= 0x2E80, DisplayWidth.isCJK(previous),
                   !DisplayWidth.isClosing(scalar), !DisplayWidth.isOpening(previous) {
                    body(tokenStart, i, spaceBefore, shape)
                    shape = TokenShape()
                    tokenStart = -1
                    spaceBefore = false
                }
                if tokenStart < 0 { tokenStart = i }
                // The ASCII bytes that follow (up to a space or a non-ASCII byte) follow an ASCII
                // character, so none of them can split the token: skip over them in one loop
                // (callgrind showed the per-byte CJK tests at ~30 instructions a byte).
                let runStart = i
                i += 1
                while i < n {
                    let c = text[i]
                    if c == 0x20 || c >= 0x80 { break }
                    i += 1
                }
                shape.addASCII(text, runStart, i)
                previous = UInt32(text[i - 1])
                continue
            }
            let (scalar, length) = DisplayWidth.decode(text, at: i)
            let width = DisplayWidth.of(scalar)
            // Every scalar below U+0300 is one column wide, so this is "visible" as it was
            // always defined here: below U+0300, or of non-zero width.
            let visible = width > 0
            if tokenStart >= 0, visible,
               DisplayWidth.isCJK(scalar) || DisplayWidth.isCJK(previous),
               !DisplayWidth.isClosing(scalar), !DisplayWidth.isOpening(previous) {
                body(tokenStart, i, spaceBefore, shape)
                shape = TokenShape()
                tokenStart = -1
                spaceBefore = false
            }
            if tokenStart < 0 { tokenStart = i }
            shape.add(scalar, width: width)
            if visible { previous = scalar }
            i += length
        }
        if tokenStart >= 0 { body(tokenStart, n, spaceBefore, shape) }
    }

    /// Adds `text[start ..< end]` (in `tokenBytes`), of `shape`, as a token.
    @inline(__always)
    mutating func appendTextToken(_ text: UnsafeRawBufferPointer, _ start: Int, _ end: Int, spaceBefore: Bool, shape: TokenShape) {
        var token = Self.token(UnsafeRawBufferPointer(rebasing: text[start ..< end]), offset: start, shape: shape)
        token.spaceBefore = spaceBefore && !tokens.isEmpty
        token.breakBefore = tokens.isEmpty || (spaceBefore ? !DisplayWidth.isClosing(token.first) : true)
        tokens.append(token)
    }

    /// Shares `start ..< end` among the tokens in proportion to their characters.
    mutating func spreadTimes(start: Int64, end: Int64) {
        let tk = tokens.base
        let n = tokens.count
        var total = 0
        for k in 0 ..< n { total += Int(tk[k].characters) + (tk[k].spaceBefore ? 1 : 0) }
        let span = max(end - start, 0)
        if total == 0 {
            for k in 0 ..< n { tk[k].start = start; tk[k].end = start + span }
            return
        }
        // A token starts where the previous one ends (both are `start + span * done / total` for
        // the same `done`): one division per token.
        var done = 0
        var from = start
        // `span * done` fits in 64 bits unless a segment is both centuries long and huge; then
        // the product takes 128 (the quotient is at most `span`, so it always fits).
        let fitsIn64Bits = span <= Int64.max / Int64(total)
        for k in 0 ..< n {
            done += Int(tk[k].characters) + (tk[k].spaceBefore ? 1 : 0)
            let to = start + (fitsIn64Bits
                ? span * Int64(done) / Int64(total)
                : Int64(total).dividingFullWidth(span.multipliedFullWidth(by: Int64(done))).quotient)
            tk[k].start = from
            tk[k].end = to
            from = to
        }
    }

    enum Script { case chinese, japanese, other }

    /// Japanese when there is kana, Chinese when most characters are CJK.
    func detectScript() -> Script {
        var tally = ScriptTally()
        let tk = tokens.base
        let bytes = tokenBytes.bytes
        for k in 0 ..< tokens.count {
            tally.add(tk[k], in: bytes)
            if tally.hasKana { break }
        }
        return tally.script
    }

    /// Counts a segment's characters by script, token by token: a token whose first or last
    /// character is CJK counts as CJK, and any kana in such a token makes the text Japanese.
    struct ScriptTally {
        var cjk = 0
        var other = 0
        var hasKana = false

        @inline(__always)
        mutating func add(_ token: CaptionToken, in bytes: UnsafeRawBufferPointer) {
            add(first: token.first, last: token.last, characters: Int(token.characters)) {
                var i = Int(token.offset)
                let end = i + Int(token.length)
                while i < end {
                    let (scalar, length) = DisplayWidth.decode(bytes, at: i)
                    if DisplayWidth.isKana(scalar) { return true }
                    i += length
                }
                return false
            }
        }

        /// Adds a token by its first and last characters, its characters, and whether it holds
        /// kana (asked only of a CJK token).
        @inline(__always)
        mutating func add(first: UInt32, last: UInt32, characters chars: Int, hasKana kana: () -> Bool) {
            // Nothing below U+2E80 is CJK: most tokens are decided on two compares.
            if first < 0x2E80, last < 0x2E80 {
                other += chars
            } else if DisplayWidth.isCJK(first) || DisplayWidth.isCJK(last) {
                if kana() { hasKana = true; return }
                cjk += chars
            } else {
                other += chars
            }
        }

        var script: Script { hasKana ? .japanese : cjk > other ? .chinese : .other }
    }

    mutating func prepareSums() {
        let n = tokens.count
        columnsBefore.removeAll()
        charactersBefore.removeAll()
        breakPositions.removeAll()
        columnsBefore.reserve(n + 1)
        charactersBefore.reserve(n + 1)
        breakPositions.reserve(n + 1)
        let tk = tokens.base
        var columns = 0, characters = 0
        for k in 0 ..< n {
            let token = tk[k]
            columnsBefore.appendUnchecked(columns)
            charactersBefore.appendUnchecked(characters)
            columns += Int(token.width) + (token.spaceBefore ? 1 : 0)
            characters += Int(token.characters) + (token.spaceBefore ? 1 : 0)
            if k == 0 || token.breakBefore { breakPositions.appendUnchecked(k) }
        }
        columnsBefore.appendUnchecked(columns)
        charactersBefore.appendUnchecked(characters)
        breakPositions.appendUnchecked(n)
    }

    /// Columns of tokens `a ..< b` on one line.
    @inline(__always)
    func columns(_ a: Int, _ b: Int) -> Int {
        columnsBefore[b] - columnsBefore[a] - (tokens[a].spaceBefore ? 1 : 0)
    }

    @inline(__always)
    func characters(_ a: Int, _ b: Int) -> Int {
        charactersBefore[b] - charactersBefore[a] - (tokens[a].spaceBefore ? 1 : 0)
    }

    // MARK: Tokens → cues

    /// Costs of the search; lower is better. A cue costs ``cue``, so cues are split only where
    /// the limits need it or a break point is much better than the alternatives. A break between
    /// cues weighs 3× its cost, a break between the lines of a cue 1.5×: where a cue ends matters
    /// more than where its lines break.
    enum Cost {
        static let cue = 100
        static let sentence = 0
        static let pause = 15
        static let clause = 30
        static let connector = 45
        static let other = 70
        static let shortCue = 40
        static let unbalanced = 500
    }

    /// The cost of ending a cue or line after token `k` (before token `k + 1`).
    @inline(__always)
    func breakCost(after k: Int) -> Int {
        guard k + 1 < tokens.count else { return Cost.sentence }
        let token = tokens[k]
        if DisplayWidth.isSentenceEnd(token.lastCore) { return Cost.sentence }
        if tokens[k + 1].start - token.end >= options.pauseThreshold { return Cost.pause }
        if DisplayWidth.isClauseEnd(token.lastCore) { return Cost.clause }
        if tokens[k + 1].isConnector { return Cost.connector }
        return Cost.other
    }

    /// Fills the per-break-position table the cut search reads.
    mutating func preparePositions() {
        let count = breakPositions.count
        positions.resize(count)
        let out = positions.base
        let breakAt = breakPositions.base
        let tk = tokens.base
        let tokenCount = tokens.count
        let columnsBefore = self.columnsBefore.base
        let charactersBefore = self.charactersBefore.base
        for k in 0 ..< count {
            let p = breakAt[k]
            let space = p < tokenCount && tk[p].spaceBefore ? 1 : 0
            let breakCost = p == 0 ? Cost.other : breakCost(after: p - 1)
            var position = CutPosition(
                token: p,
                columnStart: columnsBefore[p] + space, columnEnd: columnsBefore[p],
                characterStart: charactersBefore[p] + space, characterEnd: charactersBefore[p],
                timeStart: p < tokenCount ? tk[p].start : 0, timeEnd: p > 0 ? tk[p - 1].end : 0,
                breakCost: breakCost, cueCost: Cost.cue + 3 * breakCost,
                unitColumns: 0, joinColumns: 0, unitWords: 0)
            if k > 0 {
                let previous = out[k - 1]
                position.unitColumns = position.columnEnd - previous.columnStart
                position.joinColumns = position.unitColumns + (previous.columnStart - previous.columnEnd)
                position.unitWords = p - previous.token
            }
            out[k] = position
        }
    }

    /// `Int64(Double(n) * 1000 / rate)`, from ``readingTable``, filling it up to `n` first when
    /// needed. (Filling in order is safe: if `n` converts without trapping, so do all smaller counts.)
    @inline(never)
    mutating func fillReadingTable(upTo n: Int, rate: Double) {
        if readingRate.bitPattern != rate.bitPattern {
            readingTable.removeAll()
            readingRate = rate
        }
        var k = readingTable.count
        while k <= n {
            readingTable.append(Int64(Double(k) * 1000 / rate))
            k += 1
        }
    }

    mutating func splitIntoCues(lineWidth: Int, charactersPerSecond: Double, speaker: Int32, timed: Bool) {
        let positionCount = breakPositions.count
        preparePositions()
        bestCost.reset(count: positionCount, to: Int.max)
        bestFrom.reset(count: positionCount, to: -1)
        bestCost[0] = 0
        suffixBestBreak.reset(count: positionCount, to: Cost.other)
        if readingRate.bitPattern != charactersPerSecond.bitPattern { fillReadingTable(upTo: -1, rate: charactersPerSecond) }
        let maxLines = max(options.maxLines, 1)
        let maxWords = options.maxWords <= 0 ? Int.max : options.maxWords
        let maxDuration = options.maxDuration
        let wholeWidth = columns(0, tokens.count)
        let shortCues = wholeWidth > lineWidth
        // The search is the captioner's hot loop (callgrind: ~300 M instructions of the 1,010 M
        // run before it read one record per position through raw pointers): every index is a
        // break position in 0 ..< positionCount, and no table it reads changes size inside it —
        // except the reading table, whose pointer is fetched again after it grows.
        let at = positions.base
        let bestCost = self.bestCost.base
        let bestFrom = self.bestFrom.base
        let suffixBestBreak = self.suffixBestBreak.base
        var reading = readingTable.base
        var readingCount = readingTable.count
        // The last break position whose first line from `from` fits only moves right as
        // `from` does (line starts only move right), so it is carried from one `from` to the next.
        var lastFirstLine = 0
        let last = positionCount - 1
        for from in 0 ..< last where bestCost[from] != Int.max {
            // Every cue costs at least Cost.cue (all penalties are >= 0), so a path through `from`
            // costs at least bestCost[from] + Cost.cue; once that is more than the best known
            // way to the end (which only falls), no path through `from` can win — and none of
            // the positions it could improve lies on the winning path, so skipping it changes
            // no cut. (Strictly more: on a tie the first path found is kept, as without the skip.)
            if bestCost[from] > bestCost[last] - Cost.cue { continue }
            let lineStart = at[from].columnStart
            // For two-line cues: the best line break is the best break position q whose first line
            // fits (q <= lastFirstLine) and whose second line fits (q >= firstSecondLine, which only
            // moves right as the cue grows) — a suffix minimum over q, built once per `from`.
            if lastFirstLine < from { lastFirstLine = from }
            while lastFirstLine + 1 < positionCount - 1, at[lastFirstLine + 1].columnEnd - lineStart <= lineWidth { lastFirstLine += 1 }
            if lastFirstLine > from {
                suffixBestBreak[lastFirstLine] = at[lastFirstLine].breakCost
                var q = lastFirstLine - 1
                while q > from { suffixBestBreak[q] = min(at[q].breakCost, suffixBestBreak[q + 1]); q -= 1 }
            }
            var firstSecondLine = from + 1
            let fromCost = bestCost[from]
            let cueStart = at[from].timeStart
            let cueCharacterStart = at[from].characterStart
            // Greedy line filling, extended one unbreakable unit at a time. The first unit always
            // makes a cue (even when it does not fit), on one line, with no duration penalty.
            // Columns and words are bounded by the text's size (< 2^32 bytes), so their sums use
            // wrapping arithmetic. A unit joined to the current line keeps it within the width,
            // so only a new line or the word count can end the cue.
            var to = from + 1
            var p = at[to]
            var lines = 1
            var lineColumns = p.unitColumns
            var words = p.unitWords
            var first = true
            while true {
                let duration = p.timeEnd - cueStart
                // Every penalty below is >= 0 and a candidate wins only when strictly cheaper, so
                // when the cue's base cost cannot beat the best known way to reach `to`, the
                // penalties need not be worked out (callgrind: most candidates end here, and the
                // penalties were ~70 of the loop's ~100 instructions per candidate). The result is
                // the same; `firstSecondLine` only moves right, so catching it up later is too.
                var cost = fromCost + p.cueCost
                if cost < bestCost[to] {
                    if duration > maxDuration, !first { cost += 300 + Int((duration - maxDuration) / 10) }
                    let characters = p.characterEnd - cueCharacterStart
                    let readingTime: Int64
                    if characters >= 0, characters < readingCount {
                        readingTime = reading[characters]
                    } else if characters < 0 {
                        readingTime = Int64(Double(characters) * 1000 / charactersPerSecond)
                    } else {
                        fillReadingTable(upTo: characters, rate: charactersPerSecond)
                        reading = readingTable.base
                        readingCount = readingTable.count
                        readingTime = reading[characters]
                    }
                    if readingTime > duration { cost += Int((readingTime - duration) / 40) }
                    if shortCues, (p.columnEnd - lineStart) * 3 < lineWidth { cost += Cost.shortCue }
                    if lines == 2 {
                        while firstSecondLine < to, p.columnEnd - at[firstSecondLine].columnStart > lineWidth { firstSecondLine += 1 }
                        let best = firstSecondLine <= lastFirstLine && firstSecondLine < to ? suffixBestBreak[firstSecondLine] : Cost.other
                        cost += 3 * best / 2
                    }
                    if cost < bestCost[to] {
                        bestCost[to] = cost
                        bestFrom[to] = from
                    }
                }
                to += 1
                if to >= positionCount { break }
                p = at[to]
                words &+= p.unitWords
                if lineColumns &+ p.joinColumns <= lineWidth {
                    lineColumns &+= p.joinColumns
                } else {
                    lines &+= 1
                    if lines > maxLines || p.unitColumns > lineWidth { break }
                    lineColumns = p.unitColumns
                }
                if words > maxWords { break }
                first = false
            }
        }
        // Walk the best path back, then emit cues front to back.
        cuts.removeAll()
        var end = positionCount - 1
        while end > 0 { cuts.append(end); end = bestFrom[end] }
        var from = 0
        var c = cuts.count - 1
        while c >= 0 {
            let to = cuts[c]
            let a = breakPositions[from], b = breakPositions[to]
            lineStarts(from: from, to: to, lineWidth: lineWidth, maxLines: maxLines)
            emitCue(a, b, start: tokens[a].start, end: tokens[b - 1].end,
                    speaker: speaker, timed: timed, charactersPerSecond: charactersPerSecond)
            from = to
            c -= 1
        }
    }

    /// Where lines start inside the cue of break positions `from ..< to` (token indices after the
    /// first line's start): the fewest lines that fit, balanced by width, preferring good break
    /// points and never leaving a short orphan word alone on a line. Left in ``lineBreaks``.
    mutating func lineStarts(from: Int, to: Int, lineWidth: Int, maxLines: Int) {
        lineBreaks.removeAll()
        let a = breakPositions[from], b = breakPositions[to]
        if columns(a, b) <= lineWidth || to - from == 1 { return }
        // best[k][p]: cost of laying out tokens up to break position p in k lines.
        let count = to - from + 1
        var lineCount = 2
        while lineCount < maxLines, columns(a, b) > lineCount * lineWidth { lineCount += 1 }
        if lineCount == 2 {
            // The common case, without the tables: try every break position.
            let target = Double(columns(a, b)) / 2
            var best = Double.infinity, bestAt = -1
            for q in from + 1 ..< to {
                let p = breakPositions[q]
                let first = columns(a, p), second = columns(p, b)
                guard first <= lineWidth || q == from + 1, second <= lineWidth || q == to - 1 else { continue }
                var cost = (Double(first) - target) * (Double(first) - target) + (Double(second) - target) * (Double(second) - target)
                cost += Double(positions[q].breakCost) * 3
                if (q == from + 1 && first * 4 < lineWidth) || (q == to - 1 && second * 4 < lineWidth) { cost += Double(Cost.unbalanced) }
                if cost < best { best = cost; bestAt = p }
            }
            if bestAt >= 0 { lineBreaks.append(bestAt) }
            return
        }
        let target = Double(columns(a, b)) / Double(lineCount)
        // best[k][p] at k * count + p, previous likewise.
        lineBest.reset(count: (lineCount + 1) * count, to: .infinity)
        linePrevious.reset(count: (lineCount + 1) * count, to: -1)
        lineBest[0] = 0
        for k in 1 ... lineCount {
            for p in 1 ..< count {
                for q in 0 ..< p where lineBest[(k - 1) * count + q] != .infinity {
                    let s = breakPositions[from + q], e = breakPositions[from + p]
                    let width = columns(s, e)
                    if width > lineWidth && p - q > 1 { continue }
                    let deviation = Double(width) - target
                    var cost = lineBest[(k - 1) * count + q] + deviation * deviation
                    if p < count - 1 { cost += Double(breakCost(after: e - 1)) * 3 }
                    // An orphan: one short word alone on a line while the cue has more.
                    if e - s == 1, width * 4 < lineWidth, count > 2 { cost += Double(Cost.unbalanced) }
                    if cost < lineBest[k * count + p] { lineBest[k * count + p] = cost; linePrevious[k * count + p] = q }
                }
            }
        }
        var k = lineCount
        while k > 1, lineBest[k * count + count - 1] == .infinity { k -= 1 }
        if lineBest[k * count + count - 1] == .infinity { return }
        var p = count - 1
        while k > 1 {
            let q = linePrevious[k * count + p]
            lineBreaks.append(breakPositions[from + q])
            p = q
            k -= 1
        }
        lineBreaks.reverse()
    }

    /// Writes tokens `a ..< b` as one draft cue, starting new lines at ``lineBreaks``.
    mutating func emitCue(_ a: Int, _ b: Int, start: Int64, end: Int64,
                          speaker: Int32, timed: Bool, charactersPerSecond: Double) {
        let textStart = draftText.count
        let firstWord = draftWordStart.count
        var nextLine = 0
        let tk = tokens.base
        let source = tokenBytes.base
        let lineBreakCount = lineBreaks.count
        for k in a ..< b {
            let token = tk[k]
            let length = Int(token.length)
            draftText.reserve(length + 1)
            if k > a {
                if nextLine < lineBreakCount, lineBreaks[nextLine] == k {
                    draftText.appendUnchecked(0x0A)
                    nextLine += 1
                } else if token.spaceBefore {
                    draftText.appendUnchecked(0x20)
                }
            }
            if timed {
                draftWordStart.append(token.start)
                draftWordOffset.append(UInt32(draftText.count - textStart))
                draftWordLength.append(UInt32(token.length))
            }
            // Tokens are a few bytes: a byte loop beats a memcpy call.
            let from = source + Int(token.offset)
            for j in 0 ..< length { draftText.appendUnchecked(from[j]) }
        }
        appendDraft(textStart: textStart, firstWord: firstWord, characters: characters(a, b),
                    start: start, end: end, speaker: speaker, charactersPerSecond: charactersPerSecond)
    }

    /// Queues the draft cue whose text is `draftText[textStart...]` and whose timed words are
    /// the draft words from `firstWord` on.
    mutating func appendDraft(textStart: Int, firstWord: Int, characters: Int, start: Int64, end: Int64,
                              speaker: Int32, charactersPerSecond: Double) {
        let reading = Int64((Double(characters) * 1000 / charactersPerSecond).rounded(.up))
        let draft = DraftCue(
            start: max(start, 0), end: end, readingTime: reading, speaker: speaker,
            text: TextRange(start: UInt32(textStart), count: UInt32(draftText.count - textStart)),
            words: WordRange(start: UInt32(firstWord), count: UInt32(draftWordStart.count - firstWord)),
            sequence: draftCount)
        if collectsDrafts {
            collected.append(draft)
            return
        }
        draftCount += 1
        liveTextBytes += Int(draft.text.count)
        liveWords += Int(draft.words.count)
        pushPending(draft)
    }

    // MARK: Words

    /// English conjunctions and prepositions: a line or cue reads better starting with one.
    static let connectors: [StaticString] = [
        "and", "but", "or", "nor", "so", "yet", "because", "that", "which", "who", "when", "while", "if",
        "to", "of", "in", "on", "at", "for", "with", "from", "by", "about", "as", "into", "than", "then",
        "after", "before", "until", "although", "though", "where", "unless", "since", "over", "under",
    ]

    @inline(__always)
    static func isConnector(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2, bytes.count <= 8 else { return false }
        // Every connector starts with one of these letters: reject most words on one byte.
        switch bytes[0] | 0x20 {
        case UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "o"),
             UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "u"), UInt8(ascii: "w"), UInt8(ascii: "y"): break
        default: return false
        }
        // Lowercased and packed into one integer (the bytes hold no NUL), then looked up.
        var key: UInt64 = 0
        for k in 0 ..< bytes.count {
            var b = bytes[k]
            if b >= 0x41, b <= 0x5A { b += 0x20 }
            key |= UInt64(b) << (8 * UInt64(k))
        }
        return isConnectorKey(key)
    }

    /// Whether `key` is one of ``connectors`` packed as ``isConnector(_:)`` packs a word. A switch
    /// over constants rather than a search of a global table: callgrind showed the table's lazy
    /// initialisation check and bounds checks on every token. ``connectorKeys`` (the same keys
    /// made from ``connectors``) is checked against it in debug builds.
    @inline(__always)
    static func isConnectorKey(_ key: UInt64) -> Bool {
        switch key {
        case
             0x6669 /* if */,
             0x666F /* of */,
             0x6E69 /* in */,
             0x6E6F /* on */,
             0x6F73 /* so */,
             0x6F74 /* to */,
             0x726F /* or */,
             0x7361 /* as */,
             0x7461 /* at */,
             0x7962 /* by */,
             0x646E61 /* and */,
             0x6F6877 /* who */,
             0x726F66 /* for */,
             0x726F6E /* nor */,
             0x746579 /* yet */,
             0x747562 /* but */,
             0x68746977 /* with */,
             0x6D6F7266 /* from */,
             0x6E616874 /* than */,
             0x6E656874 /* then */,
             0x6E656877 /* when */,
             0x6F746E69 /* into */,
             0x7265766F /* over */,
             0x74616874 /* that */,
             0x65636E6973 /* since */,
             0x656C696877 /* while */,
             0x6572656877 /* where */,
             0x6863696877 /* which */,
             0x6C69746E75 /* until */,
             0x7265646E75 /* under */,
             0x7265746661 /* after */,
             0x74756F6261 /* about */,
             0x65726F666562 /* before */,
             0x6867756F6874 /* though */,
             0x7373656C6E75 /* unless */,
             0x65737561636562 /* because */,
             0x6867756F68746C61 /* although */:
            return true
        default:
            return false
        }
    }

    /// ``connectors`` packed as ``isConnector(_:)`` packs a word, sorted.
    static let connectorKeys: [UInt64] = {
        let keys = connectors.map { word in
            var key: UInt64 = 0
            for k in 0 ..< word.utf8CodeUnitCount { key |= UInt64(word.utf8Start[k]) << (8 * UInt64(k)) }
            return key
        }.sorted()
        assert(keys.allSatisfy(isConnectorKey) && keys.count == 37)
        return keys
    }()
}
