/// How wide text is on screen, and where CJK text may break.
///
/// Widths come from Unicode's East Asian Width property (see `EastAsianWidthTable.swift`,
/// generated from the Unicode Character Database): wide and fullwidth characters count 2
/// columns, marks and format characters 0, everything else 1. Caption line limits are in
/// columns, so "42 characters" of English and "16 full-width characters" of Chinese (32
/// columns) are both measured the same way.
public enum DisplayWidth {
    /// Columns taken by `scalar`.
    @inline(__always)
    public static func of(_ scalar: UInt32) -> Int {
        if scalar < 0x300 { return 1 }
        // CJK Unified Ideographs (and Yi): one range of the table, width 2, taken without the
        // binary search (callgrind showed the search on every Chinese character of a page).
        if scalar >= 0x4E00, scalar <= 0xA48C { return 2 }
        var low = 0, high = table.count - 1
        while low <= high {
            let mid = (low + high) >> 1
            let entry = table[mid]
            if scalar < entry.first { high = mid - 1 } else if scalar > entry.last { low = mid + 1 } else { return Int(entry.width) }
        }
        return 1
    }

    /// Columns taken by `text`.
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1.value) }
    }

    /// Decodes the scalar at `index` of well-formed UTF-8 `bytes`; returns it and its length.
    @inline(__always)
    static func decode(_ bytes: UnsafeRawBufferPointer, at index: Int) -> (scalar: UInt32, length: Int) {
        let b0 = UInt32(bytes[index])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F), 4)
    }

    /// Han ideographs, kana and CJK punctuation: scripts written without spaces, where a line
    /// may break between any two characters (subject to ``isClosing(_:)`` and ``isOpening(_:)``).
    @inline(__always)
    static func isCJK(_ s: UInt32) -> Bool {
        switch s {
        case 0x2E80 ... 0x2FDF, 0x3000 ... 0x30FF, 0x3190 ... 0x31FF, 0x3400 ... 0x4DBF, 0x4E00 ... 0x9FFF,
             0xF900 ... 0xFAFF, 0xFE30 ... 0xFE4F, 0xFF00 ... 0xFF60, 0xFF61 ... 0xFF9F, 0x20000 ... 0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// Kana: marks text as Japanese.
    static func isKana(_ s: UInt32) -> Bool { (0x3040 ... 0x30FF).contains(s) || (0x31F0 ... 0x31FF).contains(s) || (0xFF66 ... 0xFF9F).contains(s) }

    /// Characters a line must not start with (closing brackets and quotes, trailing punctuation,
    /// Japanese small kana and the prolonged sound mark — the kinsoku rules).
    @inline(__always)
    static func isClosing(_ s: UInt32) -> Bool {
        // ASCII by a bit mask: the tokenizer asks for nearly every token (callgrind showed the
        // out-of-line switch call among its top costs). Same set as the switch below.
        if s < 0x80 {
            let low: UInt64 = 1 << 0x21 | 1 << 0x25 | 1 << 0x29 | 1 << 0x2C | 1 << 0x2E | 1 << 0x3A | 1 << 0x3B | 1 << 0x3F
            let high: UInt64 = 1 << (0x5D - 64) | 1 << (0x7D - 64)
            return ((s < 64 ? low >> UInt64(s) : high >> UInt64(s - 64)) & 1) != 0
        }
        return isClosingScalar(s)
    }

    static func isClosingScalar(_ s: UInt32) -> Bool {
        switch s {
        case 0x21, 0x29, 0x2C, 0x2E, 0x3A, 0x3B, 0x3F, 0x5D, 0x7D, 0x25, // ! ) , . : ; ? ] } %
             0x2019, 0x201D, 0x2026, 0x2025, 0x203A, 0xBB,           // ’ ” … ‥ › »
             0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0x301E, 0x301F,
             0x3005, 0x303B, 0x309B, 0x309C, 0x309D, 0x309E, 0x30FC, 0x30FD, 0x30FE,
             0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E, 0x3095, 0x3096,
             0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6,
             0xFF01, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF60, 0xFF61, 0xFF63, 0xFF64:
            return true
        default:
            return false
        }
    }

    /// Characters a line must not end with (opening brackets and quotes).
    @inline(__always)
    static func isOpening(_ s: UInt32) -> Bool {
        if s < 0x80 { return s == 0x28 || s == 0x5B || s == 0x7B } // ( [ {, as in the switch below
        return isOpeningScalar(s)
    }

    static func isOpeningScalar(_ s: UInt32) -> Bool {
        switch s {
        case 0x28, 0x5B, 0x7B, 0x2018, 0x201C, 0x2039, 0xAB,
             0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A, 0x301D,
             0xFF08, 0xFF3B, 0xFF5B, 0xFF5F, 0xFF62:
            return true
        default:
            return false
        }
    }

    /// Ends a sentence.
    static func isSentenceEnd(_ s: UInt32) -> Bool {
        switch s {
        case 0x2E, 0x21, 0x3F, 0x2026, 0x3002, 0xFF01, 0xFF1F, 0xFF0E, 0x061F, 0x06D4, 0x0964: return true
        default: return false
        }
    }

    /// Ends a clause.
    static func isClauseEnd(_ s: UInt32) -> Bool {
        switch s {
        case 0x2C, 0x3B, 0x3A, 0x2013, 0x2014, 0x3001, 0xFF0C, 0xFF1B, 0xFF1A, 0x060C, 0x061B: return true
        default: return false
        }
    }

    /// Trailing quotes and brackets that may follow a sentence or clause end.
    static func isTrailingCloser(_ s: UInt32) -> Bool {
        switch s {
        case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0x2019, 0x201D, 0xBB, 0x300D, 0x300F, 0x3011, 0xFF09: return true
        default: return false
        }
    }
}
