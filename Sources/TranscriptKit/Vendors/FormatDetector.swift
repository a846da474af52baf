/// Picks the source format from the first keys, streaming: events are recorded only until a key
/// identifies a format, then replayed to that format's decoder, which takes over.
///
/// Recording is bounded (``maximumRecordedBytes``); a JSON whose root object ends without any
/// format's key is reported as not a transcript.
final class FormatDetector: JSONEventHandler {
    static let maximumRecordedBytes = 1 << 20

    private let limits: DecodeLimits
    /// The decoder chosen, once known.
    private(set) var chosen: (any VendorDecoder)?
    private var log = JSONEventLog()
    private var depth = 0
    private var rootIsArray = false
    private var bestWeak: (any VendorDecoder.Type)?
    private var keysSeen: [String] = []
    /// After replay, events still inside a container the decoder chose to skip.
    /// (The parser takes these over when it stops forwarding through the detector.)
    private(set) var residualSkip = 0
    private(set) var residualSkipNextValue = false

    init(limits: DecodeLimits) {
        self.limits = limits
    }

    // MARK: Deciding

    private func consider(_ key: UnsafeRawBufferPointer) -> (any VendorDecoder.Type)? {
        let inArray = rootIsArray
        guard (!inArray && depth == 1) || (inArray && depth == 2) else { return nil }
        if keysSeen.count < 5 { keysSeen.append(FieldParsing.printable(key)) }
        var best: (any VendorDecoder.Type)?
        var bestScore = DetectionScore.none
        for type in VendorRegistry.decoders {
            let score = type.detectionScore(rootKey: key, inArray: inArray)
            if score > bestScore { best = type; bestScore = score }
        }
        if bestScore == .strong { return best }
        if bestScore == .weak, bestWeak == nil { bestWeak = best }
        return nil
    }

    /// Creates the decoder and replays everything recorded so far to it.
    private func choose(_ type: any VendorDecoder.Type) throws(TranscriptError) {
        let decoder = type.init(limits: limits)
        decoder.beginDocument()
        chosen = decoder
        var replay = JSONEventLog.Replayer()
        try log.replay(to: decoder, with: &replay)
        residualSkip = replay.skipDepth
        residualSkipNextValue = replay.skipNextValue
        log = JSONEventLog()
    }

    private func record(_ tag: JSONEventLog.Tag, _ bytes: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) throws(TranscriptError) {
        log.append(tag, bytes)
        if log.byteCount > Self.maximumRecordedBytes {
            throw TranscriptError(.notATranscript, "no known transcript key in the first \(Self.maximumRecordedBytes) bytes")
        }
    }

    private func notATranscript(_ what: String) -> TranscriptError {
        var message = "\(what) is not a transcript TranscriptKit knows"
        if !keysSeen.isEmpty { message += " (keys: \(keysSeen.joined(separator: ", ")))" }
        message += "; formats: \(SourceFormat.known.map(\.rawValue).joined(separator: ", "))"
        return TranscriptError(.notATranscript, message)
    }

    // MARK: Forwarding (after the decision)

    @inline(__always)
    private func forwardingSkips(start: Bool) -> Bool {
        if residualSkip > 0 { residualSkip += start ? 1 : 0; return true }
        if residualSkipNextValue { residualSkipNextValue = false; if start { residualSkip = 1 }; return true }
        return false
    }

    // MARK: JSONEventHandler

    func startObject() throws(TranscriptError) -> Bool {
        if let chosen {
            if forwardingSkips(start: true) { return true }
            return try chosen.startObject()
        }
        if depth == 1, rootIsArray {
            // The first element of a root array.
        } else if depth >= 1, !rootIsArray || depth >= 2 {
            // A nested value under an undecided key: record it.
        }
        depth += 1
        try record(.startObject)
        return true
    }

    func endObject() throws(TranscriptError) {
        if let chosen {
            if residualSkip > 0 { residualSkip -= 1; return }
            return try chosen.endObject()
        }
        depth -= 1
        try record(.endObject)
        if depth == 0 || (rootIsArray && depth == 1) {
            // The root object (or the first element) ended with no strong key.
            guard let type = bestWeak else { throw notATranscript(rootIsArray ? "an array of objects" : "this JSON object") }
            try choose(type)
        }
    }

    func startArray() throws(TranscriptError) -> Bool {
        if let chosen {
            if forwardingSkips(start: true) { return true }
            return try chosen.startArray()
        }
        if depth == 0 { rootIsArray = true }
        depth += 1
        try record(.startArray)
        return true
    }

    func endArray() throws(TranscriptError) {
        if let chosen {
            if residualSkip > 0 { residualSkip -= 1; return }
            return try chosen.endArray()
        }
        depth -= 1
        try record(.endArray)
        if depth == 0 {
            // An empty root array, or one whose elements were not objects.
            guard let type = VendorRegistry.decoders.first(where: { $0.acceptsRootArray }) else {
                throw notATranscript("a JSON array")
            }
            try choose(type)
        }
    }

    func key(_ key: UnsafeRawBufferPointer) throws(TranscriptError) -> Bool {
        if let chosen {
            if residualSkip > 0 { return true }
            return try chosen.key(key)
        }
        if let type = consider(key) {
            try choose(type)
            return try self.key(key)
        }
        try record(.key, key)
        return true
    }

    func string(_ value: UnsafeRawBufferPointer) throws(TranscriptError) {
        if let chosen { if forwardingSkips(start: false) { return }; return try chosen.string(value) }
        if depth == 0 { throw notATranscript("a JSON string") }
        try record(.string, value)
    }

    func number(_ raw: UnsafeRawBufferPointer) throws(TranscriptError) {
        if let chosen { if forwardingSkips(start: false) { return }; return try chosen.number(raw) }
        if depth == 0 { throw notATranscript("a JSON number") }
        try record(.number, raw)
    }

    func bool(_ value: Bool) throws(TranscriptError) {
        if let chosen { if forwardingSkips(start: false) { return }; return try chosen.bool(value) }
        if depth == 0 { throw notATranscript("a JSON boolean") }
        try record(value ? .trueValue : .falseValue)
    }

    func null() throws(TranscriptError) {
        if let chosen { if forwardingSkips(start: false) { return }; return try chosen.null() }
        if depth == 0 { throw notATranscript("JSON null") }
        try record(.null)
    }

    func acceptsAnotherTopLevelValue() -> Bool {
        chosen?.acceptsAnotherTopLevelValue() ?? false
    }
}
