/// The stack of containers a vendor decoder is inside, packed 4 bits per level in one word.
///
/// Why not `[Level]`: every container start and end pushed or popped the array, and each of
/// those paid a uniqueness and capacity check (callgrind, 10k DingTalk paragraphs: ~1.2 M
/// pushes and pops, a few percent of the decode). A decoder pushes only the containers its
/// format defines and skips or refuses every other, so its depth is fixed by the format — at
/// most 7 (DingTalk: root, paragraphs, paragraph, sentences, sentence, words, word) — whatever
/// the input; 16 levels is never reached.
struct LevelStack<Level: RawRepresentable> where Level.RawValue == UInt8 {
    private var bits: UInt64 = 0
    private(set) var count = 0

    init() {}

    var isEmpty: Bool {
        @inline(__always) get { count == 0 }
    }

    /// The innermost level, `nil` at the top level.
    var last: Level? {
        @inline(__always) get { count == 0 ? nil : Level(rawValue: UInt8(truncatingIfNeeded: bits & 0xF)) }
    }

    @inline(__always)
    mutating func append(_ level: Level) {
        precondition(count < 16 && level.rawValue < 16, "a decoder's levels nest at most 16 deep, in 16 kinds")
        bits = bits << 4 | UInt64(level.rawValue)
        count += 1
    }

    @inline(__always) @discardableResult
    mutating func popLast() -> Level? {
        guard let top = last else { return nil }
        bits >>= 4
        count -= 1
        return top
    }

    @inline(__always)
    mutating func removeLast() { popLast() }

    @inline(__always)
    mutating func removeAll() { bits = 0; count = 0 }
}
