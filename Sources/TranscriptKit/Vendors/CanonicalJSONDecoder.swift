/// TranscriptKit's own JSON (`"schema":"transcript/1"`), as ``TranscriptJSONWriter`` writes it.
///
/// Reading it back gives a transcript equal to the one written (see `Transcript.==`): the round
/// trip is lossless.
final class CanonicalJSONDecoder: VendorDecoder {
    static let format = SourceFormat.json
    static let schema: StaticString = "transcript/1"

    static func detectionScore(rootKey key: UnsafeRawBufferPointer, inArray: Bool) -> DetectionScore {
        if inArray { return .none }
        if key.equals("schema") { return .strong }
        if key.equals("segments") || key.equals("speakers") { return .weak }
        return .none
    }

    private enum Level: UInt8 { case root, speakers, speaker, channels, segments, segment, words, word }
    private enum Field: UInt8 {
        case none, schema, source, origin, speakers, channels, segments
        case speakerID, speakerName
        case id, speaker, channel, start, end, text, translation, group, sequence, words
        case inferredEnd, partial, repairedEnd
        case wordStart, wordEnd, wordText
    }

    // Every stored property is unchecked for exclusivity at run time: a class's stored
    // properties are otherwise checked on every touch (`swift_beginAccess`, 5 % of a canonical JSON decode under
    // callgrind). Safe because the parser calls a handler from one thread, one event at a
    // time, and no event handler re-enters another.
    @exclusivity(unchecked) var builder: TranscriptBuilder
    @exclusivity(unchecked) private var levels = LevelStack<Level>()
    @exclusivity(unchecked) private var field = Field.none
    @exclusivity(unchecked) private var sawSchema = false
    @exclusivity(unchecked) private var speakerID = ByteScratch()
    @exclusivity(unchecked) private var speakerName = ByteScratch()
    @exclusivity(unchecked) private var channelNames: [Int32] = []
    /// The file's `origin`, in epoch ms.
    @exclusivity(unchecked) private(set) var origin: Int64?
    @exclusivity(unchecked) private var sourceName = ByteScratch()

    init(limits: DecodeLimits) {
        builder = TranscriptBuilder(source: Self.format.rawValue, limits: limits)
        builder.timeBase = .relative
    }

    func beginDocument() {
        levels.removeAll()
        field = .none
        sawSchema = false
        channelNames.removeAll()
    }

    func endDocument() throws(TranscriptError) -> PageInfo {
        for i in 0 ..< builder.transcript.segments.count {
            let s = builder.transcript.segments.speaker[i]
            guard s < Int32(builder.transcript.speakers.count) else {
                throw TranscriptError(.valueOutOfRange, "segment \(i) refers to speaker \(s), but there are only \(builder.transcript.speakers.count)",
                                      path: "segments[\(i)].speaker")
            }
        }
        if !sourceName.isEmpty {
            builder.transcript.source = String(decoding: sourceName.bytes, as: UTF8.self)
        }
        builder.transcript.origin = origin
        return PageInfo()
    }

    func startObject() throws(TranscriptError) -> Bool {
        switch levels.last {
        case nil: levels.append(.root)
        case .speakers:
            levels.append(.speaker)
            speakerID.removeAll()
            speakerName.removeAll()
        case .segments:
            levels.append(.segment)
            builder.beginSegment()
        case .words:
            levels.append(.word)
            builder.beginWord()
        default: throw unexpected("an object")
        }
        field = .none
        return true
    }

    func endObject() throws(TranscriptError) {
        switch levels.popLast() {
        case .root:
            guard sawSchema else {
                throw TranscriptError(.notATranscript, "no `schema`: not TranscriptKit JSON")
            }
        case .speaker:
            _ = builder.transcript.speakers.intern(id: speakerID.bytes, name: speakerName.bytes)
        case .segment:
            guard builder.draft.start != nil else {
                builder.discardSegment()
                throw TranscriptError(.missingField, "segment has no `start`")
            }
            if builder.draft.end == nil { builder.draft.end = builder.draft.start }
            try builder.commitSegment()
        case .word:
            guard let start = builder.word.start else { throw TranscriptError(.missingField, "word has no `start`") }
            try builder.appendWord(start: start, end: builder.word.end ?? start, text: builder.word.text)
        default: break
        }
        field = .none
    }

    func startArray() throws(TranscriptError) -> Bool {
        switch (levels.last, field) {
        case (.root, .speakers): levels.append(.speakers)
        case (.root, .channels): levels.append(.channels)
        case (.root, .segments): levels.append(.segments)
        case (.segment, .words): levels.append(.words)
        case (nil, _): throw TranscriptError(.notATranscript, "TranscriptKit JSON is an object, not an array")
        default: throw unexpected("an array")
        }
        field = .none
        return true
    }

    func endArray() throws(TranscriptError) {
        levels.removeLast()
        field = .none
    }

    func key(_ key: UnsafeRawBufferPointer) throws(TranscriptError) -> Bool {
        switch levels.last {
        case .root:
            field = key.equals("schema") ? .schema : key.equals("source") ? .source : key.equals("origin") ? .origin
                : key.equals("speakers") ? .speakers : key.equals("channels") ? .channels
                : key.equals("segments") ? .segments : .none
        case .speaker:
            field = key.equals("id") ? .speakerID : key.equals("name") ? .speakerName : .none
        case .segment:
            switch key.count {
            case 2 where key.equals("id"): field = .id
            case 3 where key.equals("end"): field = .end
            case 4 where key.equals("text"): field = .text
            case 5 where key.equals("start"): field = .start
            case 5 where key.equals("words"): field = .words
            case 5 where key.equals("group"): field = .group
            case 7 where key.equals("speaker"): field = .speaker
            case 7 where key.equals("channel"): field = .channel
            case 7 where key.equals("partial"): field = .partial
            case 8 where key.equals("sequence"): field = .sequence
            case 11 where key.equals("translation"): field = .translation
            case 11 where key.equals("inferredEnd"): field = .inferredEnd
            case 11 where key.equals("repairedEnd"): field = .repairedEnd
            default: field = .none
            }
        case .word:
            field = key.equals("start") ? .wordStart : key.equals("end") ? .wordEnd : key.equals("text") ? .wordText : .none
        default:
            field = .none
        }
        return field != .none
    }

    func string(_ value: UnsafeRawBufferPointer) throws(TranscriptError) {
        switch field {
        case .schema:
            guard value.equals(Self.schema) else {
                throw TranscriptError(.notATranscript, "unknown schema \"\(FieldParsing.printable(value))\", expected \"transcript/1\"")
            }
            sawSchema = true
        case .source: sourceName.replace(with: UnsafeRawBufferPointer(rebasing: value.prefix(64)))
        case .origin:
            guard let ms = TimeParsing.parseISO8601Milliseconds(value) else {
                throw TranscriptError(.valueOutOfRange, "`origin` is not an ISO-8601 time: \"\(FieldParsing.printable(value))\"")
            }
            origin = ms
        case .speakerID: speakerID.replace(with: value)
        case .speakerName: speakerName.replace(with: value)
        case .id: builder.draft.sourceID = try builder.storeText(value)
        case .text: builder.draft.text = try builder.storeText(value); builder.draft.hasText = true
        case .translation: builder.draft.translation = try builder.storeText(value)
        case .channel:
            builder.draft.channel = builder.transcript.channels.intern(value, rank: Int64(builder.transcript.channels.count))
        case .wordText: builder.word.text = try builder.storeText(value)
        default:
            if levels.last == .channels {
                _ = builder.transcript.channels.intern(value, rank: Int64(builder.transcript.channels.count))
            } else {
                throw unexpected("a string")
            }
        }
        field = .none
    }

    func number(_ raw: UnsafeRawBufferPointer) throws(TranscriptError) {
        switch field {
        case .start: builder.draft.start = try FieldParsing.milliseconds(number: raw, scale: 1, field: "start")
        case .end: builder.draft.end = try FieldParsing.milliseconds(number: raw, scale: 1, field: "end")
        case .speaker: builder.draft.speakerIndex = Int32(clamping: try FieldParsing.integer(raw, field: "speaker"))
        case .group: builder.draft.group = Int32(clamping: try FieldParsing.integer(raw, field: "group"))
        case .sequence: builder.draft.sequence = try FieldParsing.integer(raw, field: "sequence")
        case .origin: origin = try FieldParsing.integer(raw, field: "origin")
        case .wordStart: builder.word.start = try FieldParsing.milliseconds(number: raw, scale: 1, field: "start")
        case .wordEnd: builder.word.end = try FieldParsing.milliseconds(number: raw, scale: 1, field: "end")
        default: throw unexpected("a number")
        }
        if field == .speaker, let s = builder.draft.speakerIndex, s < -1 {
            throw TranscriptError(.valueOutOfRange, "`speaker` must be an index ≥ 0")
        }
        field = .none
    }

    func bool(_ value: Bool) throws(TranscriptError) {
        switch field {
        case .inferredEnd: if value { builder.draft.flags.insert(.inferredEnd) }
        case .partial: if value { builder.draft.flags.insert(.partial) }
        case .repairedEnd: if value { builder.draft.flags.insert(.repairedEnd) }
        default: throw unexpected("a boolean")
        }
        field = .none
    }

    func null() throws(TranscriptError) {
        switch field {
        case .origin: origin = nil
        case .speaker, .channel, .id, .translation, .group: break
        default: throw unexpected("null")
        }
        field = .none
    }

    private func unexpected(_ what: String) -> TranscriptError {
        field == .none
            ? TranscriptError(.wrongType, "unexpected \(what) in TranscriptKit JSON")
            : TranscriptError(.wrongType, "`\(field)` cannot be \(what)")
    }
}

extension SourceFormat {
    /// TranscriptKit's canonical JSON (`"schema":"transcript/1"`).
    public static let json = SourceFormat("json")
}
