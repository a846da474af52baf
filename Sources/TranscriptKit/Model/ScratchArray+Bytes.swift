#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte buffer for formatting one cue (or one segment's text) at a time: reserve room once,
/// then write bytes with plain stores and bulk copies with one `memcpy`.
///
/// Why not `[UInt8]`: callgrind showed the SRT/WebVTT writers spending most of their time in
/// `Array.append` (a uniqueness check, a capacity check and, for slices of raw buffers, a
/// byte-by-byte copy through an iterator, per call). See ``ScratchArray`` for the buffer itself.
typealias ByteScratch = ScratchArray<UInt8>

/// "00" ... "99": two digits by one lookup instead of a division and a remainder.
private let digitPairs: StaticString =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

extension ScratchArray where Element == UInt8 {
    /// Appends `length` bytes from `source` with one `memcpy`.
    @inline(__always)
    mutating func append(_ source: UnsafeRawPointer, count length: Int) {
        reserve(length)
        if length > 0 { memcpy(base + count, source, length) }
        resize(keeping: count + length)
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        append(source, count: bytes.count)
    }

    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(literal.utf8Start, count: literal.utfCount)
    }

    /// Makes the buffer hold a copy of `bytes`, keeping its storage.
    @inline(__always)
    mutating func replace(with bytes: UnsafeRawBufferPointer) {
        removeAll()
        append(bytes)
    }

    /// Appends the bytes of an array.
    @inline(__always)
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends `value` (non-negative) in decimal, zero-padded to at least `width` digits.
    @inline(__always)
    mutating func appendDecimal(_ value: Int64, width: Int) {
        reserve(Swift.max(width, 20))
        var v = UInt64(value.magnitude)
        // Count the digits first, then write them right to left in place.
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20, v >= limit { digits += 1; limit = limit &* 10 }
        let total = Swift.max(digits, width)
        let end = base + count + total
        var p = end
        for _ in 0 ..< digits {
            p -= 1
            p.pointee = UInt8(truncatingIfNeeded: 48 &+ v % 10)
            v /= 10
        }
        while p > base + count { p -= 1; p.pointee = 48 }
        resize(keeping: count + total)
    }

    /// Appends `value` (0 ... 99) as exactly two digits; room must have been reserved.
    @inline(__always)
    mutating func appendTwoDigitsUnchecked(_ value: Int) {
        assert(value >= 0 && value < 100 && count + 2 <= capacity)
        let pair = digitPairs.utf8Start + 2 * value
        base[count] = pair[0]
        base[count + 1] = pair[1]
        resize(keeping: count + 2)
    }

    /// Appends `value` (0 ... 999) as exactly three digits; room must have been reserved.
    @inline(__always)
    mutating func appendThreeDigitsUnchecked(_ value: Int) {
        assert(value >= 0 && value < 1000 && count + 3 <= capacity)
        let hundreds = value / 100
        base[count] = UInt8(truncatingIfNeeded: 48 &+ hundreds)
        resize(keeping: count + 1)
        appendTwoDigitsUnchecked(value &- hundreds &* 100)
    }


    /// The bytes written so far, valid during the call.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(bytes)
    }
}

extension StaticString {
    @inline(__always)
    var utfCount: Int { utf8CodeUnitCount }
}
