#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a source's times are anchored.
enum TimeBase: Sendable {
    /// Milliseconds since the Unix epoch; the origin is derived from the earliest start.
    case epochMilliseconds
    /// Milliseconds since an instant the source does not state; the origin stays unknown
    /// unless the caller gives one.
    case relative
}

/// Accumulates decoded records into a ``Transcript``'s columns.
///
/// Vendor decoders open a draft segment, fill it field by field as JSON events arrive (text goes
/// straight into the arena, words straight into the word columns), then commit or discard it.
/// Nothing here allocates per record once the columns have grown: the scratch buffers are reused.
struct TranscriptBuilder {
    var transcript: Transcript
    var timeBase: TimeBase = .relative
    let limits: DecodeLimits

    /// The segment being decoded.
    struct Draft {
        var arenaMark = 0
        var wordMark = 0
        var start: Int64?
        var end: Int64?
        var text = TextRange.empty
        var hasText = false
        var sourceID = TextRange.empty
        var translation = TextRange.empty
        var sequence: Int64 = 0
        var channel: Int32 = -1
        var group: Int32 = -1
        var flags: SegmentFlags = []
        /// Set by decoders whose source refers to speakers by index (canonical JSON).
        var speakerIndex: Int32?
        /// The hash of ``sourceID``'s stored bytes, set with it by ``storeSourceID(_:)``.
        var sourceIDHash: UInt64?
    }

    var draft = Draft()
    /// The draft's speaker id and name, as raw bytes; interned on commit.
    private var speakerID = ReusedBytes()
    private var speakerName = ReusedBytes()
    var hasSpeaker = false
    /// A duration seen before the start it adds to (fields come in any order).
    var pendingDuration: Int64?

    /// The word being decoded, for sources with word timing.
    struct WordDraft {
        var start: Int64?
        var end: Int64?
        var text = TextRange.empty
        /// The arena's size when the word began: where a dropped word's text is rolled back to.
        var arenaMark = 0
    }

    var word = WordDraft()

    /// Per segment, the reading-time estimate the normaliser falls back on when the end needs
    /// checking (0 otherwise), taken as the segment is committed: its text is then in cache,
    /// and on a large page decoded on two threads this runs on the helper thread, where the
    /// normaliser, after the join, would read the whole arena again on the critical path.
    private(set) var readingTimes: [Int32] = []

    private var keys = ByteKeySet()
    private var sourceIDIndex = SourceIDIndex()

    init(source: String, limits: DecodeLimits) {
        transcript = Transcript(source: source)
        self.limits = limits
    }

    /// What the columns hold: a snapshot for ``reserve(projecting:since:)``.
    struct Extent {
        var segments = 0
        var words = 0
        var textBytes = 0
    }

    var extent: Extent {
        Extent(segments: transcript.segments.count, words: transcript.words.count, textBytes: transcript.text.byteCount)
    }

    /// Sizes the columns for a page of which `fractionDone` has been decoded since `start`,
    /// projecting what that part produced: the columns then grow once, not by doubling — each
    /// doubling copies a column and briefly holds both copies, which set the peak memory of
    /// large pages. The projection gets half again as much: capacity never written is address
    /// space, not memory (untouched pages are not resident), while falling short costs a
    /// doubling of the column at its largest.
    mutating func reserve(projecting fractionDone: Double, since start: Extent) {
        guard fractionDone > 0, fractionDone < 1 else { return }
        let now = extent
        func projected(_ done: Int, _ before: Int) -> Int {
            let more = Double(done - before) * (1 / fractionDone - 1) * 1.5
            return done + Int(min(more, Double(Int32.max)))
        }
        let segments = projected(now.segments, start.segments)
        transcript.segments.reserveCapacity(segments)
        readingTimes.reserveCapacity(segments)
        // Only a source that dedupes by source id has entries; the others never need the index.
        if sourceIDIndex.count > 0 { reserveSourceIDIndex(total: segments) }
        transcript.words.reserveCapacity(projected(now.words, start.words))
        transcript.text.reserveCapacity(projected(now.textBytes, start.textBytes) - now.textBytes)
    }

    /// Opens a draft segment.
    mutating func beginSegment() {
        draft = Draft(arenaMark: transcript.text.byteCount, wordMark: transcript.words.count)
        speakerID.clear()
        speakerName.clear()
        hasSpeaker = false
        pendingDuration = nil
    }

    /// Stores `bytes` in the arena (repairing UTF-8) and returns where.
    mutating func storeText(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError) -> TextRange {
        try transcript.text.appendRepairingUTF8(bytes)
    }

    mutating func setSpeaker(id: UnsafeRawBufferPointer) {
        speakerID.set(id)
        hasSpeaker = true
    }

    mutating func setSpeaker(name: UnsafeRawBufferPointer) {
        speakerName.set(name)
        hasSpeaker = true
    }

    /// Every time a source may state, in ms: 0 (1970-01-01, or the start of a relative
    /// timeline) through 9999-12-31T23:59:59.999Z. Inside it, no sum, difference or
    /// formatting of times can overflow; outside it lie only sign errors and garbage.
    static let validTimes: ClosedRange<Int64> = 0 ... 253_402_300_799_999

    /// The error for a time outside ``validTimes``.
    static func timeOutOfRange(_ what: String, _ value: Int64) -> TranscriptError {
        TranscriptError(.valueOutOfRange, value < 0
            ? "\(what) \(value) ms is negative"
            : "\(what) \(value) ms is after 9999-12-31")
    }

    /// Opens a draft word.
    mutating func beginWord() {
        word = WordDraft(arenaMark: transcript.text.byteCount)
    }

    /// Appends the draft word, or drops it with its text: an empty word carries nothing, and a
    /// word with neither a start nor an end cannot be placed (one time alone is both).
    mutating func commitWordIfPlaceable() throws(TranscriptError) {
        guard !word.text.isEmpty, let start = word.start ?? word.end else {
            transcript.text.truncate(to: word.arenaMark)
            return
        }
        try appendWord(start: start, end: word.end ?? start, text: word.text)
    }

    /// Appends one word to the draft. A word ending before it starts ends at its start.
    mutating func appendWord(start: Int64, end: Int64, text: TextRange) throws(TranscriptError) {
        guard Self.validTimes.contains(start) else { throw Self.timeOutOfRange("word start", start) }
        guard Self.validTimes.contains(end) else { throw Self.timeOutOfRange("word end", end) }
        try checkItemLimit()
        transcript.words.append(start: start, end: max(end, start), text: text)
    }

    /// Commits the draft as a segment. Returns `false` (and rolls it back) when `dedupeKey` was
    /// seen before in this transcript.
    @discardableResult
    mutating func commitSegment(dedupeKey: UnsafeRawBufferPointer? = nil) throws(TranscriptError) -> Bool {
        if let dedupeKey, !keys.insert(dedupeKey) {
            discardSegment()
            return false
        }
        let start = draft.start ?? 0
        guard Self.validTimes.contains(start) else { throw Self.timeOutOfRange("start", start) }
        if let end = draft.end, !Self.validTimes.contains(end) { throw Self.timeOutOfRange("end", end) }
        if let end = draft.end, end < start {
            // An end before the start is a claim the normaliser replaces (see `Normalizer`).
            draft.flags.insert(.endNeedsCheck)
        }
        try checkItemLimit()
        let speaker = draftSpeaker()
        let flags = draft.end == nil ? draft.flags.union(.endNeedsCheck) : draft.flags
        transcript.segments.append(
            start: start, end: draft.end ?? start, speaker: speaker, channel: draft.channel,
            text: draft.text, sourceID: draft.sourceID,
            words: draftWords,
            group: draft.group, sequence: draft.sequence, translation: draft.translation,
            flags: flags)
        readingTimes.append(readingTime(of: draft.text, flags: flags))
        return true
    }

    private func readingTime(of text: TextRange, flags: SegmentFlags) -> Int32 {
        flags.contains(.endNeedsCheck) ? Int32(Normalizer.estimatedDuration(transcript, text)) : 0
    }

    /// Drops the segments from `count` on (a duplicate paragraph's), with their reading times.
    mutating func truncateSegments(to count: Int) {
        transcript.segments.truncate(to: count)
        readingTimes.removeSubrange(count...)
    }

    /// The draft's words; ``WordRange/empty`` when it has none, wherever it sits, so that a source
    /// without word timing stores nothing in the words column (see ``SparseColumn``).
    private var draftWords: WordRange {
        let count = transcript.words.count - draft.wordMark
        return count == 0 ? .empty : WordRange(start: UInt32(draft.wordMark), count: UInt32(count))
    }

    /// The draft's speaker index, interning its id and name.
    private mutating func draftSpeaker() -> Int32 {
        guard hasSpeaker, draft.speakerIndex == nil else { return draft.speakerIndex ?? -1 }
        // A record with only a name is keyed by its name.
        return speakerID.withBytes { id in
            speakerName.withBytes { name in
                transcript.speakers.intern(id: id.isEmpty ? name : id, name: name)
            }
        }
    }

    /// Writes the draft over segment `index` instead of appending it: for sources that send
    /// interim results and then the final one of the same sentence (Tencent). The draft's text
    /// stays where it was stored; the replaced segment's old text is left unused in the arena.
    mutating func commitSegment(replacing index: Int) {
        let speaker = draftSpeaker()
        let start = draft.start ?? 0
        let s = index
        transcript.segments.start[s] = start
        transcript.segments.end[s] = draft.end ?? start
        transcript.segments.speaker[s] = speaker
        transcript.segments.channel[s] = draft.channel
        transcript.segments.text[s] = draft.text
        transcript.segments.sourceID[s] = draft.sourceID
        transcript.segments.words[s] = draftWords
        transcript.segments.group[s] = draft.group
        transcript.segments.sequence[s] = draft.sequence
        transcript.segments.translation[s] = draft.translation
        transcript.segments.flags[s] = draft.end == nil ? draft.flags.union(.endNeedsCheck) : draft.flags
        readingTimes[s] = readingTime(of: draft.text, flags: transcript.segments.flags[s])
    }

    /// Stores `bytes` as the draft's ``Draft/sourceID``, hashes it and starts loading its slot in
    /// the dedupe index, ahead of ``commitSegmentUnlessSeenSourceID()`` at the record's end.
    mutating func storeSourceID(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError) {
        draft.sourceID = try storeText(bytes)
        // The stored bytes (UTF-8 repaired) are what a probe compares, so they are what is hashed.
        let hash = transcript.text.withBytes(draft.sourceID) { FNV1a.hash($0) }
        draft.sourceIDHash = hash
        sourceIDIndex.prefetch(hash: hash)
    }

    /// Commits the draft unless a segment with the same source id (the draft's
    /// ``Draft/sourceID``, stored in the arena) was committed before; `false` when the draft was
    /// a duplicate and was rolled back.
    mutating func commitSegmentUnlessSeenSourceID() throws(TranscriptError) -> Bool {
        if !sourceIDIndex.hasRoomForOneMore { reserveSourceIDIndex(total: sourceIDIndex.count + 1) }
        let probe = transcript.text.withBytes(draft.sourceID) { key in
            transcript.segments.sourceID.withUnsafeBufferPointer { sourceIDs in
                sourceIDIndex.probe(hash: draft.sourceIDHash ?? FNV1a.hash(key)) { segment in transcript.text.bytesEqual(sourceIDs[segment], key) }
            }
        }
        switch probe {
        case .found:
            discardSegment()
            return false
        case .vacant(let slot, let tag):
            try commitSegment()
            sourceIDIndex.insert(segment: transcript.segments.count - 1, at: slot, tag: tag)
            return true
        }
    }

    /// Sizes the source-id index for `total` segments, rehashing the stored ids from the arena.
    /// It reads them through copies of two references, released on return: the arena must be
    /// uniquely referenced again before it grows or a duplicate is rolled back, or it would be
    /// copied.
    private mutating func reserveSourceIDIndex(total: Int) {
        let text = transcript.text, sourceIDs = transcript.segments.sourceID
        sourceIDIndex.reserve(total: total) { segment in text.withBytes(sourceIDs[segment]) { FNV1a.hash($0) } }
    }

    /// Drops the draft and everything it stored.
    mutating func discardSegment() {
        transcript.text.truncate(to: draft.arenaMark)
        transcript.words.truncate(to: draft.wordMark)
    }

    /// Remembers `key`; `false` when it was already there. For sources whose duplicates are
    /// recognised by something other than a segment (e.g. a DingTalk paragraph).
    mutating func insertKey(_ key: UnsafeRawBufferPointer) -> Bool { keys.insert(key) }

    /// Throws once the transcript holds `limits.maximumItems` segments and words.
    ///
    /// Reads the two counts and the limit, not `self`: as a non-mutating method called from
    /// mutating ones it made the optimiser copy the whole builder (624 bytes, a `memcpy` per
    /// call: 21 M instructions on a 10k-paragraph DingTalk page under callgrind).
    @inline(__always)
    private mutating func checkItemLimit() throws(TranscriptError) {
        let items = transcript.segments.count + transcript.words.count
        if items >= limits.maximumItems { throw Self.itemLimitExceeded(limits.maximumItems) }
    }

    private static func itemLimitExceeded(_ limit: Int) -> TranscriptError {
        TranscriptError(.limitExceeded, "more than \(limit) segments and words in one transcript")
    }
}

/// A byte string kept in a reused buffer, for a field the builder holds between events.
///
/// Why not a plain `[UInt8]`: clearing one with `removeAll(keepingCapacity:)` runs the generic
/// `replaceSubrange` (~60 instructions under callgrind) and refilling it appends through
/// another generic call — four of each per Yeastar record, for its speaker id and name. Here
/// clearing sets a count and setting is one copy. Why not ``ByteScratch``, which the decoders
/// use for the same job: the builder is copyable (decoders expose it as a `get`/`set`
/// property of ``VendorDecoder``), so it cannot hold a non-copyable buffer.
struct ReusedBytes {
    private var storage: [UInt8] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func clear() { count = 0 }

    mutating func set(_ bytes: UnsafeRawBufferPointer) {
        if storage.count < bytes.count {
            storage = [UInt8](repeating: 0, count: max(bytes.count, 2 * storage.count, 32))
        }
        count = bytes.count
        guard let source = bytes.baseAddress, count > 0 else { return }
        storage.withUnsafeMutableBytes { $0.baseAddress.unsafelyUnwrapped.copyMemory(from: source, byteCount: bytes.count) }
    }

    /// Calls `body` with the bytes, valid only during the call.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        storage.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }
}

/// A set of byte strings, for recognising records repeated across pages.
///
/// Keys live in one byte buffer; an open-addressing table of (hash, offset) finds them, so an
/// insert allocates only when the buffer or the table grows.
struct ByteKeySet {
    private var storage: [UInt8] = []
    private var offsets: [Int] = [] // key i is storage[offsets[i] ..< offsets[i + 1]]
    private var table: [Int32] = []    // key index + 1; 0 = empty slot
    private var hashes: [UInt64] = []
    private(set) var count = 0

    init() {}

    /// Inserts `key`; returns `false` when it was present.
    mutating func insert(_ key: UnsafeRawBufferPointer) -> Bool {
        index(inserting: key).inserted
    }

    /// The index of `key` (keys are numbered 0, 1, ... in order of insertion), inserting it when
    /// new: lets a decoder keep per-key values in its own arrays.
    mutating func index(inserting key: UnsafeRawBufferPointer) -> (index: Int, inserted: Bool) {
        if count * 2 >= table.count { grow() }
        let hash = FNV1a.hash(key)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 {
            let index = Int(table[slot] - 1)
            if hashes[index] == hash, equals(index, key) { return (index, false) }
            slot = (slot + 1) & mask
        }
        if offsets.isEmpty { offsets.append(0) }
        storage.appendBytes(key)
        offsets.append(storage.count)
        hashes.append(hash)
        table[slot] = Int32(count + 1)
        count += 1
        return (count - 1, true)
    }

    private func equals(_ index: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        guard end - start == key.count else { return false }
        guard !key.isEmpty else { return true }
        return storage.withUnsafeBytes { memcmp($0.baseAddress! + start, key.baseAddress!, key.count) == 0 }
    }

    private mutating func grow() {
        let newSize = max(64, table.count * 2)
        table = [Int32](repeating: 0, count: newSize)
        let mask = newSize - 1
        for index in 0 ..< count {
            var slot = Int(truncatingIfNeeded: hashes[index]) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(index + 1)
        }
    }
}
