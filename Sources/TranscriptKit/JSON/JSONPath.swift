/// Tracks where the parser is (`data.leg_2.context[7].timestamp`) at the cost of a few stores
/// per event, so that any error can say where it happened.
struct JSONPathTracker: ~Copyable {
    // Internal, not private: a private element type of a ScratchArray inside a ~Copyable struct
    // crashed the Swift 6.3.1 compiler in debug builds (non-whole-module: "Global is external,
    // but doesn't have external or weak linkage").
    struct Frame {
        var isArray: Bool
        /// Index of the current element; -1 before the first.
        var index: Int
        /// Bytes of the current key, kept in this frame's slot of `keySlots`.
        var keyCount: Int
    }

    // Why ScratchArray, not [Frame] and [UInt8]: every key event set a key, and through an
    // Array each set paid two uniqueness checks and a closure (`withUnsafeMutableBytes`) —
    // ~30 instructions of a key callback under callgrind, 2.4 M keys on a 10k-paragraph
    // DingTalk page.

    /// `frames[0 ..< depth]` are live; the buffer only grows, so popping never resizes it.
    private var frames = ScratchArray<Frame>(capacity: 16)
    private var depth = 0
    /// Frame `i`'s key lives at `keySlots[i * maximumKeyBytes ..< i * maximumKeyBytes + keyCount]`:
    /// fixed slots make setting a key one copy, with no resizing on the hot path.
    private var keySlots = ByteScratch(capacity: 16 * maximumKeyBytes)
    /// Keys longer than this are cut in error paths (a path is for people).
    private static let maximumKeyBytes = 128

    init() {}

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
        let slotsNeeded = depth * Self.maximumKeyBytes
        if slotsNeeded > keySlots.count {
            // Slot bytes are written before they are read (a frame's `keyCount` bounds them).
            keySlots.reserve(slotsNeeded - keySlots.count)
            keySlots.resize(keeping: slotsNeeded)
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
            UnsafeMutableRawPointer(keySlots.base + last * Self.maximumKeyBytes)
                .copyMemory(from: key.baseAddress.unsafelyUnwrapped, byteCount: count)
        }
        frames[last].keyCount = count
    }

    /// The path as text: keys joined by `.`, array indices in brackets.
    var rendered: String {
        var out = ""
        for level in 0 ..< depth {
            let frame = frames[level]
            if frame.isArray {
                if frame.index >= 0 { out += "[\(frame.index)]" }
            } else if frame.keyCount > 0 {
                if !out.isEmpty { out += "." }
                var repaired: [UInt8] = []
                let key = UnsafeRawBufferPointer(start: keySlots.base + level * Self.maximumKeyBytes, count: frame.keyCount)
                UTF8Repair.append(key, to: &repaired)
                out += String(decoding: repaired, as: UTF8.self)
            }
        }
        return out
    }
}
