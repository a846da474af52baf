/// Timing, streamed: drafts are ordered by start, lengthened to the minimum duration and reading
/// time, chained across small gaps, repaired so that no cue overlaps the next, and handed on —
/// each as soon as nothing still to come can change it.
///
/// A draft of segment `j` never starts before `max(0, min(segment start, its words' starts))`
/// (untimed text is spread from the segment's start; timed tokens start at their words'
/// starts, never going back). ``releaseFloor`` keeps the minimum of that over each block of
/// segments and all later ones, so after segment `i` every pending draft starting at or before
/// the floor of the block holding `i + 1` is in its final place: later drafts start no earlier,
/// and on a tie they come later, as they would in a stable sort. The result is exactly that of
/// sorting all drafts first (the timing tests and the writers' golden files pin it).
///
/// Pending drafts sit in a binary heap, so even a transcript whose segments are far out of order
/// costs O(n log n), not a rescan per segment. Their text and words stay in the `draft` tables
/// until written; the tables are compacted once at least three quarters of them is written
/// text, which keeps them at the size of the window in flight.
extension CaptionWork {
    /// Segments per release floor: small enough that cues leave within a few segments, large
    /// enough that the floors take 1/4 byte per segment.
    static var releaseBlock: Int { 32 }

    /// Fills ``releaseFloor`` for `t` (one backward pass over segment starts and word starts).
    mutating func prepareReleaseFloors(for t: Transcript) {
        let s = t.segments
        let n = s.count
        let block = Self.releaseBlock
        let blocks = (n + block - 1) / block
        releaseFloor.reset(count: blocks + 1, to: .max)
        var floor = Int64.max
        var b = blocks - 1
        while b >= 0 {
            for i in b * block ..< min(n, (b + 1) * block) {
                var earliest = s.start[i]
                for w in s.words[i].indices { earliest = min(earliest, t.words.start[w]) }
                floor = min(floor, max(earliest, 0))
            }
            releaseFloor[b] = floor
            b -= 1
        }
    }

    /// Hands on every pending draft that no segment after `i` can precede.
    mutating func release<Consumer: CueConsumer & ~Copyable>(
        after i: Int, into consumer: inout Consumer
    ) throws(Consumer.Failure) {
        try release(upTo: releaseFloor[(i + 1) / Self.releaseBlock], into: &consumer)
    }

    /// Hands on the rest and the last cues.
    mutating func finish<Consumer: CueConsumer & ~Copyable>(into consumer: inout Consumer) throws(Consumer.Failure) {
        try release(upTo: .max, into: &consumer)
        if let last = waiting {
            waiting = nil
            try place(last, nextStart: .max, into: &consumer)
        }
        if let last = held {
            held = nil
            try write(last, into: &consumer)
        }
        statistics.draftTextCapacity = draftText.capacity + spareText.capacity
    }

    private mutating func release<Consumer: CueConsumer & ~Copyable>(
        upTo floor: Int64, into consumer: inout Consumer
    ) throws(Consumer.Failure) {
        while !pending.isEmpty, pending[0].start <= floor {
            let next = popPending()
            if let previous = waiting { try place(previous, nextStart: next.start, into: &consumer) }
            waiting = next
        }
        compactDraftsIfWorthwhile()
    }

    /// Lengthens `draft` (the next cue in start order; `nextStart` is the one after it), repairs
    /// it against the cue before, which is then final and written, and holds it in turn.
    private mutating func place<Consumer: CueConsumer & ~Copyable>(
        _ draft: DraftCue, nextStart: Int64, into consumer: inout Consumer
    ) throws(Consumer.Failure) {
        let o = options
        var end = draft.end
        if !o.segmentPerCue {
            // Lengthen to the minimum duration and reading time, then chain a small gap.
            let wanted = draft.start + min(max(o.minDuration, draft.readingTime), max(o.maxDuration, o.minDuration))
            if end < wanted { end = max(end, min(wanted, nextStart - o.minGap)) }
            if nextStart != .max, nextStart > end, nextStart - end <= o.chainGap, nextStart - o.minGap - draft.start <= o.maxDuration {
                end = max(end, nextStart - o.minGap)
            }
        }
        // Repair: starts never go back, cues never overlap, every cue lasts.
        var start = draft.start
        if var previous = held {
            if previous.end + o.minGap > start {
                let trimmed = max(start - o.minGap, previous.start + max(o.minDuration, 1))
                if trimmed < previous.end { previous.end = trimmed }
            }
            start = max(start, previous.end + o.minGap)
            try write(previous, into: &consumer)
        }
        if end <= start { end = start + max(o.minDuration, 1) }
        var placed = draft
        placed.start = start
        placed.end = end
        held = placed
    }

    private mutating func write<Consumer: CueConsumer & ~Copyable>(
        _ cue: DraftCue, into consumer: inout Consumer
    ) throws(Consumer.Failure) {
        liveTextBytes -= Int(cue.text.count)
        liveWords -= Int(cue.words.count)
        let words = Int(cue.words.start)
        let wordCount = Int(cue.words.count)
        try consumer.consume(CueView(
            start: cue.start, end: cue.end, speaker: cue.speaker,
            text: UnsafeRawBufferPointer(start: draftText.base + Int(cue.text.start), count: Int(cue.text.count)),
            wordStart: UnsafeBufferPointer(start: draftWordStart.base + words, count: wordCount),
            wordOffset: UnsafeBufferPointer(start: draftWordOffset.base + words, count: wordCount),
            wordLength: UnsafeBufferPointer(start: draftWordLength.base + words, count: wordCount)))
    }

    // MARK: Pending heap

    @inline(__always)
    private static func precedes(_ a: DraftCue, _ b: DraftCue) -> Bool {
        a.start != b.start ? a.start < b.start : a.sequence < b.sequence
    }

    /// Adds a draft; drafts mostly come in order, so this is usually one comparison.
    mutating func pushPending(_ draft: DraftCue) {
        pending.append(draft)
        statistics.mostPending = max(statistics.mostPending, pending.count)
        let heap = pending.base
        var child = pending.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(draft, heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = draft
    }

    private mutating func popPending() -> DraftCue {
        let heap = pending.base
        let top = heap[0]
        let last = heap[pending.count - 1]
        pending.truncate(pending.count - 1)
        let n = pending.count
        guard n > 0 else { return top }
        var parent = 0
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            if child + 1 < n, Self.precedes(heap[child + 1], heap[child]) { child += 1 }
            guard Self.precedes(heap[child], last) else { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = last
        return top
    }

    // MARK: Compaction

    /// Moves the text and words of drafts not yet written to the front of fresh tables, once at
    /// least three quarters of the tables is written (so each byte is copied O(1) times).
    private mutating func compactDraftsIfWorthwhile() {
        let textWorthIt = draftText.count >= 1 << 16 && liveTextBytes * 4 <= draftText.count
        let wordsWorthIt = draftWordStart.count >= 1 << 13 && liveWords * 4 <= draftWordStart.count
        guard textWorthIt || wordsWorthIt else { return }
        statistics.compactions += 1
        spareText.removeAll()
        spareWordStart.removeAll()
        spareWordOffset.removeAll()
        spareWordLength.removeAll()
        for k in 0 ..< pending.count { pending[k] = relocated(pending[k]) }
        if let cue = waiting { waiting = relocated(cue) }
        if let cue = held { held = relocated(cue) }
        swap(&draftText, &spareText)
        swap(&draftWordStart, &spareWordStart)
        swap(&draftWordOffset, &spareWordOffset)
        swap(&draftWordLength, &spareWordLength)
    }

    /// `draft` with its text and words copied to the spare tables.
    private mutating func relocated(_ draft: DraftCue) -> DraftCue {
        var moved = draft
        moved.text = TextRange(start: UInt32(spareText.count), count: draft.text.count)
        spareText.append(UnsafeRawBufferPointer(start: draftText.base + Int(draft.text.start), count: Int(draft.text.count)))
        moved.words = WordRange(start: UInt32(spareWordStart.count), count: draft.words.count)
        for w in draft.words.indices {
            spareWordStart.append(draftWordStart[w])
            spareWordOffset.append(draftWordOffset[w])
            spareWordLength.append(draftWordLength[w])
        }
        return moved
    }
}
