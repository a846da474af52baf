/// Tracks where the parser is (`data.leg_2.context[7].timestamp`) at the cost of a few stores
/// per event, so that any error can say where it happened.
struct JSONPathTracker {
    private struct Frame {
        var isArray: Bool
        /// Index of the current element; -1 before the first.
        var index: Int
        /// The current key's bytes in `keyBytes`.
        var keyStart: Int
        var keyEnd: Int
    }

    private var frames: [Frame] = []
    private var keyBytes: [UInt8] = []
    /// Keys longer than this are cut in error paths (a path is for people).
    private static let maximumKeyBytes = 128

    init() {
        frames.reserveCapacity(16)
        keyBytes.reserveCapacity(256)
    }

    /// A value begins: inside an array it is the next element.
    @inline(__always)
    mutating func beginValue() {
        guard !frames.isEmpty else { return }
        let last = frames.count - 1
        if frames[last].isArray { frames[last].index &+= 1 }
    }

    @inline(__always)
    mutating func push(isArray: Bool) {
        let at = keyBytes.count
        frames.append(Frame(isArray: isArray, index: -1, keyStart: at, keyEnd: at))
    }

    @inline(__always)
    mutating func pop() {
        guard let frame = frames.popLast() else { return }
        if frame.keyStart < keyBytes.count { keyBytes.removeSubrange(frame.keyStart...) }
    }

    @inline(__always)
    mutating func setKey(_ key: UnsafeRawBufferPointer) {
        guard !frames.isEmpty else { return }
        let last = frames.count - 1
        let start = frames[last].keyStart
        if start < keyBytes.count { keyBytes.removeSubrange(start...) }
        keyBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: key.prefix(Self.maximumKeyBytes)))
        frames[last].keyEnd = keyBytes.count
    }

    /// The path as text: keys joined by `.`, array indices in brackets.
    var rendered: String {
        var out = ""
        for frame in frames {
            if frame.isArray {
                if frame.index >= 0 { out += "[\(frame.index)]" }
            } else if frame.keyEnd > frame.keyStart {
                if !out.isEmpty { out += "." }
                var repaired: [UInt8] = []
                keyBytes[frame.keyStart ..< frame.keyEnd].withUnsafeBytes { UTF8Repair.append($0, to: &repaired) }
                out += String(decoding: repaired, as: UTF8.self)
            }
        }
        return out
    }
}
