#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The speakers of a transcript, interned: each distinct id appears once and segments
/// refer to it by index.
public struct SpeakerTable: Sendable, Equatable {
    /// Speaker ids (the vendor's key for the person, e.g. an extension number or user id).
    public private(set) var ids: [String] = []
    /// Display names; empty when the source gives none.
    public private(set) var names: [String] = []
    // Hash of the id bytes → first index with that hash; collisions chain through `nextWithSameHash`.
    private var indexByHash: [UInt64: Int32] = [:]
    private var nextWithSameHash: [Int32] = []
    // The ids' bytes (valid UTF-8: ill-formed ids are repaired first).
    private var rawIDs: [[UInt8]] = []
    private var hashes: [UInt64] = []

    public init() {}

    /// Number of speakers.
    public var count: Int { ids.count }

    /// The index of the speaker with `id`, adding it (with `name`) when new. A later non-empty
    /// name fills in an empty one; the first non-empty name wins otherwise.
    ///
    /// Called once per record; allocates only when a new speaker appears.
    @discardableResult
    public mutating func intern(id: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer) -> Int32 {
        // Keyed by the id as it will be written: ids that differ only in ill-formed bytes are
        // one speaker, as they would be when the output is read back.
        guard UTF8Repair.isValid(id) else {
            var repaired: [UInt8] = []
            UTF8Repair.append(id, to: &repaired)
            return repaired.withUnsafeBytes { intern(id: $0, name: name) }
        }
        let hash = FNV1a.hash(id)
        if hashes.count <= Self.linearScanLimit {
            // A call has a handful of speakers: scanning their hashes is cheaper than hashing the
            // hash into the dictionary (callgrind showed that lookup at every record).
            for index in hashes.indices where hashes[index] == hash && rawIDs[index].elementsEqual(id) {
                if names[index].isEmpty, !name.isEmpty { names[index] = Self.repaired(name) }
                return Int32(index)
            }
            return add(id: id, name: name, hash: hash)
        }
        var candidate = indexByHash[hash] ?? -1
        while candidate >= 0 {
            if rawIDs[Int(candidate)].elementsEqual(id) {
                if names[Int(candidate)].isEmpty, !name.isEmpty {
                    names[Int(candidate)] = Self.repaired(name)
                }
                return candidate
            }
            candidate = nextWithSameHash[Int(candidate)]
        }
        return add(id: id, name: name, hash: hash)
    }

    private static let linearScanLimit = 16

    private mutating func add(id: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer, hash: UInt64) -> Int32 {
        let index = Int32(ids.count)
        hashes.append(hash)
        ids.append(Self.repaired(id))
        rawIDs.append(Array(id))
        names.append(Self.repaired(name))
        nextWithSameHash.append(indexByHash[hash] ?? -1)
        indexByHash[hash] = index
        return index
    }

    /// Convenience for Swift strings.
    @discardableResult
    public mutating func intern(id: String, name: String) -> Int32 {
        var id = id, name = name
        return id.withUTF8 { idBuffer in
            name.withUTF8 { nameBuffer in
                intern(id: UnsafeRawBufferPointer(idBuffer), name: UnsafeRawBufferPointer(nameBuffer))
            }
        }
    }

    /// ``displayName(_:)`` of every speaker, by index.
    var displayNames: [String] { (0 ..< count).map { displayName(Int32($0)) } }

    /// The name to show for speaker `index`: its display name, else its id.
    public func displayName(_ index: Int32) -> String {
        guard index >= 0, Int(index) < count else { return "" }
        return names[Int(index)].isEmpty ? ids[Int(index)] : names[Int(index)]
    }

    private static func repaired(_ bytes: UnsafeRawBufferPointer) -> String {
        var buffer: [UInt8] = []
        UTF8Repair.append(bytes, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    public static func == (lhs: SpeakerTable, rhs: SpeakerTable) -> Bool {
        lhs.ids == rhs.ids && lhs.names == rhs.names
    }
}

/// The channels (legs, tracks) of a transcript, interned by name, each with a rank that
/// orders them when records start at the same instant (e.g. `leg_2` has rank 2).
public struct ChannelTable: Sendable, Equatable {
    /// Channel names as the source spells them.
    public private(set) var names: [String] = []
    /// Tie-break order of each channel.
    public private(set) var ranks: [Int64] = []

    // Hash of the name's bytes as given → first index with that hash; collisions chain through
    // `nextWithSameHash`. A linear scan made a document with many legs quadratic.
    private var indexByHash: [UInt64: Int32] = [:]
    private var nextWithSameHash: [Int32] = []
    private var rawNames: [[UInt8]] = []

    public init() {}

    public var count: Int { names.count }

    /// This table with its channels in rank order (equal ranks keep their order), and the new
    /// index of each old one; `nil` when the table is in rank order already.
    func inRankOrder() -> (table: ChannelTable, newIndex: [Int32])? {
        guard zip(ranks, ranks.dropFirst()).contains(where: { $0 > $1 }) else { return nil }
        let order = ranks.indices.sorted { ranks[$0] != ranks[$1] ? ranks[$0] < ranks[$1] : $0 < $1 }
        var table = ChannelTable()
        var newIndex = [Int32](repeating: -1, count: count)
        for old in order {
            newIndex[old] = rawNames[old].withUnsafeBytes { table.intern($0, rank: ranks[old]) }
        }
        return (table, newIndex)
    }

    /// The index of channel `name`, adding it when new.
    public mutating func intern(_ name: UnsafeRawBufferPointer, rank: Int64) -> Int32 {
        // Keyed by the name as it will be written: names that differ only in ill-formed bytes
        // are one channel, as they would be when the output is read back.
        guard UTF8Repair.isValid(name) else {
            var repaired: [UInt8] = []
            UTF8Repair.append(name, to: &repaired)
            return repaired.withUnsafeBytes { intern($0, rank: rank) }
        }
        let hash = FNV1a.hash(name)
        var candidate = indexByHash[hash] ?? -1
        while candidate >= 0 {
            if rawNames[Int(candidate)].elementsEqual(name) { return candidate }
            candidate = nextWithSameHash[Int(candidate)]
        }
        var buffer: [UInt8] = []
        UTF8Repair.append(name, to: &buffer)
        names.append(String(decoding: buffer, as: UTF8.self))
        ranks.append(rank)
        rawNames.append(Array(name))
        let index = Int32(names.count - 1)
        nextWithSameHash.append(indexByHash[hash] ?? -1)
        indexByHash[hash] = index
        return index
    }

    public static func == (lhs: ChannelTable, rhs: ChannelTable) -> Bool {
        lhs.names == rhs.names && lhs.ranks == rhs.ranks
    }

    /// Convenience for Swift strings.
    public mutating func intern(_ name: String, rank: Int64) -> Int32 {
        var name = name
        return name.withUTF8 { intern(UnsafeRawBufferPointer($0), rank: rank) }
    }
}

/// 64-bit FNV-1a: small, allocation-free, good enough for interning keys of a few bytes.

internal enum FNV1a {

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
