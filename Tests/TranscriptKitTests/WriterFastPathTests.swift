import Testing
@testable import TranscriptKit

/// The SRT/WebVTT text rewriting scans eight bytes at a time and copies clean runs in bulk, and
/// timestamps come from a digit table: checked here against plain byte-by-byte versions of the
/// same rules, on text built to put the special bytes at every offset of a word.
@Suite struct WriterFastPathTests {
    /// SRT's rules, one byte at a time (the writer's former loop).
    static func referenceSRT(_ text: [UInt8], lineBreak: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var lastClose = -1
        for (k, byte) in text.enumerated() where byte == UInt8(ascii: ">") { lastClose = k }
        for k in 0 ..< text.count {
            let byte = text[k]
            switch byte {
            case UInt8(ascii: "<") where k < lastClose: out += [0xEF, 0xBC, 0x9C]
            case UInt8(ascii: "{") where k + 1 < text.count && text[k + 1] == UInt8(ascii: "\\"): out += [0xEF, 0xBD, 0x9B]
            case UInt8(ascii: "\\") where k + 1 < text.count && (text[k + 1] == UInt8(ascii: "n") || text[k + 1] == UInt8(ascii: "N") || text[k + 1] == UInt8(ascii: "h")):
                out += [0xEF, 0xBC, 0xBC]
            case UInt8(ascii: ">") where k >= 2 && text[k - 1] == UInt8(ascii: "-") && text[k - 2] == UInt8(ascii: "-"):
                out += [0xEF, 0xBC, 0x9E]
            case 0x0A: out += lineBreak
            default: out.append(byte)
            }
        }
        return out
    }

    /// WebVTT's escaping, one byte at a time.
    static func referenceVTT(_ text: [UInt8], lineBreak: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for byte in text {
            switch byte {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case 0x0A: out += lineBreak
            case 0x0D: out.append(0x20)
            default: out.append(byte)
            }
        }
        return out
    }

    /// Deterministic texts: every length up to 40, mixing plain bytes, UTF-8 and the bytes the
    /// writers rewrite (and their neighbours in the rules: `-`, `n`, `N`, `h`).
    static var texts: [[UInt8]] {
        let alphabet: [[UInt8]] = ["a", "b", " ", "<", ">", "{", "\\", "\n", "\r", "&", "-", "n", "N", "h", "é", "中", "😀", "~", "0"]
            .map { Array($0.utf8) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var result: [[UInt8]] = [[]]
        for length in 1 ... 40 {
            for _ in 0 ..< 25 {
                var text: [UInt8] = []
                for _ in 0 ..< length {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    text += alphabet[Int(state >> 33) % alphabet.count]
                }
                result.append(text)
            }
        }
        // A special byte at every offset of a long plain run.
        for special in ["<", ">", "{\\", "\\n", "--> ", "\n", "&", "\r"] {
            for offset in 0 ... 24 {
                var text = Array(repeating: UInt8(ascii: "x"), count: 24)
                text.insert(contentsOf: Array(special.utf8), at: offset)
                result.append(text + Array(" > end".utf8))
                result.append(text)
            }
        }
        return result
    }

    @Test func srtTextMatchesTheByteByByteRules() {
        for lineBreak in [[UInt8(0x0A)], [0x0D, 0x0A]] {
            for text in Self.texts {
                var scratch = ByteScratch(capacity: 16)
                scratch.append(UInt8(ascii: "#")) // not at offset 0 of the buffer
                text.withUnsafeBytes { bytes in
                    lineBreak.withUnsafeBytes { eol in SRTWriter.appendText(bytes, to: &scratch, lineBreak: eol) }
                }
                let got = scratch.withBytes { Array($0.dropFirst()) }
                #expect(got == Self.referenceSRT(text, lineBreak: lineBreak), "\(String(decoding: text, as: UTF8.self).debugDescription)")
            }
        }
    }

    @Test func webVTTEscapingMatchesTheByteByByteRules() {
        for lineBreak in [[UInt8(0x0A)], [0x0D, 0x0A]] {
            for text in Self.texts {
                var scratch = ByteScratch(capacity: 16)
                text.withUnsafeBytes { bytes in
                    lineBreak.withUnsafeBytes { eol in WebVTTWriter.escape(bytes, into: &scratch, lineBreak: eol) }
                }
                let got = scratch.withBytes { Array($0) }
                #expect(got == Self.referenceVTT(text, lineBreak: lineBreak), "\(String(decoding: text, as: UTF8.self).debugDescription)")
            }
        }
    }

    @Test func timestampsMatchPlainFormatting() {
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var samples: [Int64] = [-5, 0, 1, 9, 10, 99, 100, 999, 1000, 59_999, 60_000, 3_599_999, 3_600_000,
                                359_999_999, 360_000_000, 3_600_000_000_000, Int64.max]
        var state: UInt64 = 12345
        for _ in 0 ..< 2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            samples.append(Int64(state >> 20) % 500_000_000)
        }
        for ms in samples {
            let m = max(ms, 0)
            let h = m / 3_600_000, mi = m / 60_000 % 60, s = m / 1000 % 60, f = m % 1000
            var srt = ByteScratch()
            SRTWriter.appendTimestamp(ms, to: &srt)
            #expect(srt.withBytes { String(decoding: $0, as: UTF8.self) } == "\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)),\(pad(f, 3))")
            for alwaysHours in [false, true] {
                var vtt = ByteScratch()
                WebVTTWriter.appendTimestamp(ms, to: &vtt, alwaysHours: alwaysHours)
                let hours = h > 0 || alwaysHours ? "\(pad(h, 2)):" : ""
                #expect(vtt.withBytes { String(decoding: $0, as: UTF8.self) } == "\(hours)\(pad(mi, 2)):\(pad(s, 2)).\(pad(f, 3))")
            }
        }
        var decimal = ByteScratch()
        for v: Int64 in [0, 7, 42, 1_000_000, Int64.max] {
            decimal.removeAll()
            decimal.appendDecimal(v, width: 3)
            #expect(decimal.withBytes { String(decoding: $0, as: UTF8.self) } == pad(v, 3))
        }
    }

    /// The captioner's shortcuts agree with the tables they stand in for.
    @Test func captionerShortcutsMatchTheirTables() {
        for s: UInt32 in 0 ..< 0x80 {
            #expect(DisplayWidth.isClosing(s) == DisplayWidth.isClosingScalar(s), "U+\(String(s, radix: 16))")
            #expect(DisplayWidth.isOpening(s) == DisplayWidth.isOpeningScalar(s), "U+\(String(s, radix: 16))")
        }
        func tableWidth(_ scalar: UInt32) -> Int {
            if scalar < 0x300 { return 1 }
            for entry in DisplayWidth.table where scalar >= entry.first && scalar <= entry.last { return Int(entry.width) }
            return 1
        }
        for scalar: UInt32 in stride(from: 0x4DF0, through: 0xA4A0, by: 1) {
            #expect(DisplayWidth.of(scalar) == tableWidth(scalar))
        }
        let keys = CaptionWork.connectorKeys
        #expect(keys.count == CaptionWork.connectors.count)
        #expect(keys.allSatisfy(CaptionWork.isConnectorKey))
        for word in ["the", "an", "a", "andy", "ors", "tot", "x", "because1", "although"] {
            let bytes = Array(word.utf8)
            let expected = CaptionWork.connectors.contains { $0.description == word }
            #expect(bytes.withUnsafeBytes { CaptionWork.isConnector($0) } == expected, "\(word)")
        }
    }
}
