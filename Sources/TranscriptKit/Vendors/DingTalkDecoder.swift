#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// DingTalk Video Meeting `QueryCloudRecordText` (`getTexts`) responses: cloud-recording text.
///
/// ```json
/// {"hasMore":true,"paragraphList":[{"nextTtoken":1631172045153000,"unionId":"WFBkgJvxxx",
///   "nickName":"Xiao Ding","recordId":44444,"startTime":7940,"endTime":7940,"paragraph":"...",
///   "sentenceList":[{"sentence":"...","startTime":7940,"endTime":7940,
///                    "wordList":[{"word":"This","startTime":7940,"endTime":7940,"wordId":"..."}]}]}]}
/// ```
/// - A paragraph is a speaker's turn; its sentences are the segments (a paragraph without
///   sentences is one segment) and keep their words. The segment's ``SegmentColumns/group`` is
///   the paragraph, numbered in time order.
/// - The speaker is the paragraph's `unionId` (or `userId`) and `nickName`.
/// - Times are ms since the recording started: the origin stays unknown unless given.
/// - Pages may come in either direction and overlap: a paragraph whose `recordId`, start and
///   speaker were seen before is skipped. ``PageInfo`` carries `hasMore` and the cursor (the
///   `nextTtoken` of the page's last paragraph).
/// - Keys may be PascalCase (`StartTime`, `NickName`, `Word`, ...); `recordId` may be a number or
///   a string; words with empty text are dropped.
/// - `{"code":"...","message":"..."}` is a ``TranscriptError/Kind/vendorError`` carrying `code`.
final class DingTalkDecoder: VendorDecoder {
    static let format = SourceFormat.dingtalk

    static func detectionScore(rootKey key: UnsafeRawBufferPointer, inArray: Bool) -> DetectionScore {
        if inArray { return .none }
        if key.equalsCamel("paragraphList") { return .strong }
        if key.equals("hasMore") || key.equals("requestid") || key.equals("code") { return .weak }
        return .none
    }

    private enum Level: UInt8 { case root, paragraphs, paragraph, sentences, sentence, words, word }
    fileprivate enum Field: UInt8 {
        case none, hasMore, paragraphList, code, message, cursor
        case speakerUnion, speakerUser, nickName, recordId, startTime, endTime, paragraph, sentenceList
        case sentence, wordList, word
    }

    // Every stored property is unchecked for exclusivity at run time: a class's stored
    // properties are otherwise checked on every touch (`swift_beginAccess`, 7 % of a DingTalk decode under
    // callgrind). Safe because the parser calls a handler from one thread, one event at a
    // time, and no event handler re-enters another.
    @exclusivity(unchecked) var builder: TranscriptBuilder
    @exclusivity(unchecked) private var levels = LevelStack<Level>()
    @exclusivity(unchecked) private var field = Field.none

    // Page state.
    @exclusivity(unchecked) private var hasMore = false
    @exclusivity(unchecked) private var sawParagraphList = false
    @exclusivity(unchecked) private var hasMoreSeen = false
    @exclusivity(unchecked) private var code = ByteScratch()
    @exclusivity(unchecked) private var sawCode = false
    @exclusivity(unchecked) private var message = ByteScratch()
    @exclusivity(unchecked) private var cursor = ByteScratch()
    @exclusivity(unchecked) private var duplicates = 0

    // The paragraph being decoded; its sentences are committed as they end and patched (speaker,
    // group) or rolled back (duplicate) when the paragraph ends, since keys come in any order.
    @exclusivity(unchecked) private var paragraphSegmentMark = 0
    @exclusivity(unchecked) private var paragraphWordMark = 0
    @exclusivity(unchecked) private var paragraphArenaMark = 0
    @exclusivity(unchecked) private var speakerID = ByteScratch()
    @exclusivity(unchecked) private var speakerIDIsUnion = false
    @exclusivity(unchecked) private var nickName = ByteScratch()
    @exclusivity(unchecked) private var recordID = ByteScratch()
    @exclusivity(unchecked) private var paragraphStart: Int64?
    @exclusivity(unchecked) private var paragraphEnd: Int64?
    @exclusivity(unchecked) private var paragraphText = ByteScratch()
    @exclusivity(unchecked) private var paragraphCursor = ByteScratch()

    // Paragraph starts by input number, to number groups in time order (see `renumberGroups`).
    @exclusivity(unchecked) private var groupStarts: [Int64] = []
    @exclusivity(unchecked) private var inputOfRank: [Int32] = []
    @exclusivity(unchecked) private var dedupeKey = ByteScratch()

    init(limits: DecodeLimits) {
        builder = TranscriptBuilder(source: Self.format.rawValue, limits: limits)
        builder.timeBase = .relative
    }

    func beginDocument() {
        levels.removeAll()
        field = .none
        hasMore = false
        sawParagraphList = false
        hasMoreSeen = false
        sawCode = false
        code.removeAll()
        message.removeAll()
        cursor.removeAll()
        duplicates = 0
    }

    func endDocument() throws(TranscriptError) -> PageInfo {
        renumberGroups()
        let cursorText = cursor.isEmpty ? nil : String(decoding: cursor.bytes, as: UTF8.self)
        return PageInfo(cursor: cursorText, hasMore: hasMore, duplicatesSkipped: duplicates)
    }

    // MARK: Containers

    func startObject() throws(TranscriptError) -> Bool {
        guard let top = levels.last else {
            levels.append(.root)
            return true
        }
        switch top {
        case .paragraphs:
            levels.append(.paragraph)
            beginParagraph()
        case .sentences:
            levels.append(.sentence)
            builder.beginSegment()
        case .words:
            levels.append(.word)
            builder.beginWord()
        default:
            throw unexpected("an object")
        }
        field = .none
        return true
    }

    func endObject() throws(TranscriptError) {
        switch levels.popLast() {
        case .word: try builder.commitWordIfPlaceable()
        case .sentence: try commitSentence()
        case .paragraph: try commitParagraph()
        case .root:
            if sawCode, !sawParagraphList {
                let codeText = String(decoding: code.bytes, as: UTF8.self)
                var text = "DingTalk error \(codeText)"
                if !message.isEmpty, !message.bytes.elementsEqual(code.bytes) { text += ": " + String(decoding: message.bytes, as: UTF8.self) }
                throw TranscriptError(.vendorError, text, vendorCode: codeText)
            }
            if !sawParagraphList, !sawCode, !hasMoreSeen {
                throw TranscriptError(.notATranscript, "no `paragraphList`: not a DingTalk getTexts response")
            }
        default: break
        }
        field = .none
    }

    func startArray() throws(TranscriptError) -> Bool {
        guard let top = levels.last else {
            throw TranscriptError(.notATranscript, "a DingTalk response is a JSON object, not an array")
        }
        switch (top, field) {
        case (.root, .paragraphList):
            sawParagraphList = true
            levels.append(.paragraphs)
        case (.paragraph, .sentenceList): levels.append(.sentences)
        case (.sentence, .wordList): levels.append(.words)
        default: throw unexpected("an array")
        }
        field = .none
        return true
    }

    func endArray() throws(TranscriptError) {
        levels.removeLast()
        field = .none
    }

    // MARK: Keys

    func key(_ key: UnsafeRawBufferPointer) throws(TranscriptError) -> Bool {
        switch levels.last {
        case .word: field = Self.wordField(key)
        case .sentence: field = Self.sentenceField(key)
        case .paragraph: field = Self.paragraphField(key)
        case .root:
            if key.equalsCamel("paragraphList") { field = .paragraphList }
            else if key.equalsCamel("hasMore") { field = .hasMore; hasMoreSeen = true }
            else if key.equalsCamel("code") { field = .code; sawCode = true }
            else if key.equalsCamel("message") { field = .message }
            else if key.equalsCamel("nextTtoken") || key.equalsCamel("nextToken") { field = .cursor }
            else { field = .none }
        default: field = .none
        }
        return field != .none
    }

    private static func wordField(_ key: UnsafeRawBufferPointer) -> Field {
        switch key.count {
        case 4 where key.equalsCamel("word"): return .word
        case 7 where key.equalsCamel("endTime"): return .endTime
        case 9 where key.equalsCamel("startTime"): return .startTime
        default: return .none
        }
    }

    private static func sentenceField(_ key: UnsafeRawBufferPointer) -> Field {
        switch key.count {
        case 7 where key.equalsCamel("endTime"): return .endTime
        case 8 where key.equalsCamel("sentence"): return .sentence
        case 8 where key.equalsCamel("wordList"): return .wordList
        case 9 where key.equalsCamel("startTime"): return .startTime
        default: return .none
        }
    }

    private static func paragraphField(_ key: UnsafeRawBufferPointer) -> Field {
        switch key.count {
        case 6 where key.equalsCamel("userId"): return .speakerUser
        case 7 where key.equalsCamel("unionId"): return .speakerUnion
        case 7 where key.equalsCamel("endTime"): return .endTime
        case 8 where key.equalsCamel("nickName"): return .nickName
        case 8 where key.equalsCamel("recordId"): return .recordId
        case 9 where key.equalsCamel("startTime"): return .startTime
        case 9 where key.equalsCamel("paragraph"): return .paragraph
        case 9 where key.equalsCamel("nextToken"): return .cursor
        case 10 where key.equalsCamel("nextTtoken"): return .cursor
        case 12 where key.equalsCamel("sentenceList"): return .sentenceList
        default: return .none
        }
    }

    // MARK: Values

    func string(_ value: UnsafeRawBufferPointer) throws(TranscriptError) {
        switch field {
        case .word:
            builder.word.text = value.isEmpty ? .empty : try builder.storeText(value)
        case .sentence:
            builder.draft.text = try builder.storeText(value)
            builder.draft.hasText = true
        case .startTime, .endTime:
            try setTime(FieldParsing.milliseconds(string: value, scale: 1, field: field == .startTime ? "startTime" : "endTime"))
        case .speakerUnion, .speakerUser: setSpeakerID(value)
        case .nickName: nickName.replace(with: value)
        case .recordId: recordID.replace(with: value)
        case .paragraph: paragraphText.replace(with: value)
        case .cursor: if levels.last == .root { cursor.replace(with: value) } else { paragraphCursor.replace(with: value) }
        case .code: code.replace(with: UnsafeRawBufferPointer(rebasing: value.prefix(200)))
        case .message: message.replace(with: UnsafeRawBufferPointer(rebasing: value.prefix(500)))
        case .hasMore:
            if value.equals("true") { hasMore = true } else if value.equals("false") { hasMore = false }
            else { throw FieldParsing.wrongType("hasMore", expected: "a boolean", got: "a string") }
        default: throw unexpected("a string")
        }
        field = .none
    }

    func number(_ raw: UnsafeRawBufferPointer) throws(TranscriptError) {
        switch field {
        case .startTime, .endTime:
            try setTime(FieldParsing.milliseconds(number: raw, scale: 1, field: field == .startTime ? "startTime" : "endTime"))
        case .recordId: recordID.replace(with: raw)
        case .cursor: if levels.last == .root { cursor.replace(with: raw) } else { paragraphCursor.replace(with: raw) }
        case .speakerUnion, .speakerUser: setSpeakerID(raw)
        case .code: code.replace(with: raw)
        default: throw unexpected("a number")
        }
        field = .none
    }

    func bool(_ value: Bool) throws(TranscriptError) {
        guard field == .hasMore else { throw unexpected("a boolean") }
        hasMore = value
        field = .none
    }

    func null() throws(TranscriptError) {
        // A null optional field is as good as a missing one.
        field = .none
    }

    private func setTime(_ milliseconds: Int64) throws(TranscriptError) {
        let isStart = field == .startTime
        switch levels.last {
        case .word: if isStart { builder.word.start = milliseconds } else { builder.word.end = milliseconds }
        case .sentence: if isStart { builder.draft.start = milliseconds } else { builder.draft.end = milliseconds }
        case .paragraph: if isStart { paragraphStart = milliseconds } else { paragraphEnd = milliseconds }
        default: break
        }
    }

    /// `unionId` wins over `userId`, whichever comes first.
    private func setSpeakerID(_ value: UnsafeRawBufferPointer) {
        let isUnion = field == .speakerUnion
        guard isUnion || !speakerIDIsUnion || speakerID.isEmpty else { return }
        speakerID.replace(with: value)
        speakerIDIsUnion = isUnion
    }

    // MARK: Records

    private func beginParagraph() {
        paragraphSegmentMark = builder.transcript.segments.count
        paragraphWordMark = builder.transcript.words.count
        paragraphArenaMark = builder.transcript.text.byteCount
        speakerID.removeAll()
        speakerIDIsUnion = false
        nickName.removeAll()
        recordID.removeAll()
        paragraphText.removeAll()
        paragraphCursor.removeAll()
        paragraphStart = nil
        paragraphEnd = nil
    }

    private func commitSentence() throws(TranscriptError) {
        let firstWord = builder.draft.wordMark
        if builder.draft.start == nil {
            builder.draft.start = firstWord < builder.transcript.words.count ? builder.transcript.words.start[firstWord] : paragraphStart
        }
        guard let start = builder.draft.start else {
            builder.discardSegment()
            throw TranscriptError(.missingField, "sentence has no `startTime`")
        }
        if let end = builder.draft.end, end <= start { builder.draft.flags.insert(.endNeedsCheck) }
        try builder.commitSegment()
    }

    private func commitParagraph() throws(TranscriptError) {
        if !paragraphCursor.isEmpty {
            cursor.replace(with: paragraphCursor.bytes)
        }
        var hasSentences = builder.transcript.segments.count > paragraphSegmentMark
        // The start of a paragraph whose keys came in an unusual order may be unknown until now.
        let start = paragraphStart ?? (hasSentences ? builder.transcript.segments.start[paragraphSegmentMark] : nil)
        guard let start else {
            if paragraphText.isEmpty { return }
            throw TranscriptError(.missingField, "paragraph has no `startTime`")
        }
        // Pages overlap: the same recordId + start + speaker is the same paragraph.
        dedupeKey.removeAll()
        dedupeKey.append(recordID.bytes)
        dedupeKey.append(0x1F)
        withUnsafeBytes(of: start.littleEndian) { dedupeKey.append($0) }
        dedupeKey.append(speakerID.bytes)
        let fresh = builder.insertKey(dedupeKey.bytes)
        guard fresh else {
            builder.truncateSegments(to: paragraphSegmentMark)
            builder.transcript.words.truncate(to: paragraphWordMark)
            builder.transcript.text.truncate(to: paragraphArenaMark)
            duplicates += 1
            return
        }
        let group = Int32(groupStarts.count)
        groupStarts.append(start)
        if !hasSentences, !paragraphText.isEmpty {
            builder.beginSegment()
            builder.draft.start = start
            builder.draft.end = paragraphEnd
            if let end = paragraphEnd, end <= start { builder.draft.flags.insert(.endNeedsCheck) }
            builder.draft.text = try builder.storeText(paragraphText.bytes)
            try builder.commitSegment()
            hasSentences = true
        }
        guard hasSentences else { return }
        var speaker: Int32 = -1
        if !speakerID.isEmpty || !nickName.isEmpty {
            speaker = builder.transcript.speakers.intern(id: speakerID.isEmpty ? nickName.bytes : speakerID.bytes, name: nickName.bytes)
        }
        for i in paragraphSegmentMark ..< builder.transcript.segments.count {
            builder.transcript.segments.speaker[i] = speaker
            builder.transcript.segments.group[i] = group
        }
    }

    /// Renumbers paragraph groups so that group 0 is the earliest paragraph, whatever order the
    /// pages came in (ties keep input order). Segments of earlier pages hold their paragraph's
    /// rank; this page's hold the paragraph's input number.
    private func renumberGroups() {
        let n = groupStarts.count
        defer { firstSegmentOfPage = builder.transcript.segments.count }
        var sorted = true
        for i in Swift.max(1, ranksKnownFor) ..< Swift.max(1, n) where groupStarts[i] < groupStarts[i - 1] { sorted = false; break }
        if sorted, groupsInInputOrder {
            // The common case (ascending pages): rank = input number, nothing to rewrite.
            ranksKnownFor = n
            return
        }
        let previousInputOfRank = groupsInInputOrder ? [Int32](0 ..< Int32(ranksKnownFor)) : inputOfRank
        var order = [Int32](0 ..< Int32(n))
        order.sort { a, b in
            let sa = groupStarts[Int(a)], sb = groupStarts[Int(b)]
            return sa != sb ? sa < sb : a < b
        }
        var rankOfInput = [Int32](repeating: 0, count: n)
        for (rank, input) in order.enumerated() { rankOfInput[Int(input)] = Int32(rank) }
        for i in 0 ..< builder.transcript.segments.count {
            let g = builder.transcript.segments.group[i]
            guard g >= 0 else { continue }
            let input = i < firstSegmentOfPage ? previousInputOfRank[Int(g)] : g
            builder.transcript.segments.group[i] = rankOfInput[Int(input)]
        }
        inputOfRank = order
        groupsInInputOrder = false
        ranksKnownFor = n
    }

    /// Segments before this index belong to earlier pages.
    @exclusivity(unchecked) private var firstSegmentOfPage = 0
    /// Paragraphs numbered by the last renumbering.
    @exclusivity(unchecked) private var ranksKnownFor = 0
    /// Whether every paragraph so far came in time order (then rank = input number).
    @exclusivity(unchecked) private var groupsInInputOrder = true

    private func unexpected(_ what: String) -> TranscriptError {
        if field == .none { return TranscriptError(.wrongType, "unexpected \(what) in a DingTalk response") }
        return TranscriptError(.wrongType, "`\(field.name)` cannot be \(what)")
    }
}

extension SourceFormat {
    /// DingTalk Video Meeting cloud-recording text (`QueryCloudRecordText`).
    public static let dingtalk = SourceFormat("dingtalk")
}

private extension DingTalkDecoder.Field {
    var name: String {
        switch self {
        case .speakerUnion: return "unionId"
        case .speakerUser: return "userId"
        case .cursor: return "nextTtoken"
        default: return String(describing: self)
        }
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes spell `camelCase` or its PascalCase form (first letter upper case).
    @inline(__always)
    func equalsCamel(_ camelCase: StaticString) -> Bool {
        let count = camelCase.utf8CodeUnitCount
        guard self.count == count, count > 0 else { return false }
        let literal = camelCase.utf8Start
        guard self[0] == literal[0] || self[0] | 0x20 == literal[0] else { return false }
        return count == 1 || memcmp(baseAddress! + 1, literal + 1, count - 1) == 0
    }
}
