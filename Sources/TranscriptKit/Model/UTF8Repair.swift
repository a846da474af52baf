/// Copies UTF-8 while replacing ill-formed sequences with U+FFFD (the "maximal subpart"
/// practice of Unicode §3.9, as Swift's `String(decoding:as:)` does).
///
/// Hand-written rather than `String(decoding:)` because that allocates a `String` per text;
/// here the common all-ASCII case is a straight copy into the arena.

internal enum UTF8Repair {

    static let replacement: (UInt8, UInt8, UInt8) = (0xEF, 0xBF, 0xBD)

    /// Appends `input` to `output`, repairing it.

    static func append(_ input: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        let count = input.count
        // Fast path: find the first non-ASCII byte, eight bytes at a time.
        var index = 0
        while index + 8 <= count {
            let word = (base + index).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < count, base.load(fromByteOffset: index, as: UInt8.self) < 0x80 { index += 1 }
        if index == count {
            output.appendBytes(input)
            return
        }
        output.appendBytes(UnsafeRawBufferPointer(start: base, count: index))
        appendSlow(base, from: index, count: count, to: &output)
    }


    static func appendSlow(_ base: UnsafeRawPointer, from start: Int, count: Int, to output: inout [UInt8]) {
        var i = start
        // Well-formed bytes are copied in runs, not one by one: `run` is where the pending run began.
        var run = start
        @inline(__always) func flushRun(to end: Int) {
            if end > run { output.appendBytes(UnsafeRawBufferPointer(start: base + run, count: end - run)) }
        }
        @inline(__always) func byte(_ k: Int) -> UInt8 { base.load(fromByteOffset: k, as: UInt8.self) }
        @inline(__always) func isContinuation(_ k: Int) -> Bool { k < count && byte(k) & 0xC0 == 0x80 }
        while i < count {
            let b0 = byte(i)
            if b0 < 0x80 { i += 1; continue }
            // Most non-ASCII text is three-byte characters (CJK, kana, punctuation): one test of
            // the two continuations, with E0's and ED's tighter second byte (callgrind: the
            // general path below was ~25 instructions a character).
            if b0 & 0xF0 == 0xE0, i + 2 < count {
                let b1 = byte(i + 1), b2 = byte(i + 2)
                if b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b0 != 0xE0 || b1 >= 0xA0, b0 != 0xED || b1 < 0xA0 {
                    i += 3
                    continue
                }
            }
            var length = 0
            var lowerBound: UInt8 = 0x80
            var upperBound: UInt8 = 0xBF
            switch b0 {
            case 0xC2 ... 0xDF: length = 2
            case 0xE0: length = 3; lowerBound = 0xA0
            case 0xE1 ... 0xEC, 0xEE ... 0xEF: length = 3
            case 0xED: length = 3; upperBound = 0x9F // no encoded surrogates
            case 0xF0: length = 4; lowerBound = 0x90 // no overlong 4-byte forms
            case 0xF1 ... 0xF3: length = 4
            case 0xF4: length = 4; upperBound = 0x8F // nothing above U+10FFFF
            default: length = 0
            }
            if length == 0 {
                flushRun(to: i); appendReplacement(&output); i += 1; run = i; continue
            }
            // Second byte has the tighter bounds; the rest are plain continuations.
            guard i + 1 < count, (lowerBound ... upperBound).contains(byte(i + 1)) else {
                flushRun(to: i); appendReplacement(&output); i += 1; run = i; continue
            }
            var valid = 2
            while valid < length, isContinuation(i + valid) { valid += 1 }
            if valid != length {
                flushRun(to: i); appendReplacement(&output); run = i + valid
            }
            i += valid
        }
        flushRun(to: count)
    }


    static func appendReplacement(_ output: inout [UInt8]) {
        output.append(replacement.0)
        output.append(replacement.1)
        output.append(replacement.2)
    }

    /// Whether `input` is well-formed UTF-8.
    static func isValid(_ input: UnsafeRawBufferPointer) -> Bool {
        firstInvalidIndex(input) == nil
    }

    /// The index of the first byte of the first ill-formed sequence in `input`, or `nil` when
    /// it is all well-formed. Allocates nothing.
    static func firstInvalidIndex(_ input: UnsafeRawBufferPointer) -> Int? {
        guard let base = input.baseAddress else { return nil }
        let count = input.count
        var i = 0
        @inline(__always) func byte(_ k: Int) -> UInt8 { base.load(fromByteOffset: k, as: UInt8.self) }
        while i < count {
            // Fast path: eight ASCII bytes at a time.
            if i + 8 <= count, (base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b0 = byte(i)
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var lowerBound: UInt8 = 0x80
            var upperBound: UInt8 = 0xBF
            switch b0 {
            case 0xC2 ... 0xDF: length = 2
            case 0xE0: length = 3; lowerBound = 0xA0
            case 0xE1 ... 0xEC, 0xEE ... 0xEF: length = 3
            case 0xED: length = 3; upperBound = 0x9F
            case 0xF0: length = 4; lowerBound = 0x90
            case 0xF1 ... 0xF3: length = 4
            case 0xF4: length = 4; upperBound = 0x8F
            default: return i
            }
            guard i + length <= count, (lowerBound ... upperBound).contains(byte(i + 1)) else { return i }
            for k in 2 ..< length where byte(i + k) & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}
