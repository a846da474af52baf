import CYajl

/// Finds the segment with a given source id, for recognising records repeated across pages.
///
/// It holds no key bytes of its own: a segment's id is already in the arena (its
/// ``SegmentColumns/sourceID`` range), so a slot keeps only a segment index and 8 bits of the
/// id's hash — 5 bytes a slot, under 14 a segment — where a set of copied keys cost ~50 bytes a
/// record (at 1 M Yeastar records that difference was 10 % of the input's size in peak memory).
struct SourceIDIndex {
    /// Open addressing, linear probing: `segments[slot]` is the segment + 1 (0: empty) and
    /// `tags[slot]` the top byte of its id's hash, which rules out most unequal ids unread.
    private var segments: [UInt32] = []
    private var tags: [UInt8] = []
    /// The segments recorded.
    private(set) var count = 0

    /// Where `key` (hashed to `hash`) is, or the empty slot where it would go.
    enum Probe {
        case found(segment: Int)
        case vacant(slot: Int, tag: UInt8)
    }

    /// Whether one more segment fits under the load limit (3/4) without growing.
    var hasRoomForOneMore: Bool { (count + 1) * 4 <= segments.count * 3 }

    /// Makes room for `total` segments in all; `hash(segment)` gives a stored segment's id hash.
    /// Sized ahead for a whole page, growing to it needs no rehash: each rehash reads every stored
    /// id from the arena again, in random order (at a million ids, cache misses made growth the
    /// larger part of deduplication).
    mutating func reserve(total: Int, hash: (_ segment: Int) -> UInt64) {
        let needed = total / 3 * 4 + 4
        guard needed > segments.count, needed <= Int(UInt32.max) else { return }
        var size = max(64, segments.count)
        while size < needed { size *= 2 }
        rehash(size: size, hash: hash)
    }

    private mutating func rehash(size: Int, hash: (_ segment: Int) -> UInt64) {
        let old = segments
        segments = [UInt32](repeating: 0, count: size)
        tags = [UInt8](repeating: 0, count: size)
        let mask = size - 1
        for entry in old where entry != 0 {
            let h = hash(Int(entry) - 1)
            var slot = Int(truncatingIfNeeded: h) & mask
            while segments[slot] != 0 { slot = (slot + 1) & mask }
            segments[slot] = entry
            tags[slot] = UInt8(truncatingIfNeeded: h >> 56)
        }
    }

    /// Looks up an id hashed to `hash`; `equals(segment)` says whether a stored segment's id is it.
    func probe(hash: UInt64, equals: (_ segment: Int) -> Bool) -> Probe {
        let tag = UInt8(truncatingIfNeeded: hash >> 56)
        let mask = segments.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while segments[slot] != 0 {
            if tags[slot] == tag, equals(Int(segments[slot]) - 1) { return .found(segment: Int(segments[slot]) - 1) }
            slot = (slot + 1) & mask
        }
        return .vacant(slot: slot, tag: tag)
    }

    /// Starts loading the slot where `hash` is probed first, so that ``probe(hash:equals:)``
    /// does not wait for memory. A page of a million records has an index of ~10 MB, and a
    /// probe is a random access into it: waiting for two cache misses per record was a third
    /// of the decode at 1M records (measured by skipping the index). Records name their id
    /// first and end several events later, so the slot arrives in time.
    func prefetch(hash: UInt64) {
        guard !segments.isEmpty else { return }
        let slot = Int(truncatingIfNeeded: hash) & (segments.count - 1)
        segments.withUnsafeBufferPointer { tk_prefetch($0.baseAddress.unsafelyUnwrapped + slot) }
        tags.withUnsafeBufferPointer { tk_prefetch($0.baseAddress.unsafelyUnwrapped + slot) }
    }

    /// Records `segment` in the slot a ``probe(hash:equals:)`` just returned as vacant.
    mutating func insert(segment: Int, at slot: Int, tag: UInt8) {
        segments[slot] = UInt32(segment + 1)
        tags[slot] = tag
        count += 1
    }
}
