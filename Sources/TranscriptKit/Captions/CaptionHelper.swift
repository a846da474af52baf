#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Captions blocks of segments on a helper thread, ahead of the thread that streams the cues.
///
/// Why: cutting segments into cues (tokens, the cut search, line breaks) is most of an SRT or
/// WebVTT conversion with the default captions, and a segment's drafts depend on that segment
/// alone. Only their order, the timing repair and the writing are sequential.
///
/// How: segments go in blocks (of 64, see ``Captioner``), claimed in order from one counter. The
/// streaming thread claims the block it needs next when no one has, and captions it as before.
/// A block claimed by the helper it imports once done: each draft's text and words are copied
/// into its own tables and the draft queued with the next sequence number, exactly as
/// ``CaptionWork/appendDraft`` would have queued it, segment after segment, with the same
/// releases in between. So the cues, and everything the timing does with them, are the same.
/// While it waits for such a block, the streaming thread captions later unclaimed blocks the
/// same way the helper does (into their slots, to import in turn), so neither thread idles
/// while blocks are left: the helper alone would always be ahead, and the streaming thread
/// would only import.
///
/// Unsafe code: the batches are raw storage shared by the two threads. A batch belongs to the
/// thread that claimed its block until it is marked done, then to the streaming thread until it
/// is imported; the counters change under the monitor's lock, which also orders the batch's contents.
final class CaptionHelper: @unchecked Sendable {
    /// Blocks in flight at most.
    static let slotCount = 8

    /// The drafts of one block, in the order they were made, with their text and words.
    struct Batch {
        var block = -1
        var done = false
        /// `drafts[segmentEnds[k - 1] ..< segmentEnds[k]]` are the drafts of the block's k-th segment.
        var segmentEnds: [Int] = []
        var drafts: [DraftCue] = []
        var text: [UInt8] = []
        var wordStart: [Int64] = []
        var wordOffset: [UInt32] = []
        var wordLength: [UInt32] = []
    }

    private let transcript: Transcript
    private let options: CaptionOptions
    private let blocks: Int
    /// Segments per block: 64 by default, about a millisecond of work with the default captions.
    private let blockSegments: Int
    private let pausePerBlock: UInt32
    private let batches: UnsafeMutablePointer<Batch>
    private let monitor = ThreadMonitor()
    private var thread: HelperThread?
    // Guarded by `monitor`.
    private var nextClaim = 0
    private var imported = 0
    private var stopping = false
    /// The streaming thread's work for blocks it captions ahead, out of turn; only it uses it.
    private var aheadWork: CaptionWork?

    private init(transcript: Transcript, options: CaptionOptions, blockSegments: Int, pausePerBlock: UInt32) {
        self.transcript = transcript
        self.options = options
        self.blockSegments = blockSegments
        self.pausePerBlock = pausePerBlock
        blocks = (transcript.segments.count + blockSegments - 1) / blockSegments
        batches = .allocate(capacity: Self.slotCount)
        batches.initialize(repeating: Batch(), count: Self.slotCount)
    }

    deinit {
        batches.deinitialize(count: Self.slotCount)
        batches.deallocate()
    }

    /// Starts a helper for `transcript`, in blocks of `blockSegments`; `nil` when no thread
    /// could be started.
    static func start(for transcript: Transcript, options: CaptionOptions, blockSegments: Int, pausePerBlock: UInt32 = 0) -> CaptionHelper? {
        let helper = CaptionHelper(transcript: transcript, options: options, blockSegments: max(blockSegments, 1),
                                   pausePerBlock: pausePerBlock)
        guard let thread = HelperThread({ helper.run() }) else { return nil }
        helper.thread = consume thread
        return helper
    }

    /// Stops the helper (it finishes the block in hand) and joins it.
    func stop() {
        monitor.lock()
        stopping = true
        monitor.broadcast()
        monitor.unlock()
        thread.take()?.join()
    }

    /// Streams every block, in order, into `work`, releasing after each segment when
    /// `releasingEarly` (as ``Captioner`` does on one thread).
    func stream<Consumer: CueConsumer & ~Copyable>(
        into work: inout CaptionWork, consumer: inout Consumer, releasingEarly: Bool
    ) throws(Consumer.Failure) {
        for block in 0 ..< blocks { try stream(block: block, into: &work, consumer: &consumer, releasingEarly: releasingEarly) }
    }

    /// The segments of `block`.
    private func segments(of block: Int) -> Range<Int> {
        block * blockSegments ..< min(transcript.segments.count, (block + 1) * blockSegments)
    }

    /// Streams block `block` into `work`: captions it there when no one claimed it yet,
    /// otherwise imports the drafts made for it on the other thread (or ahead of turn).
    private func stream<Consumer: CueConsumer & ~Copyable>(
        block: Int, into work: inout CaptionWork, consumer: inout Consumer, releasingEarly: Bool
    ) throws(Consumer.Failure) {
        let segments = segments(of: block)
        monitor.lock()
        let mine = nextClaim == block
        if mine {
            nextClaim += 1
        } else {
            while !(batches[block % Self.slotCount].done && batches[block % Self.slotCount].block == block) {
                if let ahead = claimIfFree() {
                    // Waiting: caption a later block instead, as the helper would.
                    monitor.unlock()
                    if aheadWork == nil {
                        aheadWork = CaptionWork(options: options)
                        aheadWork!.collectsDrafts = true
                    }
                    fill(block: ahead, using: &aheadWork!)
                    work.statistics.blocksCaptionedAhead += 1
                    monitor.lock()
                    markDone(ahead)
                    continue
                }
                monitor.wait()
            }
        }
        monitor.unlock()
        defer {
            monitor.lock()
            if !mine { batches[block % Self.slotCount].done = false }
            imported = block + 1
            monitor.broadcast()
            monitor.unlock()
        }
        if mine {
            for i in segments {
                work.caption(segment: i, of: transcript)
                if releasingEarly { try work.release(after: i, into: &consumer) }
            }
        } else {
            work.statistics.blocksImported += 1
            // One copy of the batch a block: passed through `pointee`, it was copied (six retains
            // and releases) for every draft, 2.5 % of a `--preset none` conversion under `perf`.
            // The copy ends with this scope, before the slot is freed (the `defer` above), so the
            // helper's next fill finds its arrays uniquely referenced again and reuses them.
            let batch = batches[block % Self.slotCount]
            var first = 0
            for (k, i) in segments.enumerated() {
                let end = batch.segmentEnds[k]
                for d in first ..< end { work.importDraft(batch.drafts[d], from: batch) }
                first = end
                if releasingEarly { try work.release(after: i, into: &consumer) }
            }
        }
    }

    /// Claims the next block when one is left and its slot is free. Called with the monitor locked.
    private func claimIfFree() -> Int? {
        guard !stopping, nextClaim < blocks, nextClaim - imported < Self.slotCount else { return nil }
        nextClaim += 1
        return nextClaim - 1
    }

    /// Marks `block`'s batch done. Called with the monitor locked.
    private func markDone(_ block: Int) {
        batches[block % Self.slotCount].block = block
        batches[block % Self.slotCount].done = true
        monitor.broadcast()
    }

    /// Captions `block` with `work` (collecting drafts) into its slot, which the caller claimed.
    private func fill(block: Int, using work: inout CaptionWork) {
        let batch = batches + block % Self.slotCount
        work.clearCollected()
        batch.pointee.segmentEnds.removeAll(keepingCapacity: true)
        for i in segments(of: block) {
            work.caption(segment: i, of: transcript)
            batch.pointee.segmentEnds.append(work.collected.count)
        }
        work.exportCollected(into: &batch.pointee)
    }

    /// The helper thread: claims blocks ahead of the streaming thread while slots are free.
    private func run() {
        var work = CaptionWork(options: options)
        work.collectsDrafts = true
        while true {
            monitor.lock()
            while !stopping, nextClaim < blocks, nextClaim - imported >= Self.slotCount { monitor.wait() }
            guard let block = claimIfFree() else {
                monitor.unlock()
                return
            }
            monitor.unlock()
            if pausePerBlock > 0 { usleep(pausePerBlock) }
            fill(block: block, using: &work)
            monitor.lock()
            markDone(block)
            monitor.unlock()
        }
    }
}

extension CaptionWork {
    /// Forgets the drafts collected for the last block, with their text and words.
    mutating func clearCollected() {
        collected.removeAll()
        draftText.removeAll()
        draftWordStart.removeAll()
        draftWordOffset.removeAll()
        draftWordLength.removeAll()
    }

    /// Copies the collected drafts, their text and words into `batch`.
    func exportCollected(into batch: inout CaptionHelper.Batch) {
        batch.drafts.removeAll(keepingCapacity: true)
        batch.drafts.append(contentsOf: UnsafeBufferPointer(start: collected.base, count: collected.count))
        batch.text.removeAll(keepingCapacity: true)
        batch.text.append(contentsOf: UnsafeBufferPointer(start: draftText.base, count: draftText.count))
        batch.wordStart.removeAll(keepingCapacity: true)
        batch.wordStart.append(contentsOf: UnsafeBufferPointer(start: draftWordStart.base, count: draftWordStart.count))
        batch.wordOffset.removeAll(keepingCapacity: true)
        batch.wordOffset.append(contentsOf: UnsafeBufferPointer(start: draftWordOffset.base, count: draftWordOffset.count))
        batch.wordLength.removeAll(keepingCapacity: true)
        batch.wordLength.append(contentsOf: UnsafeBufferPointer(start: draftWordLength.base, count: draftWordLength.count))
    }

    /// Queues a draft another ``CaptionWork`` made, as ``appendDraft`` queues one made here:
    /// its text and words copied into this one's tables, the next sequence number.
    mutating func importDraft(_ draft: DraftCue, from batch: borrowing CaptionHelper.Batch) {
        var moved = draft
        let textStart = draftText.count
        batch.text.withUnsafeBytes { text in
            draftText.append(UnsafeRawBufferPointer(rebasing: text[Int(draft.text.start) ..< Int(draft.text.start) + Int(draft.text.count)]))
        }
        moved.text = TextRange(start: UInt32(textStart), count: draft.text.count)
        moved.words = WordRange(start: UInt32(draftWordStart.count), count: draft.words.count)
        for w in draft.words.indices {
            draftWordStart.append(batch.wordStart[w])
            draftWordOffset.append(batch.wordOffset[w])
            draftWordLength.append(batch.wordLength[w])
        }
        moved.sequence = draftCount
        draftCount += 1
        liveTextBytes += Int(moved.text.count)
        liveWords += Int(moved.words.count)
        pushPending(moved)
    }
}
