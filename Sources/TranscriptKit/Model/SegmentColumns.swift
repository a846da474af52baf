/// Per-segment properties that are either set or not.
public struct SegmentFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The end time was not given by the source (or was implausible) and was inferred.
    public static let inferredEnd = SegmentFlags(rawValue: 1 << 0)
    /// An interim (partial) result that no final result replaced.
    public static let partial = SegmentFlags(rawValue: 1 << 1)
    /// The source's end time is unreliable and should be checked by the normaliser.
    static let endNeedsCheck = SegmentFlags(rawValue: 1 << 2)
    /// The source gave an end before the start; the end was repaired.
    public static let repairedEnd = SegmentFlags(rawValue: 1 << 3)
}

/// The word range of one segment inside ``WordColumns``.
public struct WordRange: Sendable, Hashable, BitwiseCopyable {
    public var start: UInt32
    public var count: UInt32
    public init(start: UInt32, count: UInt32) {
        self.start = start
        self.count = count
    }
    public static let empty = WordRange(start: 0, count: 0)
    public var indices: Range<Int> { Int(start) ..< Int(start) + Int(count) }
}

/// The segments of a transcript as columns: element `i` of every array describes segment `i`.
///
/// Struct-of-arrays keeps decoding allocation-free (each column grows amortised) and lets the
/// sort and the writers touch only the columns they need.
public struct SegmentColumns: Sendable, Equatable {
    /// Start, in milliseconds relative to ``Transcript/origin``.
    public internal(set) var start: [Int64] = []
    /// End, in milliseconds relative to ``Transcript/origin``; always ≥ start.
    public internal(set) var end: [Int64] = []
    /// Index into ``Transcript/speakers``, or -1 when the source names no speaker.
    public internal(set) var speaker: [Int32] = []
    /// Index into ``Transcript/channels``, or -1 when the source has one channel.
    public internal(set) var channel: [Int32] = []
    /// The segment's text in ``Transcript/text``.
    public internal(set) var text: [TextRange] = []
    /// The source's id of the record, in ``Transcript/text``; empty when it has none.
    public internal(set) var sourceID: [TextRange] = []
    /// The segment's words in ``Transcript/words``; ``WordRange/empty`` when the source has no
    /// word timing for it (then the column stores nothing, see ``SparseColumn``).
    public internal(set) var words = SparseColumn<WordRange>(defaultValue: .empty)
    /// A group the segment belongs to (e.g. DingTalk's paragraph), or -1.
    public internal(set) var group = SparseColumn<Int32>(defaultValue: -1)
    /// The source's own sequence number (e.g. the counter at the end of a Yeastar record id),
    /// used to break ties between equal start times; 0 when it has none.
    public internal(set) var sequence: [Int64] = []
    /// Translation of the text, when the source delivers one; ``TextRange/empty`` otherwise.
    public internal(set) var translation = SparseColumn<TextRange>(defaultValue: .empty)
    /// Flags, see ``SegmentFlags``.
    public internal(set) var flags: [SegmentFlags] = []

    public init() {}

    /// Number of segments.
    public var count: Int { start.count }
    public var isEmpty: Bool { start.isEmpty }

    mutating func reserveCapacity(_ n: Int) {
        start.reserveCapacity(n); end.reserveCapacity(n); speaker.reserveCapacity(n)
        channel.reserveCapacity(n); text.reserveCapacity(n); sourceID.reserveCapacity(n)
        words.reserveCapacity(n); group.reserveCapacity(n); sequence.reserveCapacity(n)
        translation.reserveCapacity(n); flags.reserveCapacity(n)
    }

    /// Appends one segment (every column at once, so they never disagree in length).

    mutating func append(
        start: Int64, end: Int64, speaker: Int32, channel: Int32, text: TextRange,
        sourceID: TextRange, words: WordRange, group: Int32, sequence: Int64,
        translation: TextRange, flags: SegmentFlags
    ) {
        self.start.append(start); self.end.append(end); self.speaker.append(speaker)
        self.channel.append(channel); self.text.append(text); self.sourceID.append(sourceID)
        self.words.append(words); self.group.append(group); self.sequence.append(sequence)
        self.translation.append(translation); self.flags.append(flags)
    }

    /// Drops the segments from `index` on.
    mutating func truncate(to index: Int) {
        guard index < count else { return }
        start.removeSubrange(index...); end.removeSubrange(index...); speaker.removeSubrange(index...)
        channel.removeSubrange(index...); text.removeSubrange(index...); sourceID.removeSubrange(index...)
        words.truncate(to: index); group.truncate(to: index); sequence.removeSubrange(index...)
        translation.truncate(to: index); flags.removeSubrange(index...)
    }

    /// Reorders every column by `order` (a permutation: new position `k` takes old segment `order[k]`).
    mutating func permute(by order: [Int32]) {
        func gather<T>(_ column: inout [T]) {
            column = order.map { column[Int($0)] }
        }
        gather(&start); gather(&end); gather(&speaker); gather(&channel); gather(&text)
        gather(&sourceID); words.permute(by: order); group.permute(by: order); gather(&sequence)
        translation.permute(by: order); gather(&flags)
    }
}

/// The words of a transcript as columns.
public struct WordColumns: Sendable, Equatable {
    /// Start, in milliseconds relative to ``Transcript/origin``.
    public internal(set) var start: [Int64] = []
    /// End, in milliseconds relative to ``Transcript/origin``.
    public internal(set) var end: [Int64] = []
    /// The word's text in ``Transcript/text``.
    public internal(set) var text: [TextRange] = []

    public init() {}

    public var count: Int { start.count }

    mutating func reserveCapacity(_ n: Int) {
        start.reserveCapacity(n); end.reserveCapacity(n); text.reserveCapacity(n)
    }

    mutating func append(start: Int64, end: Int64, text: TextRange) {
        self.start.append(start); self.end.append(end); self.text.append(text)
    }

    mutating func truncate(to index: Int) {
        guard index < count else { return }
        start.removeSubrange(index...); end.removeSubrange(index...); text.removeSubrange(index...)
    }
}
