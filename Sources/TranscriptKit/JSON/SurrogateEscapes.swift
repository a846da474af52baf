#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds `\u` escapes of unpaired UTF-16 surrogates in raw JSON text, before yajl sees it.
///
/// yajl mishandles them: it joins a high surrogate with *any* following `\uXXXX` into one bogus
/// but well-formed 4-byte sequence (`\ud800\u0041` becomes U+10041, so no later UTF-8 check can
/// catch it), and turns a high surrogate followed by anything else into `?`, swallowing the next
/// character. Rewriting each unpaired surrogate escape to `\uFFFD` — six bytes for six, so byte
/// offsets stay true — makes yajl produce U+FFFD in its place.
///
/// Every backslash is taken as the start of an escape: inside strings that is exactly right, and
/// a backslash outside a string is a syntax error yajl reports before any rewritten byte.
enum SurrogateEscapes {
    /// The six bytes an unpaired surrogate escape becomes.
    static let replacement: [UInt8] = Array("\\uFFFD".utf8)

    /// Scans `count` bytes at `base`, appending the offset of every unpaired surrogate escape to
    /// `found`. Returns how many bytes are decided: an escape cut off by the end of the buffer is
    /// undecided (its backslash and what follows must be scanned again with more bytes), unless
    /// `isFinal` says no more bytes will come.
    static func scan(_ base: UnsafePointer<UInt8>, count: Int, isFinal: Bool, found: inout [Int]) -> Int {
        var i = 0
        while i < count {
            guard let hit = memchr(base + i, 0x5C, count - i) else { return count }
            let b = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            guard b + 1 < count else { return isFinal ? count : b }
            guard base[b + 1] == UInt8(ascii: "u") else { i = b + 2; continue }
            guard b + 6 <= count else { return isFinal ? count : b }
            // Not four hex digits: a syntax error, which yajl reports.
            guard let unit = hex4(base + b + 2) else { i = b + 2; continue }
            switch unit & 0xFC00 {
            case 0xD800:
                // A high surrogate is paired only when `\uDC00`...`\uDFFF` follows at once.
                switch lowSurrogateFollows(base + b + 6, available: count - b - 6) {
                case true?: i = b + 12
                case false?: found.append(b); i = b + 6
                case nil:
                    if !isFinal { return b }
                    found.append(b); i = b + 6
                }
            case 0xDC00:
                // A low surrogate not consumed by the pair check above stands alone.
                found.append(b)
                i = b + 6
            default:
                i = b + 6
            }
        }
        return count
    }

    /// Whether the bytes at `p` begin a low-surrogate escape; `nil` when too few bytes are
    /// available to tell.
    private static func lowSurrogateFollows(_ p: UnsafePointer<UInt8>, available: Int) -> Bool? {
        if available >= 1, p[0] != 0x5C { return false }
        if available >= 2, p[1] != UInt8(ascii: "u") { return false }
        if available >= 3 {
            // The first hex digit must be d/D, the second c-f/C-F.
            let d = p[2] | 0x20
            if d != UInt8(ascii: "d") { return false }
        }
        if available >= 4 {
            let c = p[3] | 0x20
            if !(UInt8(ascii: "c") ... UInt8(ascii: "f")).contains(c) { return false }
        }
        guard available >= 6 else { return nil }
        return hex4(p + 2) != nil
    }

    /// The value of four hex digits, or `nil`.
    @inline(__always)
    private static func hex4(_ p: UnsafePointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for k in 0 ..< 4 {
            let c = p[k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
