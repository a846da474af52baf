/// Symbl.ai Conversations API `GET /v1/conversations/{id}/messages` responses.
///
/// ```json
/// {"messages":[{"id":"6412283618000896","text":"Best package for you is $69.99 per month.",
///   "from":{"name":"Roger","email":""},"startTime":"2020-07-10T11:16:21.024Z",
///   "endTime":"2020-07-10T11:16:26.724Z","conversationId":"6749556955938816",
///   "words":[{"word":"Best","startTime":"...","endTime":"...","score":0.91}]}]}
/// ```
/// - Each message is a segment; `id` is its source id (a message seen before is skipped).
/// - `startTime`/`endTime` are ISO-8601 with any offset and 0–9 fraction digits, so the time
///   base is the epoch: the origin defaults to the earliest message start.
/// - The speaker is keyed by `from.id`, else `from.userId`, else `from.email`, else `from.name`
///   (empty strings count as missing); `from.name` is the display name.
/// - Symbl's word times are not always consistent with their message: a word is clamped into
///   its message's span and the words are kept in time order (a stable sort, so words clamped
///   to the same instant keep their listed order). `timeOffset`/`duration`/`score` are ignored.
/// - `phrases`, `sentiment` and the rest are skipped: the model has no column for them.
final class SymblDecoder: VendorDecoder {
    static let format = SourceFormat.symbl

    static func detectionScore(rootKey key: UnsafeRawBufferPointer, inArray: Bool) -> DetectionScore {
        if inArray { return .none }
        return key.equals("messages") ? .strong : .none
    }

    private enum Level: UInt8 { case root, messages, message, from, words, word }
    fileprivate enum Field: UInt8 {
        case none, messages
        case id, text, from, startTime, endTime, words
        case fromID, fromUserID, fromEmail, fromName
        case word, wordStartTime, wordEndTime
    }

    // Every stored property is unchecked for exclusivity at run time: a class's stored
    // properties are otherwise checked on every touch (`swift_beginAccess`, 6 % of a Symbl decode under
    // callgrind). Safe because the parser calls a handler from one thread, one event at a
    // time, and no event handler re-enters another.
    @exclusivity(unchecked) var builder: TranscriptBuilder
    @exclusivity(unchecked) private var levels = LevelStack<Level>()
    @exclusivity(unchecked) private var field = Field.none
    @exclusivity(unchecked) private var sawMessages = false
    @exclusivity(unchecked) private var duplicates = 0

    // The message's `from`, decided at the message's end.
    @exclusivity(unchecked) private var fromID = ByteScratch()
    @exclusivity(unchecked) private var fromUserID = ByteScratch()
    @exclusivity(unchecked) private var fromEmail = ByteScratch()
    @exclusivity(unchecked) private var fromName = ByteScratch()

    init(limits: DecodeLimits) {
        builder = TranscriptBuilder(source: Self.format.rawValue, limits: limits)
        builder.timeBase = .epochMilliseconds
    }

    func beginDocument() {
        levels.removeAll()
        field = .none
        sawMessages = false
        duplicates = 0
    }

    func endDocument() throws(TranscriptError) -> PageInfo {
        PageInfo(duplicatesSkipped: duplicates)
    }

    // MARK: Containers

    func startObject() throws(TranscriptError) -> Bool {
        guard let top = levels.last else {
            levels.append(.root)
            return true
        }
        switch (top, field) {
        case (.messages, _):
            levels.append(.message)
            builder.beginSegment()
            fromID.removeAll()
            fromUserID.removeAll()
            fromEmail.removeAll()
            fromName.removeAll()
        case (.message, .from):
            levels.append(.from)
        case (.words, _):
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
        case .message: try commitMessage()
        case .root:
            if !sawMessages {
                throw TranscriptError(.notATranscript, "no `messages`: not a Symbl.ai messages response")
            }
        default: break
        }
        field = .none
    }

    func startArray() throws(TranscriptError) -> Bool {
        guard let top = levels.last else {
            throw TranscriptError(.notATranscript, "a Symbl.ai messages response is a JSON object, not an array")
        }
        switch (top, field) {
        case (.root, .messages):
            sawMessages = true
            levels.append(.messages)
        case (.message, .words): levels.append(.words)
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
        case .word:
            switch key.count {
            case 4 where key.equals("word"): field = .word
            case 7 where key.equals("endTime"): field = .wordEndTime
            case 9 where key.equals("startTime"): field = .wordStartTime
            default: field = .none
            }
        case .message:
            switch key.count {
            case 2 where key.equals("id"): field = .id
            case 4 where key.equals("text"): field = .text
            case 4 where key.equals("from"): field = .from
            case 5 where key.equals("words"): field = .words
            case 7 where key.equals("endTime"): field = .endTime
            case 9 where key.equals("startTime"): field = .startTime
            default: field = .none
            }
        case .from:
            switch key.count {
            case 2 where key.equals("id"): field = .fromID
            case 4 where key.equals("name"): field = .fromName
            case 5 where key.equals("email"): field = .fromEmail
            case 6 where key.equals("userId"): field = .fromUserID
            default: field = .none
            }
        case .root:
            field = key.equals("messages") ? .messages : .none
        default:
            field = .none
        }
        return field != .none
    }

    // MARK: Values

    func string(_ value: UnsafeRawBufferPointer) throws(TranscriptError) {
        switch field {
        case .word: builder.word.text = value.isEmpty ? .empty : try builder.storeText(value)
        case .wordStartTime: builder.word.start = try Self.instant(value, field: "startTime")
        case .wordEndTime: builder.word.end = try Self.instant(value, field: "endTime")
        case .text:
            builder.draft.text = try builder.storeText(value)
            builder.draft.hasText = true
        case .startTime: builder.draft.start = try Self.instant(value, field: "startTime")
        case .endTime: builder.draft.end = try Self.instant(value, field: "endTime")
        case .id: try builder.storeSourceID(value)
        case .fromID: fromID.replace(with: value)
        case .fromUserID: fromUserID.replace(with: value)
        case .fromEmail: fromEmail.replace(with: value)
        case .fromName: fromName.replace(with: value)
        default: throw unexpected("a string")
        }
        field = .none
    }

    func number(_ raw: UnsafeRawBufferPointer) throws(TranscriptError) {
        switch field {
        // Numeric ids: keep their text.
        case .id: try builder.storeSourceID(raw)
        case .fromID: fromID.replace(with: raw)
        case .fromUserID: fromUserID.replace(with: raw)
        default: throw unexpected("a number")
        }
        field = .none
    }

    func bool(_ value: Bool) throws(TranscriptError) {
        throw unexpected("a boolean")
    }

    func null() throws(TranscriptError) {
        // A null optional field is as good as a missing one.
        field = .none
    }

    private static func instant(_ value: UnsafeRawBufferPointer, field: StaticString) throws(TranscriptError) -> Int64 {
        guard let milliseconds = TimeParsing.parseISO8601Milliseconds(value) else {
            throw TranscriptError(.wrongType, "`\(field)` should be an ISO-8601 time, not \"\(FieldParsing.printable(value))\"")
        }
        return milliseconds
    }

    // MARK: Records

    private func commitMessage() throws(TranscriptError) {
        guard let start = builder.draft.start else {
            builder.discardSegment()
            throw TranscriptError(.missingField, "message has no `startTime`")
        }
        var end = builder.draft.end ?? start
        if end <= start {
            builder.draft.flags.insert(.endNeedsCheck)
            end = start
        }
        fitWords(start: start, end: end)
        setSpeaker()
        let id = builder.draft.sourceID
        let committed = id.isEmpty ? try builder.commitSegment() : try builder.commitSegmentUnlessSeenSourceID()
        if !committed { duplicates += 1 }
    }

    /// The first non-empty of `from.id`, `userId`, `email`, `name` keys the speaker.
    private func setSpeaker() {
        if !fromName.isEmpty { builder.setSpeaker(name: fromName.bytes) }
        let key = !fromID.isEmpty ? fromID.bytes : !fromUserID.isEmpty ? fromUserID.bytes : !fromEmail.isEmpty ? fromEmail.bytes : fromName.bytes
        if !key.isEmpty { builder.setSpeaker(id: key) }
    }

    /// Clamps the message's words into `start ... end` and sorts them by start (stably).
    private func fitWords(start: Int64, end: Int64) {
        let first = builder.draft.wordMark
        let count = builder.transcript.words.count
        guard first < count else { return }
        var sorted = true
        for i in first ..< count {
            let s = Swift.min(Swift.max(builder.transcript.words.start[i], start), end)
            let e = Swift.min(Swift.max(builder.transcript.words.end[i], s), end)
            builder.transcript.words.start[i] = s
            builder.transcript.words.end[i] = e
            if i > first, s < builder.transcript.words.start[i - 1] { sorted = false }
        }
        if sorted { return }
        // Insertion sort: a message has few words, and it is stable.
        for i in first + 1 ..< count {
            let s = builder.transcript.words.start[i], e = builder.transcript.words.end[i], t = builder.transcript.words.text[i]
            var j = i
            while j > first, builder.transcript.words.start[j - 1] > s {
                builder.transcript.words.start[j] = builder.transcript.words.start[j - 1]
                builder.transcript.words.end[j] = builder.transcript.words.end[j - 1]
                builder.transcript.words.text[j] = builder.transcript.words.text[j - 1]
                j -= 1
            }
            builder.transcript.words.start[j] = s
            builder.transcript.words.end[j] = e
            builder.transcript.words.text[j] = t
        }
    }

    private func unexpected(_ what: String) -> TranscriptError {
        switch field {
        case .none, .messages:
            return TranscriptError(.wrongType, "unexpected \(what) in a Symbl.ai messages response")
        default:
            return TranscriptError(.wrongType, "`\(field.name)` cannot be \(what)")
        }
    }
}

extension SourceFormat {
    /// Symbl.ai Conversations API messages.
    public static let symbl = SourceFormat("symbl")
}

private extension SymblDecoder.Field {
    var name: String {
        switch self {
        case .fromID: return "from.id"
        case .fromUserID: return "from.userId"
        case .fromEmail: return "from.email"
        case .fromName: return "from.name"
        case .wordStartTime: return "startTime"
        case .wordEndTime: return "endTime"
        default: return String(describing: self)
        }
    }
}
