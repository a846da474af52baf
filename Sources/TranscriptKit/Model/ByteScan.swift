/// Byte scans eight bytes at a time: the few bytes a writer must rewrite, and whether text is
/// all ASCII (the captioner's shortcut).
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

    /// High bit set in exactly the bytes of `word` that are zero (no borrow reaches past a byte).
    @inline(__always)
    static func exactZeroBytes(_ word: UInt64) -> UInt64 {
        ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word | 0x7F7F_7F7F_7F7F_7F7F)
    }

    /// High bit set in exactly the bytes of `word` below `limit` (at most 0x80): seven-bit bytes
    /// reach the high bit when `0x80 - limit` is added only if they are `limit` or more, and
    /// eight-bit bytes have it already.
    @inline(__always)
    static func bytesBelow(_ limit: UInt8, in word: UInt64) -> UInt64 {
        ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ splat(0x80 &- limit)) | word) & 0x8080_8080_8080_8080
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

    /// Whether every byte of `text` is below 0x80.
    @inline(__always)
    static func isASCII(_ text: UnsafeRawBufferPointer) -> Bool {
        let n = text.count
        guard let base = text.baseAddress else { return true }
        var high: UInt64 = 0
        var i = 0
        while i + 8 <= n {
            high |= base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            high |= UInt64(base.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }
}
