#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A half-open range of bytes inside a ``TextArena``.
///
/// 32-bit offsets keep the segment and word columns compact; the arena refuses to
/// grow past 4 GiB (see ``TextArena/append(_:)``).
public struct TextRange: Sendable, Hashable, BitwiseCopyable {
    /// Offset of the first byte.
    public var start: UInt32
    /// Number of bytes.
    public var count: UInt32

    /// The empty range at offset 0, used for "no text".
    public static let empty = TextRange(start: 0, count: 0)


    public init(start: UInt32, count: UInt32) {
        self.start = start
        self.count = count
    }


    public var isEmpty: Bool { count == 0 }
}

/// One contiguous UTF-8 buffer holding every text of a transcript.
///
/// Segments and words refer to their text by ``TextRange``; nothing is turned into a
/// `String` until a caller asks for one, so decoding allocates only when the buffer grows.
/// Every byte appended through ``appendRepairingUTF8(_:)`` is valid UTF-8.
public struct TextArena: Sendable, Equatable {

    internal var bytes: [UInt8]

    /// Largest arena size: ranges use 32-bit offsets.
    public static let maximumSize = Int(UInt32.max)

    public init() { bytes = [] }

    /// Total number of bytes stored.

    public var byteCount: Int { bytes.count }

    /// Reserves room for `count` more bytes.
    public mutating func reserveCapacity(_ count: Int) {
        bytes.reserveCapacity(bytes.count + count)
    }

    /// The text of `range` as a `String`.
    public func string(_ range: TextRange) -> String {
        withBytes(range) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of `range`, valid only during the call.

    public func withBytes<R>(_ range: TextRange, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { all in
            let start = Int(range.start)
            return try body(UnsafeRawBufferPointer(rebasing: all[start ..< start + Int(range.count)]))
        }
    }

    /// Whether two ranges hold the same bytes.

    public func bytesEqual(_ a: TextRange, _ b: TextRange) -> Bool {
        guard a.count == b.count else { return false }
        if a.start == b.start { return true }
        return bytes.withUnsafeBytes { all in
            memcmp(all.baseAddress! + Int(a.start), all.baseAddress! + Int(b.start), Int(a.count)) == 0
        }
    }

    /// Whether `range` holds exactly `other`.

    public func bytesEqual(_ range: TextRange, _ other: UnsafeRawBufferPointer) -> Bool {
        guard Int(range.count) == other.count else { return false }
        if other.isEmpty { return true }
        return bytes.withUnsafeBytes { all in
            memcmp(all.baseAddress! + Int(range.start), other.baseAddress!, other.count) == 0
        }
    }

    /// Appends `text`, replacing every ill-formed UTF-8 sequence with U+FFFD, and returns its range.
    ///
    /// yajl checks UTF-8 only loosely (it lets overlong forms, encoded surrogates and code points
    /// above U+10FFFF through), so every string taken from the input passes here.
    /// - Throws: ``TranscriptError`` of kind `.limitExceeded` past 4 GiB.

    public mutating func appendRepairingUTF8(_ text: UnsafeRawBufferPointer) throws(TranscriptError) -> TextRange {
        let start = bytes.count
        guard start + text.count * 3 <= TextArena.maximumSize || start + text.count <= TextArena.maximumSize else {
            throw TranscriptError(.limitExceeded, "the text of this transcript exceeds 4 GiB")
        }
        UTF8Repair.append(text, to: &bytes)
        guard bytes.count <= TextArena.maximumSize else {
            bytes.removeSubrange(start...)
            throw TranscriptError(.limitExceeded, "the text of this transcript exceeds 4 GiB")
        }
        return TextRange(start: UInt32(start), count: UInt32(bytes.count - start))
    }

    /// Appends bytes already known to be valid UTF-8 (our own constants).

    internal mutating func appendTrusted(_ text: UnsafeRawBufferPointer) -> TextRange {
        let start = bytes.count
        bytes.appendBytes(text)
        return TextRange(start: UInt32(start), count: UInt32(text.count))
    }

    /// Appends a Swift string (always valid UTF-8).
    @discardableResult
    public mutating func append(_ string: String) throws(TranscriptError) -> TextRange {
        var string = string
        let result: Result<TextRange, TranscriptError> = string.withUTF8 { buffer in
            Result { () throws(TranscriptError) in try appendRepairingUTF8(UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }

    /// Drops every byte from `offset` on: used to roll back a record that turned out to be a duplicate.

    internal mutating func truncate(to offset: Int) {
        if offset < bytes.count { bytes.removeSubrange(offset...) }
    }
}
