/// Yeastar P-Series `cdr/getaicontext` responses (AI call transcripts).
///
/// ```json
/// {"errcode":0,"errmsg":"SUCCESS","offset":-1,
///  "data":{"leg_1":{"context":[{"id":"7000:1778682581785:1","content":"Hi","timestamp":1778682581785,
///                               "duration":0,"source_number":"7000","name":"AI Agent", ...}]}}}
/// ```
/// - Every `leg_N` becomes a channel of rank N; records keep their leg.
/// - `timestamp` is epoch ms, so the origin defaults to the earliest record.
/// - `duration` is documented as seconds of speech, but grows like seconds since the leg
///   started in Yeastar's own example, so `timestamp + duration × 1000` is only a claimed end
///   that the normaliser checks (see ``Normalizer``).
/// - The number after the last `:` of `id` orders records that start at the same instant;
///   a record whose `id` was seen on an earlier page is skipped.
/// - `errcode != 0` is a ``TranscriptError/Kind/vendorError`` carrying `errcode` and `errmsg`.
final class YeastarDecoder: VendorDecoder {
    static let format = SourceFormat.yeastar

    static func detectionScore(rootKey key: UnsafeRawBufferPointer, inArray: Bool) -> DetectionScore {
        if inArray { return .none }
        if key.equals("errcode") { return .strong }
        if key.equals("errmsg") || key.equals("data") || key.equals("offset") { return .weak }
        return .none
    }

    fileprivate enum Level: UInt8 { case root, data, leg, context, record }
    fileprivate enum Field: UInt8 {
        case none, errcode, errmsg, data, offset, leg, context
        case id, content, timestamp, duration, sourceNumber, name
    }

    /// All mutable state lives in one struct, unchecked for exclusivity at run time: a class's
    /// stored properties are otherwise checked on every touch (`swift_beginAccess`, ~15 % of a
    /// decode under callgrind). Safe because the parser calls a handler from one thread, one
    /// event at a time, and no event handler re-enters another.
    @exclusivity(unchecked) private var state: State

    var builder: TranscriptBuilder {
        get { state.builder }
        set { state.builder = newValue }
    }

    init(limits: DecodeLimits) { state = State(limits: limits) }

    func beginDocument() { state.beginDocument() }
    func endDocument() throws(TranscriptError) -> PageInfo { try state.endDocument() }
    func startObject() throws(TranscriptError) -> Bool { try state.startObject() }
    func endObject() throws(TranscriptError) { try state.endObject() }
    func startArray() throws(TranscriptError) -> Bool { try state.startArray() }
    func endArray() throws(TranscriptError) { try state.endArray() }
    func key(_ key: UnsafeRawBufferPointer) throws(TranscriptError) -> Bool { try state.key(key) }
    func string(_ value: UnsafeRawBufferPointer) throws(TranscriptError) { try state.string(value) }
    func number(_ raw: UnsafeRawBufferPointer) throws(TranscriptError) { try state.number(raw) }
    func bool(_ value: Bool) throws(TranscriptError) { try state.bool(value) }
    func null() throws(TranscriptError) { try state.null() }
}

extension YeastarDecoder {
    fileprivate struct State {
        var builder: TranscriptBuilder
        private var levels = LevelStack<Level>()
        private var field = Field.none
        private var channel: Int32 = -1
        private var errcode: Int64?
        private var errmsg: [UInt8] = []
        private var sawData = false
        private var offset: Int64?
        private var duplicates = 0

        init(limits: DecodeLimits) {
            builder = TranscriptBuilder(source: YeastarDecoder.format.rawValue, limits: limits)
            builder.timeBase = .epochMilliseconds
        }

        mutating func beginDocument() {
            levels.removeAll()
            field = .none
            errcode = nil
            errmsg.removeAll()
            sawData = false
            offset = nil
            duplicates = 0
        }

        mutating func endDocument() throws(TranscriptError) -> PageInfo {
            if levels.isEmpty, errcode == nil, !sawData {
                // Empty input: a valid, empty page.
                return PageInfo(duplicatesSkipped: duplicates)
            }
            let next = offset.flatMap { $0 < 0 ? nil : $0 }
            return PageInfo(nextPage: next, hasMore: next != nil, duplicatesSkipped: duplicates)
        }

        // MARK: Containers

        mutating func startObject() throws(TranscriptError) -> Bool {
            guard let top = levels.last else {
                levels.append(.root)
                return true
            }
            switch (top, field) {
            case (.root, .data):
                sawData = true
                levels.append(.data)
            case (.data, .leg):
                levels.append(.leg)
            case (.context, _):
                levels.append(.record)
                builder.beginSegment()
                builder.draft.channel = channel
            default:
                throw unexpected("an object")
            }
            field = .none
            return true
        }

        mutating func endObject() throws(TranscriptError) {
            switch levels.popLast() {
            case .record:
                try commitRecord()
            case .root:
                if let errcode, errcode != 0 {
                    let message = errmsg.isEmpty ? "FAILURE" : String(decoding: errmsg, as: UTF8.self)
                    throw TranscriptError(.vendorError, "Yeastar error \(errcode): \(message)", vendorCode: String(errcode))
                }
                if errcode == nil, !sawData {
                    throw TranscriptError(.notATranscript, "neither `errcode` nor `data`: not a Yeastar getaicontext response")
                }
            default:
                break
            }
            field = .none
        }

        mutating func startArray() throws(TranscriptError) -> Bool {
            guard let top = levels.last else {
                throw TranscriptError(.notATranscript, "a Yeastar response is a JSON object, not an array")
            }
            guard top == .leg, field == .context else { throw unexpected("an array") }
            levels.append(.context)
            field = .none
            return true
        }

        mutating func endArray() throws(TranscriptError) {
            levels.removeLast()
            field = .none
        }

        // MARK: Keys

        mutating func key(_ key: UnsafeRawBufferPointer) throws(TranscriptError) -> Bool {
            switch levels.last {
            case .record:
                field = Self.recordField(key)
            case .root:
                if key.equals("errcode") { field = .errcode }
                else if key.equals("errmsg") { field = .errmsg }
                else if key.equals("data") { field = .data }
                else if key.equals("offset") { field = .offset }
                else { field = .none }
            case .data:
                channel = builder.transcript.channels.intern(key, rank: Self.legRank(key, fallback: builder.transcript.channels.count))
                field = .leg
            case .leg:
                field = key.equals("context") ? .context : .none
            default:
                field = .none
            }
            return field != .none
        }

        private static func recordField(_ key: UnsafeRawBufferPointer) -> Field {
            switch key.count {
            case 2 where key.equals("id"): return .id
            case 4 where key.equals("name"): return .name
            case 7 where key.equals("content"): return .content
            case 8 where key.equals("duration"): return .duration
            case 9 where key.equals("timestamp"): return .timestamp
            case 13 where key.equals("source_number"): return .sourceNumber
            default: return .none
            }
        }

        /// `leg_12` → 12; other names rank after every numbered leg, in order of appearance.
        private static func legRank(_ key: UnsafeRawBufferPointer, fallback: Int) -> Int64 {
            if key.hasPrefix("leg_"), let n = TimeParsing.parseInteger(UnsafeRawBufferPointer(rebasing: key.dropFirst(4))), n >= 0 {
                return n
            }
            return Int64(Int32.max) + Int64(fallback)
        }

        // MARK: Values

        mutating func string(_ value: UnsafeRawBufferPointer) throws(TranscriptError) {
            switch field {
            case .content:
                builder.draft.text = try builder.storeText(value)
                builder.draft.hasText = true
            case .id:
                try builder.storeSourceID(value)
                builder.draft.sequence = Self.sequence(ofID: value)
            case .sourceNumber: builder.setSpeaker(id: value)
            case .name: builder.setSpeaker(name: value)
            case .timestamp: builder.draft.start = try FieldParsing.milliseconds(string: value, scale: 1, field: "timestamp")
            case .duration: try setDuration(FieldParsing.milliseconds(string: value, scale: 1000, field: "duration"))
            case .errmsg: errmsg = Array(value.prefix(500))
            case .errcode: errcode = try FieldParsing.integer(value, field: "errcode")
            case .offset: offset = try FieldParsing.integer(value, field: "offset")
            default: throw unexpected("a string")
            }
            field = .none
        }

        mutating func number(_ raw: UnsafeRawBufferPointer) throws(TranscriptError) {
            switch field {
            case .timestamp: builder.draft.start = try FieldParsing.milliseconds(number: raw, scale: 1, field: "timestamp")
            case .duration: try setDuration(FieldParsing.milliseconds(number: raw, scale: 1000, field: "duration"))
            case .errcode: errcode = try FieldParsing.integer(raw, field: "errcode")
            case .offset: offset = try FieldParsing.integer(raw, field: "offset")
            case .id:
                // Tolerate numeric ids: keep their text.
                try builder.storeSourceID(raw)
            case .sourceNumber: builder.setSpeaker(id: raw)
            case .content, .name, .errmsg: throw unexpected("a number")
            default: throw unexpected("a number")
            }
            field = .none
        }

        mutating func bool(_ value: Bool) throws(TranscriptError) {
            throw unexpected("a boolean")
        }

        mutating func null() throws(TranscriptError) {
            // A null optional field is as good as a missing one.
            switch field {
            case .id, .content, .duration, .sourceNumber, .name, .errmsg, .offset, .timestamp, .data: field = .none
            default: throw unexpected("null")
            }
        }

        // MARK: Records

        private mutating func setDuration(_ milliseconds: Int64) throws(TranscriptError) {
            builder.draft.flags.insert(.endNeedsCheck)
            builder.pendingDuration = milliseconds
        }

        private mutating func commitRecord() throws(TranscriptError) {
            guard let start = builder.draft.start else {
                builder.discardSegment()
                throw TranscriptError(.missingField, "record has no `timestamp`")
            }
            if let duration = builder.pendingDuration {
                let (end, overflow) = start.addingReportingOverflow(duration)
                guard !overflow else { throw TranscriptError(.valueOutOfRange, "`timestamp` + `duration` overflows") }
                builder.draft.end = max(end, start)
            }
            builder.pendingDuration = nil
            builder.draft.flags.insert(.endNeedsCheck)
            let id = builder.draft.sourceID
            let committed: Bool
            if id.isEmpty {
                committed = try builder.commitSegment()
            } else {
                committed = try builder.commitSegmentUnlessSeenSourceID()
            }
            if !committed { duplicates += 1 }
        }

        /// `3202:1778682764808:3` → 3; 0 when the id does not end in a number.
        private static func sequence(ofID id: UnsafeRawBufferPointer) -> Int64 {
            var start = id.count
            while start > 0, id[start - 1] >= 48, id[start - 1] <= 57 { start -= 1 }
            guard start < id.count, id.count - start <= 18 else { return 0 }
            return TimeParsing.parseInteger(UnsafeRawBufferPointer(rebasing: id[start...])) ?? 0
        }

        private func unexpected(_ what: String) -> TranscriptError {
            switch field {
            case .none, .leg, .data, .context:
                return TranscriptError(.wrongType, "unexpected \(what) in a Yeastar response")
            default:
                return TranscriptError(.wrongType, "`\(field.name)` cannot be \(what)")
            }
        }

    }
}

extension SourceFormat {
    /// Yeastar `cdr/getaicontext` (AI call transcripts).
    public static let yeastar = SourceFormat("yeastar")
}

private extension YeastarDecoder.Field {
    var name: String {
        switch self {
        case .sourceNumber: return "source_number"
        default: return String(describing: self)
        }
    }
}
