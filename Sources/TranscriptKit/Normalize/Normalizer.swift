/// Puts a decoded transcript on one clock and in one order.
///
/// 1. **Origin.** Sources with epoch times take the earliest segment start as t = 0 unless the
///    caller gives an origin; sources with relative times keep their times and take the
///    caller's origin, if any. A time before the origin is an error (captions cannot start
///    before 0).
/// 2. **Order.** A stable sort by start, then channel rank (`leg_1` before `leg_2`), then the
///    source's sequence number, then input order. The channel table is put in rank order too.
/// 3. **Ends.** Where the source's end is missing or unreliable (marked by the decoder), the
///    claimed end is kept only if it is after the start and does not run past the next record
///    of the same channel that starts later. Otherwise the end is inferred — start plus a
///    reading estimate of the text (≈ 65 ms per ASCII character, 220 ms per other character,
///    at least 800 ms, at most 10 s), cut at that next record's start — and the segment is
///    marked ``SegmentFlags/inferredEnd``.
enum Normalizer {
    /// Reading-time estimate bounds, in ms.
    static let minimumInferredDuration: Int64 = 800
    static let maximumInferredDuration: Int64 = 10_000

    /// - Parameter readingTimes: each segment's ``estimatedDuration(_:_:)`` where its end needs
    ///   checking, worked out while decoding (see ``TranscriptBuilder/readingTimes``); ignored
    ///   unless there is one per segment.
    static func normalize(
        _ transcript: inout Transcript, timeBase: TimeBase, explicitOrigin: Int64?, fileOrigin: Int64?, sort: Bool,
        readingTimes: [Int32] = []
    ) throws(TranscriptError) {
        var readingTimes = readingTimes.count == transcript.segments.count ? readingTimes : nil
        try rebase(&transcript, timeBase: timeBase, explicitOrigin: explicitOrigin, fileOrigin: fileOrigin)
        if sort {
            orderChannelsByRank(&transcript)
            sortSegments(&transcript, alongWith: &readingTimes)
        }
        inferEnds(&transcript, readingTimes: readingTimes)
    }

    /// Puts the channel table in rank order (Yeastar legs are ranked by number, `leg_2` before
    /// `leg_4`, whatever order the response lists them in). Canonical JSON ranks channels by
    /// their place in its `channels` list, so only a table in rank order reads back sorted the
    /// same way: the fuzzer found `leg_1, leg_4, leg_2` with equal starts on legs 2 and 4
    /// reordering two segments through a JSON round trip.
    static func orderChannelsByRank(_ t: inout Transcript) {
        guard let (table, newIndex) = t.channels.inRankOrder() else { return }
        t.channels = table
        for i in 0 ..< t.segments.count where t.segments.channel[i] >= 0 {
            t.segments.channel[i] = newIndex[Int(t.segments.channel[i])]
        }
    }

    // MARK: Origin

    static func rebase(_ t: inout Transcript, timeBase: TimeBase, explicitOrigin: Int64?, fileOrigin: Int64?) throws(TranscriptError) {
        if let fileOrigin, !TranscriptBuilder.validTimes.contains(fileOrigin) {
            throw TranscriptError(.valueOutOfRange, "`origin` \(fileOrigin) ms is outside 1970-01-01 … 9999-12-31", path: "origin")
        }
        let shift: Int64
        switch timeBase {
        case .epochMilliseconds:
            let origin = explicitOrigin ?? t.segments.start.min() ?? 0
            t.origin = t.segments.isEmpty && explicitOrigin == nil ? nil : origin
            shift = origin
        case .relative:
            if let fileOrigin, let explicitOrigin {
                // Re-anchoring relative times that had a known origin.
                t.origin = explicitOrigin
                shift = explicitOrigin &- fileOrigin
            } else {
                t.origin = explicitOrigin ?? fileOrigin
                shift = 0
            }
        }
        guard shift != 0 || t.segments.start.contains(where: { $0 < 0 }) else { return }
        try subtract(shift, from: &t.segments.start, what: "segment", t: t)
        try subtract(shift, from: &t.segments.end, what: "segment end", t: t)
        try subtract(shift, from: &t.words.start, what: "word", t: t)
        try subtract(shift, from: &t.words.end, what: "word end", t: t)
    }

    private static func subtract(_ shift: Int64, from column: inout [Int64], what: String, t: Transcript) throws(TranscriptError) {
        for i in column.indices {
            let (value, overflow) = column[i].subtractingReportingOverflow(shift)
            guard !overflow, value >= 0 else {
                var message = "\(what) \(i) starts before the origin"
                if what == "segment", !t.segments.sourceID[i].isEmpty { message += " (id \(t.string(t.segments.sourceID[i])))" }
                throw TranscriptError(.valueOutOfRange, message)
            }
            column[i] = value
        }
    }

    // MARK: Order

    static func sortSegments(_ t: inout Transcript, alongWith readingTimes: inout [Int32]?) {
        guard let order = sortedOrder(t) else { return }
        // Only now, with no other reference to the old columns left, are they replaced: each is
        // freed as its reordered copy is made, so one column at a time is held twice, not all.
        t.segments.permute(by: order)
        if let times = readingTimes { readingTimes = order.map { times[Int($0)] } }
    }

    /// The segments' indices in time order, or `nil` when they are in order already.
    private static func sortedOrder(_ t: borrowing Transcript) -> [Int32]? {
        let s = t.segments
        let n = s.count
        guard n > 1 else { return nil }
        let ranks = t.channels.ranks
        @inline(__always) func rank(_ i: Int) -> Int64 { s.channel[i] < 0 ? -1 : ranks[Int(s.channel[i])] }
        @inline(__always) func precedes(_ a: Int, _ b: Int) -> Bool {
            if s.start[a] != s.start[b] { return s.start[a] < s.start[b] }
            let ra = rank(a), rb = rank(b)
            if ra != rb { return ra < rb }
            if s.sequence[a] != s.sequence[b] { return s.sequence[a] < s.sequence[b] }
            return a < b
        }
        // Most sources are already in order: check before sorting.
        var sorted = true
        for i in 1 ..< n where precedes(i, i - 1) { sorted = false; break }
        if sorted { return nil }
        var order = [Int32](0 ..< Int32(n))
        order.sort { precedes(Int($0), Int($1)) }
        return order
    }

    // MARK: Ends

    static func inferEnds(_ t: inout Transcript, readingTimes: [Int32]? = nil) {
        let n = t.segments.count
        guard n > 0, t.segments.flags.contains(where: { $0.contains(.endNeedsCheck) }) else { return }
        // Walk backwards keeping, per channel, the earliest start seen and the next later start.
        var headStart = [Int64](repeating: .max, count: t.channels.count + 1)
        var laterThanHead = [Int64?](repeating: nil, count: t.channels.count + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let c = Int(t.segments.channel[i]) + 1
            let start = t.segments.start[i]
            if start < headStart[c] {
                laterThanHead[c] = headStart[c] == .max ? nil : headStart[c]
                headStart[c] = start
            }
            let nextLater = laterThanHead[c]
            var flags = t.segments.flags[i]
            guard flags.contains(.endNeedsCheck) else { continue }
            flags.remove(.endNeedsCheck)
            let claimed = t.segments.end[i]
            let plausible = claimed > start && (nextLater.map { claimed <= $0 } ?? true)
            if !plausible {
                var end = start + (readingTimes.map { Int64($0[i]) } ?? estimatedDuration(t, t.segments.text[i]))
                if let nextLater { end = min(end, nextLater) }
                t.segments.end[i] = end
                flags.insert(.inferredEnd)
            }
            t.segments.flags[i] = flags
        }
    }

    /// A reading-time estimate for a text: see the type's documentation.
    static func estimatedDuration(_ t: Transcript, _ range: TextRange) -> Int64 {
        var ascii: Int64 = 0, other: Int64 = 0
        t.text.withBytes(range) { bytes in
            // Eight bytes at a time: ASCII bytes have bit 7 clear; a non-ASCII character starts
            // with the one byte that has bits 7 and 6 set (continuation bytes are 10xxxxxx).
            // The flags are counted with one multiply (each byte's flag moved to its low bit, the
            // bytes summed into the top one): `nonzeroBitCount` is a ~15-instruction software
            // popcount on baseline x86-64 (callgrind: 620 instructions a segment).
            let highBits: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func flaggedBytes(_ flags: UInt64) -> Int64 {
                Int64(((flags >> 7) &* 0x0101_0101_0101_0101) >> 56)
            }
            var i = 0
            while i + 8 <= bytes.count {
                let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                ascii += 8 - flaggedBytes(word & highBits)
                other += flaggedBytes(word & (word << 1) & highBits)
                i += 8
            }
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 { ascii += 1 } else if b >= 0xC0 { other += 1 }
                i += 1
            }
        }
        return min(max(ascii * 65 + other * 220, minimumInferredDuration), maximumInferredDuration)
    }
}

// MARK: - Benchmark hooks

@_spi(Benchmarks)
extension Transcript {
    /// For benchmarks only: shuffles the segments (deterministically, from `seed`) and marks their
    /// ends unchecked, so that ``normalizeForBenchmark()`` does a real sort and the end inference,
    /// as after decoding pages that arrived out of order.
    public mutating func shuffleForBenchmark(seed: UInt64 = 0x5EED) {
        var order = [Int32](0 ..< Int32(segments.count))
        var state = seed
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            // SplitMix64: small, deterministic on every platform.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            order.swapAt(i, Int((z ^ (z >> 31)) % UInt64(i + 1)))
        }
        segments.permute(by: order)
        for i in segments.flags.indices { segments.flags[i].insert(.endNeedsCheck) }
    }

    /// For benchmarks only: the normaliser's sort and end inference, keeping the origin.
    public mutating func normalizeForBenchmark() throws(TranscriptError) {
        try Normalizer.normalize(&self, timeBase: .relative, explicitOrigin: nil, fileOrigin: origin, sort: true)
    }
}
