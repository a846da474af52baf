/// Tencent TRTC AI transcription messages (`StartAITranscription`), as a client saves them from
/// the TRTC custom-message callback (CmdId 1): JSON Lines, concatenated JSON values, or one
/// JSON array of messages.
///
/// ```json
/// {"type":10000,"sender":"alice","receiver":[],"payload":{"text":"so the build","start_time":"00:00:01",
///  "end_time":"00:00:02","end":false,"roundid":"7c0f2a6e-..."}}
/// {"type":10000,"sender":"alice","receiver":[],"payload":{"translation_text":"...","translation_language":"en",
///  "start_time_ms":1180,"end_time_ms":4390,"end":true,"roundid":"7c0f2a6e-..."}}
/// {"type":"transcription","userid":"zhao_lei","text":"...","translation_text":"...","start_time":"00:00:00","end_time":"00:00:03"}
/// ```
/// - `type` 10000 is a transcription (or translation) message; the 2024 shape's `"subtitle"`
///   is an interim result and `"transcription"` a final one. Every other type (10001 bot state,
///   10020 metrics, 10030 errors, ...) is skipped.
/// - `end:false` is an interim (partial) result. A message replaces the open partial of the same
///   sentence — same sender and same `roundid`, or without a `roundid` the sender's open
///   partial; a final closes the sentence. A partial that no final replaced is kept, flagged
///   ``SegmentFlags/partial``. A final with empty text is dropped (the partial it would have
///   replaced, if any, stays as a partial).
/// - Times are since the task started (origin unknown unless given): `start_time_ms`/`end_time_ms`
///   when present, else `start_time`/`end_time` as `H+:MM:SS`.
/// - A translation attaches to its sentence by `roundid`, whichever comes first, as the
///   segment's ``SegmentColumns/translation``; per sentence, the first language seen is kept
///   (a later message in that language replaces it, except a partial after a final). A
///   translation whose sentence never arrives stays as a segment with empty text.
/// - The decoder keeps its state across pages: several files are one continuing stream.
final class TencentDecoder: VendorDecoder {
    static let format = SourceFormat.tencent

    static func detectionScore(rootKey key: UnsafeRawBufferPointer, inArray: Bool) -> DetectionScore {
        switch key.count {
        case 6 where key.equals("sender"), 6 where key.equals("userid"): return .strong
        case 7 where key.equals("payload"): return .strong
        case 8 where key.equals("receiver"): return .strong
        case 4 where key.equals("type"): return .weak
        default: return .none
        }
    }

    static var acceptsRootArray: Bool { true }

    private enum Level: UInt8 { case array, message, payload }
    fileprivate enum Field: UInt8 {
        case none, type, sender, payload
        case text, translation, language, startClock, endClock, startMs, endMs, end, roundID
    }

    /// What a message's `type` says.
    private enum Kind: UInt8 { case unknown, current, subtitle, transcription, other }

    // Every stored property is unchecked for exclusivity at run time: a class's stored
    // properties are otherwise checked on every touch (`swift_beginAccess`, 8 % of a Tencent decode under
    // callgrind). Safe because the parser calls a handler from one thread, one event at a
    // time, and no event handler re-enters another.
    @exclusivity(unchecked) var builder: TranscriptBuilder
    @exclusivity(unchecked) private var levels = LevelStack<Level>()
    @exclusivity(unchecked) private var field = Field.none

    // The message being decoded: text and translation go to the builder's draft.
    @exclusivity(unchecked) private var kind = Kind.unknown
    @exclusivity(unchecked) private var sender = ByteScratch()
    @exclusivity(unchecked) private var roundID = ByteScratch()
    @exclusivity(unchecked) private var language = ByteScratch()
    @exclusivity(unchecked) private var hasTextField = false
    @exclusivity(unchecked) private var hasTranslationField = false
    @exclusivity(unchecked) private var startMs: Int64?
    @exclusivity(unchecked) private var endMs: Int64?
    @exclusivity(unchecked) private var startClock: Int64?
    @exclusivity(unchecked) private var endClock: Int64?
    @exclusivity(unchecked) private var isFinal: Bool?

    // Sentences across messages. Keys: 1 + sender (a sender's open partial without roundid),
    // 2 + sender + 0 + roundid (a sentence), 3 + roundid (a round, for translations).
    @exclusivity(unchecked) private var keys = ByteKeySet()
    @exclusivity(unchecked) private var keyBuffer = ByteScratch()
    /// Per key: the open partial's segment (sentence keys) or the round's latest segment (round
    /// keys); -1 when none.
    @exclusivity(unchecked) private var keySegment: [Int32] = []
    /// Per round key: the translation language kept (index into `languages`), -1 when none yet.
    @exclusivity(unchecked) private var keyLanguage: [Int32] = []
    /// Per round key: `roundTranslationFinal`, `roundSegmentIsPlaceholder`.
    @exclusivity(unchecked) private var keyFlags: [UInt8] = []
    private static let roundTranslationFinal: UInt8 = 1
    private static let roundSegmentIsPlaceholder: UInt8 = 2
    @exclusivity(unchecked) private var languages = ByteKeySet()

    init(limits: DecodeLimits) {
        builder = TranscriptBuilder(source: Self.format.rawValue, limits: limits)
        builder.timeBase = .relative
    }

    func beginDocument() {
        levels.removeAll()
        field = .none
        topLevelValues = 0
        rootIsArray = false
    }

    /// Top-level values completed in this document, and whether the first was an array: a stream
    /// is either one array of messages or a sequence of message objects, never a mix.
    @exclusivity(unchecked) private var topLevelValues = 0
    @exclusivity(unchecked) private var rootIsArray = false

    /// A top-level value that cannot be a message.
    private func notAMessage(_ what: String) -> TranscriptError {
        topLevelValues == 0
            ? TranscriptError(.notATranscript, "\(what) is not a Tencent TRTC message or array of messages")
            // After the first message, the stream's framing is broken: report it as syntax.
            : TranscriptError(.syntax, "\(what) in a stream of JSON messages (only objects may follow one another)")
    }

    func endDocument() throws(TranscriptError) -> PageInfo {
        PageInfo()
    }

    func acceptsAnotherTopLevelValue() -> Bool { !rootIsArray }

    // MARK: Containers

    func startObject() throws(TranscriptError) -> Bool {
        switch levels.last {
        case nil, .array:
            levels.append(.message)
            beginMessage()
        case .message:
            guard field == .payload else { throw unexpected("an object") }
            levels.append(.payload)
        default:
            throw unexpected("an object")
        }
        field = .none
        return true
    }

    func endObject() throws(TranscriptError) {
        if levels.popLast() == .message { try commitMessage() }
        if levels.isEmpty { topLevelValues += 1 }
        field = .none
    }

    func startArray() throws(TranscriptError) -> Bool {
        guard levels.isEmpty else { throw unexpected("an array") }
        guard topLevelValues == 0 else { throw notAMessage("an array") }
        rootIsArray = true
        levels.append(.array)
        return true
    }

    func endArray() throws(TranscriptError) {
        levels.removeLast()
        if levels.isEmpty { topLevelValues += 1 }
        field = .none
    }

    // MARK: Keys

    func key(_ key: UnsafeRawBufferPointer) throws(TranscriptError) -> Bool {
        // Once `type` says the message is not a transcription, the rest is not even looked at.
        guard kind != .other else { field = .none; return false }
        switch levels.last {
        case .payload:
            field = Self.contentField(key)
        case .message:
            switch key.count {
            case 4 where key.equals("type"): field = .type
            case 6 where key.equals("sender"), 6 where key.equals("userid"): field = .sender
            case 7 where key.equals("payload"): field = .payload
            default: field = Self.contentField(key) // the 2024 shape has no payload
            }
        default:
            field = .none
        }
        return field != .none
    }

    private static func contentField(_ key: UnsafeRawBufferPointer) -> Field {
        switch key.count {
        case 3 where key.equals("end"): return .end
        case 4 where key.equals("text"): return .text
        case 7 where key.equals("roundid"): return .roundID
        case 8 where key.equals("end_time"): return .endClock
        case 10 where key.equals("start_time"): return .startClock
        case 11 where key.equals("end_time_ms"): return .endMs
        case 13 where key.equals("start_time_ms"): return .startMs
        case 16 where key.equals("translation_text"): return .translation
        case 20 where key.equals("translation_language"): return .language
        default: return .none
        }
    }

    // MARK: Values

    func string(_ value: UnsafeRawBufferPointer) throws(TranscriptError) {
        if levels.isEmpty { throw notAMessage("a string") }
        switch field {
        case .text:
            hasTextField = true
            builder.draft.text = value.isEmpty ? .empty : try builder.storeText(value)
        case .translation:
            hasTranslationField = true
            builder.draft.translation = value.isEmpty ? .empty : try builder.storeText(value)
        case .startClock: startClock = try Self.clock(value, field: "start_time")
        case .endClock: endClock = try Self.clock(value, field: "end_time")
        case .startMs: startMs = try FieldParsing.milliseconds(string: value, scale: 1, field: "start_time_ms")
        case .endMs: endMs = try FieldParsing.milliseconds(string: value, scale: 1, field: "end_time_ms")
        case .sender: sender.replace(with: value)
        case .roundID: roundID.replace(with: value)
        case .language: language.replace(with: value)
        case .type:
            if value.equals("subtitle") { kind = .subtitle }
            else if value.equals("transcription") { kind = .transcription }
            else if value.equals("10000") { kind = .current }
            else { kind = .other }
        case .end:
            if value.equals("true") { isFinal = true } else if value.equals("false") { isFinal = false }
            else { throw FieldParsing.wrongType("end", expected: "a boolean", got: "a string") }
        default: throw unexpected("a string")
        }
        field = .none
    }

    func number(_ raw: UnsafeRawBufferPointer) throws(TranscriptError) {
        if levels.isEmpty { throw notAMessage("a number") }
        switch field {
        case .type: kind = raw.equals("10000") ? .current : .other
        case .startMs: startMs = try FieldParsing.milliseconds(number: raw, scale: 1, field: "start_time_ms")
        case .endMs: endMs = try FieldParsing.milliseconds(number: raw, scale: 1, field: "end_time_ms")
        case .end: isFinal = !raw.equals("0")
        case .sender: sender.replace(with: raw)
        case .roundID: roundID.replace(with: raw)
        default: throw unexpected("a number")
        }
        field = .none
    }

    func bool(_ value: Bool) throws(TranscriptError) {
        if levels.isEmpty { throw notAMessage("a boolean") }
        guard field == .end else { throw unexpected("a boolean") }
        isFinal = value
        field = .none
    }

    func null() throws(TranscriptError) {
        if levels.isEmpty { throw notAMessage("null") }
        // A null optional field is as good as a missing one.
        field = .none
    }

    private static func clock(_ value: UnsafeRawBufferPointer, field: StaticString) throws(TranscriptError) -> Int64 {
        guard let milliseconds = TimeParsing.parseClockMilliseconds(value) else {
            throw TranscriptError(.wrongType, "`\(field)` should be a time like HH:MM:SS, not \"\(FieldParsing.printable(value))\"")
        }
        return milliseconds
    }

    // MARK: Messages

    private func beginMessage() {
        builder.beginSegment()
        kind = .unknown
        sender.removeAll()
        roundID.removeAll()
        language.removeAll()
        hasTextField = false
        hasTranslationField = false
        startMs = nil
        endMs = nil
        startClock = nil
        endClock = nil
        isFinal = nil
    }

    private func commitMessage() throws(TranscriptError) {
        let final: Bool
        switch kind {
        case .current: final = isFinal ?? true
        case .subtitle: final = false
        case .transcription: final = true
        case .unknown, .other:
            builder.discardSegment()
            return
        }
        if let start = startMs ?? startClock { builder.draft.start = start }
        if let end = endMs ?? endClock { builder.draft.end = end }
        if hasTextField {
            try commitSentence(final: final)
        } else if hasTranslationField {
            try commitTranslation(final: final)
        } else {
            builder.discardSegment()
        }
    }

    /// A transcription message: a new sentence, or the next state of an open one.
    private func commitSentence(final: Bool) throws(TranscriptError) {
        guard let start = builder.draft.start else {
            builder.discardSegment()
            throw TranscriptError(.missingField, "transcription message has no `start_time`")
        }
        if final, builder.draft.text.isEmpty {
            builder.discardSegment()
            return
        }
        if let end = builder.draft.end, end <= start { builder.draft.flags.insert(.endNeedsCheck) }
        if !final { builder.draft.flags.insert(.partial) }
        if !sender.isEmpty { builder.setSpeaker(id: sender.bytes) }

        let hasRound = !roundID.isEmpty
        let sentence = sentenceKey(hasRound: hasRound)
        let round = hasRound ? roundKey() : -1
        var target = Int(keySegment[sentence])
        if target < 0, round >= 0, keyFlags[round] & Self.roundSegmentIsPlaceholder != 0 {
            // The translation came first and holds the place.
            target = Int(keySegment[round])
        }
        let index: Int
        if target >= 0 {
            if builder.draft.translation.isEmpty {
                builder.draft.translation = builder.transcript.segments.translation[target]
            }
            builder.commitSegment(replacing: target)
            index = target
        } else {
            try builder.commitSegment()
            index = builder.transcript.segments.count - 1
        }
        keySegment[sentence] = final ? -1 : Int32(index)
        if round >= 0 {
            keySegment[round] = Int32(index)
            keyFlags[round] &= ~Self.roundSegmentIsPlaceholder
        }
    }

    /// A translation message: attached to its round's sentence, or holding its place.
    private func commitTranslation(final: Bool) throws(TranscriptError) {
        let translation = builder.draft.translation
        guard !translation.isEmpty else {
            builder.discardSegment()
            return
        }
        let round = roundID.isEmpty ? -1 : roundKey()
        if round >= 0 {
            let languageIndex = Int32(languages.index(inserting: language.bytes).index)
            if keyLanguage[round] < 0 { keyLanguage[round] = languageIndex }
            let wasFinal = keyFlags[round] & Self.roundTranslationFinal != 0
            guard keyLanguage[round] == languageIndex, final || !wasFinal else {
                builder.discardSegment()
                return
            }
            if final { keyFlags[round] |= Self.roundTranslationFinal }
            let segment = Int(keySegment[round])
            if segment >= 0 {
                // The text stays stored where the draft put it; the draft itself is dropped.
                builder.transcript.segments.translation[segment] = translation
                if keyFlags[round] & Self.roundSegmentIsPlaceholder != 0 {
                    var flags = builder.transcript.segments.flags[segment]
                    if final { flags.remove(.partial) } else { flags.insert(.partial) }
                    builder.transcript.segments.flags[segment] = flags
                }
                return
            }
        }
        // No sentence yet: a segment with no text holds the translation and its times.
        guard builder.draft.start != nil else {
            builder.discardSegment()
            throw TranscriptError(.missingField, "translation message has no `start_time_ms`")
        }
        if !final { builder.draft.flags.insert(.partial) }
        if let start = builder.draft.start, let end = builder.draft.end, end <= start { builder.draft.flags.insert(.endNeedsCheck) }
        if !sender.isEmpty { builder.setSpeaker(id: sender.bytes) }
        try builder.commitSegment()
        if round >= 0 {
            keySegment[round] = Int32(builder.transcript.segments.count - 1)
            keyFlags[round] |= Self.roundSegmentIsPlaceholder
        }
    }

    /// The key of the sentence this message belongs to: its sender and round, or without a
    /// round the sender's open partial.
    private func sentenceKey(hasRound: Bool) -> Int {
        keyBuffer.removeAll()
        keyBuffer.append(hasRound ? 2 : 1)
        keyBuffer.append(sender.bytes)
        if hasRound {
            keyBuffer.append(0)
            keyBuffer.append(roundID.bytes)
        }
        return internKey()
    }

    private func roundKey() -> Int {
        keyBuffer.removeAll()
        keyBuffer.append(3)
        keyBuffer.append(roundID.bytes)
        return internKey()
    }

    private func internKey() -> Int {
        let (index, inserted) = keys.index(inserting: keyBuffer.bytes)
        if inserted {
            keySegment.append(-1)
            keyLanguage.append(-1)
            keyFlags.append(0)
        }
        return index
    }

    private func unexpected(_ what: String) -> TranscriptError {
        switch field {
        case .none:
            return TranscriptError(.wrongType, "unexpected \(what) in a Tencent TRTC transcription message")
        default:
            return TranscriptError(.wrongType, "`\(field.name)` cannot be \(what)")
        }
    }
}

extension SourceFormat {
    /// Tencent TRTC AI transcription messages (JSON Lines, concatenated JSON, or an array).
    public static let tencent = SourceFormat("tencent")
}

private extension TencentDecoder.Field {
    var name: String {
        switch self {
        case .translation: return "translation_text"
        case .language: return "translation_language"
        case .startClock: return "start_time"
        case .endClock: return "end_time"
        case .startMs: return "start_time_ms"
        case .endMs: return "end_time_ms"
        case .roundID: return "roundid"
        default: return String(describing: self)
        }
    }
}
