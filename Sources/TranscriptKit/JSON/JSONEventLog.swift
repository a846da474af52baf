/// A compact recording of JSON events (one tag byte, then for strings, keys and numbers a
/// 4-byte length and the bytes), replayable into a ``JSONEventHandler``.
struct JSONEventLog {
    enum Tag: UInt8 {
        case startObject, endObject, startArray, endArray, key, string, number, trueValue, falseValue, null
    }

    private var bytes: [UInt8] = []
    var byteCount: Int { bytes.count }

    mutating func append(_ tag: Tag, _ payload: UnsafeRawBufferPointer) {
        bytes.append(tag.rawValue)
        switch tag {
        case .key, .string, .number:
            var length = UInt32(truncatingIfNeeded: payload.count).littleEndian
            withUnsafeBytes(of: &length) { bytes.appendBytes($0) }
            bytes.appendBytes(payload)
        default:
            break
        }
    }

    /// Skip state while replaying, honouring the handler's `false` answers as the parser would.
    struct Replayer {
        var skipDepth = 0
        var skipNextValue = false
    }

    func replay(to handler: any JSONEventHandler, with state: inout Replayer) throws(TranscriptError) {
        var result: Result<Void, TranscriptError> = .success(())
        bytes.withUnsafeBytes { all in
            var i = 0
            while i < all.count {
                let tag = Tag(rawValue: all[i])!
                i += 1
                var payload = UnsafeRawBufferPointer(start: nil, count: 0)
                if tag == .key || tag == .string || tag == .number {
                    let length = Int(UInt32(littleEndian: all.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                    i += 4
                    payload = UnsafeRawBufferPointer(rebasing: all[i ..< i + length])
                    i += length
                }
                do throws(TranscriptError) {
                    try Self.deliver(tag, payload, to: handler, state: &state)
                } catch {
                    result = .failure(error)
                    return
                }
            }
        }
        try result.get()
    }

    private static func deliver(_ tag: Tag, _ payload: UnsafeRawBufferPointer, to h: any JSONEventHandler, state: inout Replayer) throws(TranscriptError) {
        switch tag {
        case .startObject, .startArray:
            if state.skipDepth > 0 { state.skipDepth += 1; return }
            if state.skipNextValue { state.skipNextValue = false; state.skipDepth = 1; return }
            let descend = tag == .startObject ? try h.startObject() : try h.startArray()
            if !descend { state.skipDepth = 1 }
        case .endObject, .endArray:
            if state.skipDepth > 0 { state.skipDepth -= 1; return }
            if tag == .endObject { try h.endObject() } else { try h.endArray() }
        case .key:
            if state.skipDepth > 0 { return }
            if try !h.key(payload) { state.skipNextValue = true }
        default:
            if state.skipDepth > 0 { return }
            if state.skipNextValue { state.skipNextValue = false; return }
            switch tag {
            case .string: try h.string(payload)
            case .number: try h.number(payload)
            case .trueValue: try h.bool(true)
            case .falseValue: try h.bool(false)
            default: try h.null()
            }
        }
    }
}
