#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer over memory it owns, for formatting one cue (or one segment's text)
/// at a time: reserve room once, then write bytes with plain stores.
///
/// Why not `[UInt8]`: callgrind showed the SRT/WebVTT writers and the captioner spending most of
/// their time in `Array.append` (a uniqueness check, a capacity check and, for slices of raw
/// buffers, a byte-by-byte copy through an iterator, per call). Here a write is a store and a
/// bulk copy is one `memcpy`; the buffer is `~Copyable`, so it is never shared and never copied
/// on write. It is cleared, not freed, between uses.
struct ByteScratch: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 512) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    /// Makes room for `extra` more bytes, so that the next `extra` unchecked writes are in bounds.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends one byte; room must have been reserved.
    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        assert(count < capacity)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends `length` bytes from `source` with one `memcpy`.
    @inline(__always)
    mutating func append(_ source: UnsafeRawPointer, count length: Int) {
        reserve(length)
        if length > 0 { memcpy(base + count, source, length) }
        count += length
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
        count += total
    }

    /// "00" ... "99": two digits by one lookup instead of a division and a remainder.
    static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Appends `value` (0 ... 99) as exactly two digits; room must have been reserved.
    @inline(__always)
    mutating func appendTwoDigitsUnchecked(_ value: Int) {
        assert(value >= 0 && value < 100 && count + 2 <= capacity)
        let pair = Self.digitPairs.utf8Start + 2 * value
        base[count] = pair[0]
        base[count + 1] = pair[1]
        count += 2
    }

    /// Appends `value` (0 ... 999) as exactly three digits; room must have been reserved.
    @inline(__always)
    mutating func appendThreeDigitsUnchecked(_ value: Int) {
        assert(value >= 0 && value < 1000 && count + 3 <= capacity)
        let hundreds = value / 100
        base[count] = UInt8(truncatingIfNeeded: 48 &+ hundreds)
        count += 1
        appendTwoDigitsUnchecked(value &- hundreds &* 100)
    }

    /// The bytes written so far, valid during the call.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }
}

extension StaticString {
    @inline(__always)
    var utfCount: Int { utf8CodeUnitCount }
}

/// Finding the few bytes a writer must rewrite, eight bytes at a time.
///
/// Why: callgrind showed the SRT and WebVTT text loops costing ~45 instructions per byte (a switch
/// and an `Array.append` for every byte). Cue text almost never holds a byte that needs rewriting,
/// so the writers look for the next such byte a word at a time and copy the clean run before it
/// with one `memcpy`.
enum ByteScan {
    @inline(__always)
    static func splat(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

    /// High bit set in each byte of `word` that is zero, exact for the lowest such byte (borrows
    /// can only flag bytes above a true zero).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// The index of the first byte of `text[from...]` equal to one of `a` ... `e`, or `text.count`.
    @inline(__always)
    static func firstIndex(in text: UnsafeRawBufferPointer, from: Int,
                           _ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8) -> Int {
        let n = text.count
        guard let base = text.baseAddress else { return n }
        var i = from
        let sa = splat(a), sb = splat(b), sc = splat(c), sd = splat(d), se = splat(e)
        while i + 8 <= n {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let hits = zeroBytes(w ^ sa) | zeroBytes(w ^ sb) | zeroBytes(w ^ sc) | zeroBytes(w ^ sd) | zeroBytes(w ^ se)
            if hits != 0 { return i + hits.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < n {
            let byte = base.load(fromByteOffset: i, as: UInt8.self)
            if byte == a || byte == b || byte == c || byte == d || byte == e { return i }
            i += 1
        }
        return n
    }
}
