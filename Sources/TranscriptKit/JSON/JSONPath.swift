/// Tracks where the parser is (`data.leg_2.context[7].timestamp`) at the cost of a few stores
/// per event, so that any error can say where it happened.
struct JSONPathTracker {
    private struct Frame {
        var isArray: Bool
        /// Index of the current element; -1 before the first.
        var index: Int
        /// Bytes of the current key, kept in this frame's slot of `keySlots`.
        var keyCount: Int
    }

    /// `frames[0 ..< depth]` are live; the array only grows, so popping never resizes it.
    private var frames: [Frame] = []
    private var depth = 0
    /// Frame `i`'s key lives at `keySlots[i * maximumKeyBytes ..< i * maximumKeyBytes + keyCount]`:
    /// fixed slots make setting a key one `memcpy`, with no array resizing on the hot path.
    private var keySlots: [UInt8] = []
    /// Keys longer than this are cut in error paths (a path is for people).
    private static let maximumKeyBytes = 128

    init() {
        frames.reserveCapacity(16)
        keySlots = [UInt8](repeating: 0, count: 16 * Self.maximumKeyBytes)
    }

    /// A value begins: inside an array it is the next element.
    @inline(__always)
    mutating func beginValue() {
        guard depth > 0 else { return }
        let last = depth - 1
        if frames[last].isArray { frames[last].index &+= 1 }
    }

    @inline(__always)
    mutating func push(isArray: Bool) {
        let frame = Frame(isArray: isArray, index: -1, keyCount: 0)
        if depth < frames.count { frames[depth] = frame } else { frames.append(frame) }
        depth += 1
        if depth * Self.maximumKeyBytes > keySlots.count {
            keySlots.append(contentsOf: repeatElement(0, count: keySlots.count))
        }
    }

    @inline(__always)
    mutating func pop() {
        if depth > 0 { depth -= 1 }
    }

    @inline(__always)
    mutating func setKey(_ key: UnsafeRawBufferPointer) {
        guard depth > 0 else { return }
        let last = depth - 1
        let count = min(key.count, Self.maximumKeyBytes)
        if count > 0 {
            keySlots.withUnsafeMutableBytes { slots in
                (slots.baseAddress! + last * Self.maximumKeyBytes).copyMemory(from: key.baseAddress!, byteCount: count)
            }
        }
        frames[last].keyCount = count
    }

    /// The path as text: keys joined by `.`, array indices in brackets.
    var rendered: String {
        var out = ""
        for (level, frame) in frames[0 ..< depth].enumerated() {
            if frame.isArray {
                if frame.index >= 0 { out += "[\(frame.index)]" }
            } else if frame.keyCount > 0 {
                if !out.isEmpty { out += "." }
                var repaired: [UInt8] = []
                let start = level * Self.maximumKeyBytes
                keySlots[start ..< start + frame.keyCount].withUnsafeBytes { UTF8Repair.append($0, to: &repaired) }
                out += String(decoding: repaired, as: UTF8.self)
            }
        }
        return out
    }
}
