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
        var work = CaptionWork(options: options)
        for i in 0 ..< transcript.segments.count {
            work.caption(segment: i, of: transcript)
        }
        var cues = work.finish()
        cues.speakers = (0 ..< transcript.speakers.count).map { transcript.speakers.displayName(Int32($0)) }
        cues.source = transcript.source
        cues.origin = transcript.origin
        return cues
    }

    /// Appends `text` with whitespace runs folded to one space, trimmed, C0/C1 controls dropped.
    static func foldWhitespace(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let base = out.count
        var pendingSpace = false
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B {
                pendingSpace = out.count > base
                i += 1
                continue
            }
            if b < 0x20 || b == 0x7F { i += 1; continue }
            // U+0085 (NEL), U+2028 and U+2029 end lines in some readers; U+00A0 and U+3000 are
            // spaces a reader may fold: treat them all as spaces.
            if b == 0xC2, i + 1 < n, text[i + 1] == 0x85 || text[i + 1] == 0xA0 { pendingSpace = out.count > base; i += 2; continue }
            if b == 0xC2, i + 1 < n, text[i + 1] >= 0x80, text[i + 1] <= 0x9F { i += 2; continue }
            if b == 0xE2, i + 2 < n, text[i + 1] == 0x80, text[i + 2] == 0xA8 || text[i + 2] == 0xA9 {
                pendingSpace = out.count > base; i += 3; continue
            }
            if b == 0xE3, i + 2 < n, text[i + 1] == 0x80, text[i + 2] == 0x80 { pendingSpace = out.count > base; i += 3; continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b)
            i += 1
        }
    }
}

/// A cue before timing repair.
struct DraftCue {
    var start: Int64
    var end: Int64
    /// Time needed to read the cue at the reading speed, ms.
    var readingTime: Int64
    var speaker: Int32
    var text: TextRange
    var words: WordRange
}

/// One unit of text that lines and cues are built from: a word, or a CJK character.
struct CaptionToken {
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

/// The scratch state of one ``Captioner/cues(for:)`` call: buffers reused for every segment.
struct CaptionWork {
    let options: CaptionOptions
    var cues = CueList()
    var drafts: [DraftCue] = []
    var draftWordStart: [Int64] = []
    var draftWordOffset: [UInt32] = []
    var draftWordLength: [UInt32] = []

    var folded: [UInt8] = []
    var tokenBytes: [UInt8] = []
    var tokens: [CaptionToken] = []
    /// Prefix sums over tokens: columns (each token's width plus its leading space) and characters.
    var columnsBefore: [Int] = []
    var charactersBefore: [Int] = []
    /// Token positions where a cue or line may start, plus the end position.
    var breakPositions: [Int] = []
    var bestCost: [Int] = []
    var bestFrom: [Int] = []
    /// ``breakCost(after:)`` of the token before each break position, and a suffix minimum of it.
    var positionBreakCost: [Int] = []
    var suffixBestBreak: [Int] = []
    var cueBytes: [UInt8] = []
    /// Per break position: the column where its first token's text starts, and the columns,
    /// characters and time up to it — so the cut search reads one array per quantity.
    var positionColumnStart: [Int] = []
    var positionColumnEnd: [Int] = []
    var positionCharacterStart: [Int] = []
    var positionCharacterEnd: [Int] = []
    var positionTimeStart: [Int64] = []
    var positionTimeEnd: [Int64] = []
    /// The chosen cue ends (break positions), last first.
    var cuts: [Int] = []
    /// The token indices where lines of the current cue start (after its first line).
    var lineBreaks: [Int] = []
    /// Tables of ``lineStarts(from:to:lineWidth:maxLines:)`` for cues of three or more lines.
    var lineBest: [Double] = []
    var linePrevious: [Int] = []

    init(options: CaptionOptions) {
        self.options = options
    }

    // MARK: Segment → tokens

    mutating func caption(segment i: Int, of t: Transcript) {
        let s = t.segments
        folded.removeAll(keepingCapacity: true)
        tokenBytes.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
        t.text.withBytes(s.text[i]) { Captioner.foldWhitespace($0, into: &folded) }

        let wordRange = s.words[i]
        var timed = false
        if wordRange.count > 0, wordsSpellText(wordRange, of: t) {
            timed = true
            for w in wordRange.indices {
                let before = tokenBytes.count
                t.text.withBytes(t.words.text[w]) { Captioner.foldWhitespace($0, into: &tokenBytes) }
                guard tokenBytes.count > before else { continue }
                let start = max(t.words.start[w], tokens.last?.start ?? .min)
                appendWordToken(offset: before, start: start, end: max(t.words.end[w], start))
            }
        } else {
            // The tokens address the folded text in place: hand its buffer to tokenBytes.
            swap(&folded, &tokenBytes)
            tokenizeText()
            spreadTimes(start: s.start[i], end: s.end[i])
        }
        guard !tokens.isEmpty else { return }

        let script = detectScript()
        let lineWidth: Int
        let charactersPerSecond: Double
        switch script {
        case .chinese: lineWidth = 2 * options.chineseLineCharacters; charactersPerSecond = options.chineseCharactersPerSecond
        case .japanese: lineWidth = 2 * options.japaneseLineCharacters; charactersPerSecond = options.japaneseCharactersPerSecond
        case .other: lineWidth = options.maxLineWidth; charactersPerSecond = options.maxCharactersPerSecond
        }
        prepareSums()

        if options.segmentPerCue {
            lineBreaks.removeAll(keepingCapacity: true)
            emitCue(0, tokens.count, start: s.start[i], end: s.end[i],
                    speaker: s.speaker[i], timed: timed, charactersPerSecond: charactersPerSecond)
            return
        }
        splitIntoCues(lineWidth: max(lineWidth, 1), charactersPerSecond: charactersPerSecond, speaker: s.speaker[i], timed: timed)
    }

    /// Whether the words, spaces aside, spell exactly the segment's folded text: then their
    /// times can drive the cues without losing or adding any text.
    func wordsSpellText(_ range: WordRange, of t: Transcript) -> Bool {
        folded.withUnsafeBytes { text -> Bool in
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
    }

    /// Adds the word in `tokenBytes[offset...]` as one token.
    mutating func appendWordToken(offset: Int, start: Int64, end: Int64) {
        var token = tokenBytes.withUnsafeBytes { measure(UnsafeRawBufferPointer(rebasing: $0[offset...]), offset: offset) }
        if let previous = tokens.last {
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
    func measure(_ bytes: UnsafeRawBufferPointer, offset: Int) -> CaptionToken {
        var width = 0, characters = 0, first: UInt32 = 0, last: UInt32 = 0, lastCore: UInt32 = 0
        var i = 0
        while i < bytes.count {
            let (scalar, length) = DisplayWidth.decode(bytes, at: i)
            let w = DisplayWidth.of(scalar)
            width += w
            if w > 0 {
                characters += 1
                if first == 0 { first = scalar }
                last = scalar
                if !DisplayWidth.isTrailingCloser(scalar) || lastCore == 0 { lastCore = scalar }
            }
            i += length
        }
        return CaptionToken(
            offset: Int32(offset), length: Int32(bytes.count), width: Int32(width), characters: Int32(characters),
            spaceBefore: false, breakBefore: true, start: 0, end: 0, first: first, last: last, lastCore: lastCore,
            isConnector: Self.isConnector(bytes))
    }

    /// Splits the folded text in `tokenBytes` into tokens (in place): at spaces, and between CJK
    /// characters where a line may break.
    mutating func tokenizeText() {
        // A copy of the reference (no bytes copied): the closure appends to `tokens`.
        let bytes = tokenBytes
        bytes.withUnsafeBytes { text in
            var tokenStart = -1
            var spaceBefore = false
            var previous: UInt32 = 0
            var i = 0
            while i < text.count {
                if text[i] == 0x20 {
                    appendTextToken(text, tokenStart, i, spaceBefore: spaceBefore)
                    tokenStart = -1
                    spaceBefore = true
                    previous = 0x20
                    i += 1
                    continue
                }
                let (scalar, length) = DisplayWidth.decode(text, at: i)
                let visible = scalar < 0x300 || DisplayWidth.of(scalar) > 0
                if tokenStart >= 0, visible,
                   DisplayWidth.isCJK(scalar) || DisplayWidth.isCJK(previous),
                   !DisplayWidth.isClosing(scalar), !DisplayWidth.isOpening(previous) {
                    appendTextToken(text, tokenStart, i, spaceBefore: spaceBefore)
                    tokenStart = -1
                    spaceBefore = false
                }
                if tokenStart < 0 { tokenStart = i }
                if visible { previous = scalar }
                i += length
            }
            appendTextToken(text, tokenStart, text.count, spaceBefore: spaceBefore)
        }
    }

    /// Adds `text[start ..< end]` (in `tokenBytes`) as a token; nothing when `start` is -1.
    @inline(__always)
    mutating func appendTextToken(_ text: UnsafeRawBufferPointer, _ start: Int, _ end: Int, spaceBefore: Bool) {
        guard start >= 0 else { return }
        var token = measure(UnsafeRawBufferPointer(rebasing: text[start ..< end]), offset: start)
        token.spaceBefore = spaceBefore && !tokens.isEmpty
        token.breakBefore = tokens.isEmpty || (spaceBefore ? !DisplayWidth.isClosing(token.first) : true)
        tokens.append(token)
    }

    /// Shares `start ..< end` among the tokens in proportion to their characters.
    mutating func spreadTimes(start: Int64, end: Int64) {
        var total = 0
        for token in tokens { total += Int(token.characters) + (token.spaceBefore ? 1 : 0) }
        let span = max(end - start, 0)
        var done = 0
        for k in tokens.indices {
            let from = start + (total == 0 ? 0 : span * Int64(done) / Int64(total))
            done += Int(tokens[k].characters) + (tokens[k].spaceBefore ? 1 : 0)
            tokens[k].start = from
            tokens[k].end = start + (total == 0 ? span : span * Int64(done) / Int64(total))
        }
    }

    enum Script { case chinese, japanese, other }

    /// Japanese when there is kana, Chinese when most characters are CJK.
    func detectScript() -> Script {
        var cjk = 0, other = 0
        for token in tokens {
            let chars = Int(token.characters)
            if DisplayWidth.isCJK(token.first) || DisplayWidth.isCJK(token.last) {
                let isKana = tokenBytes.withUnsafeBytes { bytes -> Bool in
                    var i = Int(token.offset)
                    let end = i + Int(token.length)
                    while i < end {
                        let (scalar, length) = DisplayWidth.decode(UnsafeRawBufferPointer(bytes), at: i)
                        if DisplayWidth.isKana(scalar) { return true }
                        i += length
                    }
                    return false
                }
                if isKana { return .japanese }
                cjk += chars
            } else {
                other += chars
            }
        }
        return cjk > other ? .chinese : .other
    }

    mutating func prepareSums() {
        columnsBefore.removeAll(keepingCapacity: true)
        charactersBefore.removeAll(keepingCapacity: true)
        breakPositions.removeAll(keepingCapacity: true)
        var columns = 0, characters = 0
        for (k, token) in tokens.enumerated() {
            columnsBefore.append(columns)
            charactersBefore.append(characters)
            columns += Int(token.width) + (token.spaceBefore ? 1 : 0)
            characters += Int(token.characters) + (token.spaceBefore ? 1 : 0)
            if k == 0 || token.breakBefore { breakPositions.append(k) }
        }
        columnsBefore.append(columns)
        charactersBefore.append(characters)
        breakPositions.append(tokens.count)
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
    func breakCost(after k: Int) -> Int {
        guard k + 1 < tokens.count else { return Cost.sentence }
        let token = tokens[k]
        if DisplayWidth.isSentenceEnd(token.lastCore) { return Cost.sentence }
        if tokens[k + 1].start - token.end >= options.pauseThreshold { return Cost.pause }
        if DisplayWidth.isClauseEnd(token.lastCore) { return Cost.clause }
        if tokens[k + 1].isConnector { return Cost.connector }
        return Cost.other
    }

    /// Fills the per-break-position tables the cut search reads.
    mutating func preparePositions() {
        positionColumnStart.removeAll(keepingCapacity: true)
        positionColumnEnd.removeAll(keepingCapacity: true)
        positionCharacterStart.removeAll(keepingCapacity: true)
        positionCharacterEnd.removeAll(keepingCapacity: true)
        positionTimeStart.removeAll(keepingCapacity: true)
        positionTimeEnd.removeAll(keepingCapacity: true)
        positionBreakCost.removeAll(keepingCapacity: true)
        for p in breakPositions {
            let space = p < tokens.count && tokens[p].spaceBefore ? 1 : 0
            positionColumnStart.append(columnsBefore[p] + space)
            positionColumnEnd.append(columnsBefore[p])
            positionCharacterStart.append(charactersBefore[p] + space)
            positionCharacterEnd.append(charactersBefore[p])
            positionTimeStart.append(p < tokens.count ? tokens[p].start : 0)
            positionTimeEnd.append(p > 0 ? tokens[p - 1].end : 0)
            positionBreakCost.append(p == 0 ? Cost.other : breakCost(after: p - 1))
        }
    }

    mutating func splitIntoCues(lineWidth: Int, charactersPerSecond: Double, speaker: Int32, timed: Bool) {
        let positions = breakPositions.count
        preparePositions()
        bestCost.removeAll(keepingCapacity: true)
        bestFrom.removeAll(keepingCapacity: true)
        bestCost.append(contentsOf: repeatElement(Int.max, count: positions))
        bestFrom.append(contentsOf: repeatElement(-1, count: positions))
        bestCost[0] = 0
        suffixBestBreak.removeAll(keepingCapacity: true)
        suffixBestBreak.append(contentsOf: repeatElement(Cost.other, count: positions))
        let maxLines = max(options.maxLines, 1)
        let maxWords = options.maxWords
        let maxDuration = options.maxDuration
        let wholeWidth = columns(0, tokens.count)
        // The search runs over unchecked views of the scratch tables: it is the captioner's hot
        // loop, every index is a break position in 0 ..< positions, and no table changes size.
        positionColumnStart.withUnsafeBufferPointer { columnStart in
        positionColumnEnd.withUnsafeBufferPointer { columnEnd in
        positionCharacterStart.withUnsafeBufferPointer { characterStart in
        positionCharacterEnd.withUnsafeBufferPointer { characterEnd in
        positionTimeStart.withUnsafeBufferPointer { timeStart in
        positionTimeEnd.withUnsafeBufferPointer { timeEnd in
        positionBreakCost.withUnsafeBufferPointer { breakCostAt in
        breakPositions.withUnsafeBufferPointer { breakAt in
        bestCost.withUnsafeMutableBufferPointer { bestCost in
        bestFrom.withUnsafeMutableBufferPointer { bestFrom in
        suffixBestBreak.withUnsafeMutableBufferPointer { suffixBestBreak in
            // The last break position whose first line from `from` fits only moves right as
            // `from` does (line starts only move right), so it is carried from one `from` to the next.
            var lastFirstLine = 0
            for from in 0 ..< positions - 1 where bestCost[from] != Int.max {
                let lineStart = columnStart[from]
                // For two-line cues: the best line break is the best break position q whose first line
                // fits (q <= lastFirstLine) and whose second line fits (q >= firstSecondLine, which only
                // moves right as the cue grows) — a suffix minimum over q, built once per `from`.
                if lastFirstLine < from { lastFirstLine = from }
                while lastFirstLine + 1 < positions - 1, columnEnd[lastFirstLine + 1] - lineStart <= lineWidth { lastFirstLine += 1 }
                if lastFirstLine > from {
                    suffixBestBreak[lastFirstLine] = breakCostAt[lastFirstLine]
                    var q = lastFirstLine - 1
                    while q > from { suffixBestBreak[q] = min(breakCostAt[q], suffixBestBreak[q + 1]); q -= 1 }
                }
                var firstSecondLine = from + 1
                // Greedy line filling, extended one unbreakable unit at a time.
                var lines = 1
                var lineColumns = 0
                var words = 0
                let fromCost = bestCost[from]
                let cueStart = timeStart[from]
                let cueCharacterStart = characterStart[from]
                for to in from + 1 ..< positions {
                    let b = breakAt[to]
                    let unitColumns = columnEnd[to] - columnStart[to - 1]
                    words += b - breakAt[to - 1]
                    if to == from + 1 {
                        lineColumns = unitColumns
                    } else {
                        let separator = columnStart[to - 1] - columnEnd[to - 1]
                        if lineColumns + separator + unitColumns <= lineWidth {
                            lineColumns += separator + unitColumns
                        } else {
                            lines += 1
                            lineColumns = unitColumns
                        }
                    }
                    let fits = lines <= maxLines && lineColumns <= lineWidth && (maxWords <= 0 || words <= maxWords)
                    if !fits && to > from + 1 { break }
                    var cost = fromCost + Cost.cue + 3 * breakCostAt[to]
                    let duration = timeEnd[to] - cueStart
                    if duration > maxDuration, to > from + 1 { cost += 300 + Int((duration - maxDuration) / 10) }
                    let reading = Int64(Double(characterEnd[to] - cueCharacterStart) * 1000 / charactersPerSecond)
                    if reading > duration { cost += Int((reading - duration) / 40) }
                    let cueColumns = columnEnd[to] - lineStart
                    if cueColumns * 3 < lineWidth, wholeWidth > lineWidth { cost += Cost.shortCue }
                    if lines == 2 {
                        while firstSecondLine < to, columnEnd[to] - columnStart[firstSecondLine] > lineWidth { firstSecondLine += 1 }
                        let best = firstSecondLine <= lastFirstLine && firstSecondLine < to ? suffixBestBreak[firstSecondLine] : Cost.other
                        cost += 3 * best / 2
                    }
                    if cost < bestCost[to] {
                        bestCost[to] = cost
                        bestFrom[to] = from
                    }
                }
            }
        }}}}}}}}}}}
        // Walk the best path back, then emit cues front to back.
        cuts.removeAll(keepingCapacity: true)
        var at = positions - 1
        while at > 0 { cuts.append(at); at = bestFrom[at] }
        var from = 0
        for c in cuts.indices.reversed() {
            let to = cuts[c]
            let a = breakPositions[from], b = breakPositions[to]
            lineStarts(from: from, to: to, lineWidth: lineWidth, maxLines: maxLines)
            emitCue(a, b, start: tokens[a].start, end: tokens[b - 1].end,
                    speaker: speaker, timed: timed, charactersPerSecond: charactersPerSecond)
            from = to
        }
    }

    /// Where lines start inside the cue of break positions `from ..< to` (token indices after the
    /// first line's start): the fewest lines that fit, balanced by width, preferring good break
    /// points and never leaving a short orphan word alone on a line. Left in ``lineBreaks``.
    mutating func lineStarts(from: Int, to: Int, lineWidth: Int, maxLines: Int) {
        lineBreaks.removeAll(keepingCapacity: true)
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
                cost += Double(positionBreakCost[q]) * 3
                if (q == from + 1 && first * 4 < lineWidth) || (q == to - 1 && second * 4 < lineWidth) { cost += Double(Cost.unbalanced) }
                if cost < best { best = cost; bestAt = p }
            }
            if bestAt >= 0 { lineBreaks.append(bestAt) }
            return
        }
        let target = Double(columns(a, b)) / Double(lineCount)
        // best[k][p] at k * count + p, previous likewise.
        lineBest.removeAll(keepingCapacity: true)
        lineBest.append(contentsOf: repeatElement(.infinity, count: (lineCount + 1) * count))
        linePrevious.removeAll(keepingCapacity: true)
        linePrevious.append(contentsOf: repeatElement(-1, count: (lineCount + 1) * count))
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
        cueBytes.removeAll(keepingCapacity: true)
        let firstWord = draftWordStart.count
        var nextLine = 0
        for k in a ..< b {
            let token = tokens[k]
            if k > a {
                if nextLine < lineBreaks.count, lineBreaks[nextLine] == k {
                    cueBytes.append(0x0A)
                    nextLine += 1
                } else if token.spaceBefore {
                    cueBytes.append(0x20)
                }
            }
            if timed {
                draftWordStart.append(token.start)
                draftWordOffset.append(UInt32(cueBytes.count))
                draftWordLength.append(UInt32(token.length))
            }
            let offset = Int(token.offset), length = Int(token.length)
            tokenBytes.withUnsafeBytes { cueBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[offset ..< offset + length])) }
        }
        let range = cueBytes.withUnsafeBytes { cues.text.appendTrusted($0) }
        let reading = Int64((Double(characters(a, b)) * 1000 / charactersPerSecond).rounded(.up))
        drafts.append(DraftCue(
            start: max(start, 0), end: end, readingTime: reading, speaker: speaker, text: range,
            words: WordRange(start: UInt32(firstWord), count: UInt32(draftWordStart.count - firstWord))))
    }

    // MARK: Timing

    /// Orders the drafts by start, lengthens and chains them, repairs overlaps, and returns the cues.
    mutating func finish() -> CueList {
        let o = options
        var order = Array(drafts.indices)
        if zip(drafts, drafts.dropFirst()).contains(where: { $0.start > $1.start }) {
            order.sort { drafts[$0].start != drafts[$1].start ? drafts[$0].start < drafts[$1].start : $0 < $1 }
        }
        let minimum = max(o.minDuration, 1)
        // Lengthen to the minimum duration and reading time, then chain small gaps.
        var ends = order.map { drafts[$0].end }
        for (position, index) in order.enumerated() {
            let draft = drafts[index]
            let nextStart = position + 1 < order.count ? drafts[order[position + 1]].start : Int64.max
            var end = ends[position]
            if !o.segmentPerCue {
                let wanted = draft.start + min(max(o.minDuration, draft.readingTime), max(o.maxDuration, o.minDuration))
                if end < wanted { end = max(end, min(wanted, nextStart - o.minGap)) }
                if nextStart != .max, nextStart > end, nextStart - end <= o.chainGap, nextStart - o.minGap - draft.start <= o.maxDuration {
                    end = max(end, nextStart - o.minGap)
                }
            }
            ends[position] = end
        }
        // Repair: starts never go back, cues never overlap, every cue lasts.
        cues.start.reserveCapacity(order.count)
        for (position, index) in order.enumerated() {
            let draft = drafts[index]
            var start = draft.start
            if let previous = cues.end.indices.last {
                if cues.end[previous] + o.minGap > start {
                    let trimmed = max(start - o.minGap, cues.start[previous] + minimum)
                    if trimmed < cues.end[previous] { cues.end[previous] = trimmed }
                }
                start = max(start, cues.end[previous] + o.minGap)
            }
            var end = ends[position]
            if end <= start { end = start + minimum }
            let firstWord = cues.wordStart.count
            for w in draft.words.indices {
                cues.wordStart.append(draftWordStart[w])
                cues.wordOffset.append(draftWordOffset[w])
                cues.wordLength.append(draftWordLength[w])
            }
            cues.append(start: start, end: end, speaker: draft.speaker, text: draft.text,
                        words: WordRange(start: UInt32(firstWord), count: draft.words.count))
        }
        return cues
    }

    // MARK: Words

    /// English conjunctions and prepositions: a line or cue reads better starting with one.
    static let connectors: [StaticString] = [
        "and", "but", "or", "nor", "so", "yet", "because", "that", "which", "who", "when", "while", "if",
        "to", "of", "in", "on", "at", "for", "with", "from", "by", "about", "as", "into", "than", "then",
        "after", "before", "until", "although", "though", "where", "unless", "since", "over", "under",
    ]

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
        let keys = connectorKeys
        var low = 0, high = keys.count - 1
        while low <= high {
            let mid = (low + high) >> 1
            if keys[mid] < key { low = mid + 1 } else if keys[mid] > key { high = mid - 1 } else { return true }
        }
        return false
    }

    /// ``connectors`` packed as ``isConnector(_:)`` packs a word, sorted.
    static let connectorKeys: [UInt64] = connectors.map { word in
        var key: UInt64 = 0
        for k in 0 ..< word.utf8CodeUnitCount { key |= UInt64(word.utf8Start[k]) << (8 * UInt64(k)) }
        return key
    }.sorted()
}
