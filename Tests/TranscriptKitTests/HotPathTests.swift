import Foundation
import Testing
@testable import TranscriptKit

/// The speed work on the decode path must not change a single result: these compare each fast
/// path with the plain way of doing the same thing.
@Suite("Hot path")
struct HotPathTests {
    static let yeastarFiles = TestSupport.corpusFiles("yeastar").filter { !$0.lastPathComponent.hasPrefix("error") }

    /// After detection the parser talks to the decoder directly; the result must be what an
    /// explicit `--from` gives, including when the deciding key arrives late.
    @Test(arguments: yeastarFiles)
    func autoDetectionEqualsExplicitFormat(file: URL) throws {
        let bytes = try TestSupport.bytes(file)
        let explicit = try Transcript(decoding: bytes, options: DecodeOptions(format: .yeastar))
        let detected = try Transcript(decoding: bytes)
        #expect(detected == explicit)
        for size in [1, 3, 17] {
            #expect(try TestSupport.decodeChunked(bytes, chunk: size) == explicit, "chunk size \(size)")
        }
    }

    /// The detector replays what it recorded; when the decoder skipped a container during the
    /// replay, the parser must go on skipping it after taking over.
    @Test func handoffInsideASkippedValue() throws {
        // `data` is weak, `extra` is unknown to Yeastar (skipped), `errcode` decides: it comes last.
        let text = #"{"data":{"leg_1":{"context":[{"id":"1:2:1","content":"hi","timestamp":1000}]}},"extra":{"a":[1,{"b":2}]},"errcode":0}"#
        let detected = try Transcript(decoding: Array(text.utf8))
        let explicit = try Transcript(decoding: Array(text.utf8), options: DecodeOptions(format: .yeastar))
        #expect(detected == explicit)
        #expect(detected.segments.count == 1)
        // Deciding inside an object the decoder skips: the rest of `extra` must not reach it.
        let late = #"{"errcode":0,"extra":{"a":[1,{"b":2}],"c":"d"},"data":{"leg_1":{"context":[{"id":"x","content":"yo","timestamp":5}]}}}"#
        #expect(try Transcript(decoding: Array(late.utf8)) == Transcript(decoding: Array(late.utf8), options: DecodeOptions(format: .yeastar)))
    }

    /// Keys live in fixed slots now: error paths must still name every level, deep ones and
    /// long (cut) keys included.
    @Test func errorPathsNameEveryLevel() throws {
        let text = #"{"errcode":0,"data":{"leg_7":{"context":[{"id":"a","timestamp":1},{"id":"b","timestamp":"soon"}]}}}"#
        do {
            _ = try Transcript(decoding: Array(text.utf8), options: DecodeOptions(format: .yeastar))
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "data.leg_7.context[1].timestamp")
        }
        var tracker = JSONPathTracker()
        let long = [UInt8](repeating: UInt8(ascii: "k"), count: 300)
        for depth in 0 ..< 40 {
            tracker.push(isArray: false)
            let key = depth == 39 ? long : Array("k\(depth)".utf8)
            key.withUnsafeBytes { tracker.setKey($0) }
        }
        let parts = tracker.rendered.split(separator: ".")
        #expect(parts.count == 40)
        #expect(parts.first == "k0")
        #expect(parts.last?.count == 128)
        tracker.pop()
        #expect(tracker.rendered.split(separator: ".").last == "k38")
    }

    /// Repair copies well-formed runs in bulk; it must equal Swift's own repair byte for byte.
    @Test func utf8RepairMatchesSwift() {
        var rng = SplitMix64(seed: 0xC0FFEE)
        let pieces: [[UInt8]] = [
            Array("plain ascii ".utf8), Array("你好，世界".utf8), Array("🤖€".utf8),
            [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80],
            // The three-byte fast path's edges: E0 and ED bound their second byte.
            [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xBF, 0xBF],
            [0xEF, 0xBF, 0xBF], [0xE1, 0x80], [0xE1, 0xC0, 0x80], [0xE1, 0x80, 0x7F],
        ]
        for _ in 0 ..< 5_000 {
            var input: [UInt8] = []
            for _ in 0 ..< Int(rng.next() % 8) { input += pieces[Int(rng.next() % UInt64(pieces.count))] }
            var repaired: [UInt8] = [0x41]
            input.withUnsafeBytes { UTF8Repair.append($0, to: &repaired) }
            #expect(Array(repaired.dropFirst()) == Array(String(decoding: input, as: UTF8.self).utf8))
        }
    }

    /// Small tables are scanned, large ones hashed: both must intern the same way.
    @Test func speakerInterningPastTheScanLimit() {
        var table = SpeakerTable()
        for round in 0 ..< 2 {
            for n in 0 ..< 40 {
                let index = table.intern(id: "id\(n)", name: round == 1 ? "Name \(n)" : "")
                #expect(index == Int32(n))
            }
        }
        #expect(table.count == 40)
        #expect(table.displayName(39) == "Name 39")
    }

    /// The reading estimate counts eight bytes at a time; it must match a byte-by-byte count.
    @Test func readingEstimateCountsCharacters() throws {
        for text in ["", "short", "exactly8", "a longer English sentence, past eight bytes", "预计明天下午之前送达。", "mixed 中文 and €uro 🤖 text"] {
            var transcript = Transcript()
            let range = try transcript.text.append(text)
            let ascii = Int64(text.unicodeScalars.filter(\.isASCII).count)
            let other = Int64(text.unicodeScalars.count) - ascii
            let expected = min(max(ascii * 65 + other * 220, Normalizer.minimumInferredDuration), Normalizer.maximumInferredDuration)
            #expect(Normalizer.estimatedDuration(transcript, range) == expected, "\(text)")
        }
    }

    /// Folding copies clean runs eight bytes at a time; it must equal the byte-by-byte definition
    /// on text dense with what folds: runs of spaces, other whitespace, controls, the Unicode
    /// spaces and line ends, C1 controls, and their look-alikes that are kept.
    @Test func whitespaceFoldingMatchesTheDefinition() {
        var rng = SplitMix64(seed: 0xF01D)
        let pieces: [[UInt8]] = [
            Array("word".utf8), Array("a".utf8), Array("longer-words.".utf8), [0x20], [0x20, 0x20], [0x09], [0x0A], [0x0D, 0x0A],
            [0x0B], [0x0C], [0x00], [0x1F], [0x7F], [0x7E], [0x21], [0xC2, 0x85], [0xC2, 0xA0], [0xC2, 0x80], [0xC2, 0x9F],
            [0xC2, 0xA9], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xE2, 0x80, 0x94], [0xE3, 0x80, 0x80], [0xE3, 0x80, 0x82],
            Array("你好".utf8), Array("🤖".utf8), [0xC2], [0xE2, 0x80], [0xE3], Array("ひらがな".utf8), Array("don’t".utf8),
            Array("「引用」".utf8), [0xE2, 0x80, 0xA7], [0xE2, 0x81, 0xA8], [0xE3, 0x81, 0x80], [0xE3, 0x80, 0x81],
        ]
        for round in 0 ..< 20_000 {
            var input: [UInt8] = []
            for _ in 0 ..< Int(rng.next() % 12) { input += pieces[Int(rng.next() % UInt64(pieces.count))] }
            // Existing text before it (the captioner appends to a buffer it reuses) on half the rounds.
            let prefix: [UInt8] = round % 2 == 0 ? [] : Array("x".utf8)
            var folded = ScratchArray<UInt8>(capacity: 4)
            for b in prefix { folded.append(b) }
            input.withUnsafeBytes { Captioner.foldWhitespace($0, into: &folded) }
            #expect(Array(folded.bytes.dropFirst(prefix.count)) == Self.foldedByDefinition(input), "\(input)")
        }
    }

    /// Whitespace runs (ASCII whitespace, U+0085, U+00A0, U+2028, U+2029, U+3000) become one space,
    /// leading and trailing ones go, C0 and C1 controls and DEL are dropped; the rest is kept.
    static func foldedByDefinition(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var pendingSpace = false
        var i = 0
        func keep(_ bytes: ArraySlice<UInt8>) {
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out += bytes
        }
        while i < text.count {
            let rest = text[i...]
            if let b = rest.first, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(b) {
                pendingSpace = !out.isEmpty; i += 1
            } else if rest.starts(with: [0xC2, 0x85]) || rest.starts(with: [0xC2, 0xA0]) {
                pendingSpace = !out.isEmpty; i += 2
            } else if rest.starts(with: [0xE2, 0x80, 0xA8]) || rest.starts(with: [0xE2, 0x80, 0xA9]) || rest.starts(with: [0xE3, 0x80, 0x80]) {
                pendingSpace = !out.isEmpty; i += 3
            } else if rest.count >= 2, rest.first == 0xC2, (0x80 ... 0x9F).contains(text[i + 1]) {
                i += 2
            } else if text[i] < 0x20 || text[i] == 0x7F {
                i += 1
            } else {
                keep(text[i ... i]); i += 1
            }
        }
        return out
    }

    /// Tokens are measured while they are cut; each shape must be what the definition gives for
    /// the token's characters, worked out here apart from the captioner's code: columns are the
    /// sum of `DisplayWidth.of`, characters those of non-zero width, first and last the first and
    /// last of those, the last core the last of those that is not a trailing closer (else the
    /// first), and kana any kana scalar, of any width.
    @Test func tokenShapesFollowTheirDefinition() {
        var rng = SplitMix64(seed: 0x5A4E)
        let pieces = [
            "word", "a", "I.", " ", "中文", "漢", "。", "，", "「", "」", "（", "）", "ひらがな", "カタカナ", "ー", "ｶ",
            "한국어", "\u{301}", "e\u{301}", "é", "👍", "(", ")", "\"", "'", "]", "}", "Ｘ", "\u{200B}", "\u{AD}", "2026",
            "«", "»", "’", "」」", "\")", "...", "x\u{FE0F}", "\u{3099}", "か\u{3099}", "\u{20000}", "𠀀中",
        ]
        for _ in 0 ..< 5_000 {
            var text = ""
            for _ in 0 ..< Int(rng.next() % 10) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            var folded = ScratchArray<UInt8>()
            Array(text.utf8).withUnsafeBytes { Captioner.foldWhitespace($0, into: &folded) }
            let bytes = folded.bytes
            CaptionWork.forEachToken(in: bytes) { start, end, _, shape in
                var width = 0, characters = 0, kana = false
                var first: UInt32 = 0, last: UInt32 = 0, lastCore: UInt32 = 0, firstVisible: UInt32 = 0
                for scalar in String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self).unicodeScalars {
                    let v = scalar.value
                    if DisplayWidth.isKana(v) { kana = true }
                    let w = DisplayWidth.of(v)
                    width += w
                    guard w > 0 else { continue }
                    characters += 1
                    if firstVisible == 0 { firstVisible = v; first = v }
                    last = v
                    if !DisplayWidth.isTrailingCloser(v) { lastCore = v }
                }
                if lastCore == 0 { lastCore = firstVisible }
                #expect(shape.width == width, "\(text)")
                #expect(shape.characters == characters, "\(text)")
                #expect(shape.first == first, "\(text)")
                #expect(shape.last == last, "\(text)")
                #expect(shape.lastCore == lastCore, "\(text)")
                #expect(shape.hasKana == kana, "\(text)")
                // The word path measures a token's bytes afresh: it must agree too.
                let measured = CaptionWork.measure(UnsafeRawBufferPointer(rebasing: bytes[start ..< end]), offset: start)
                #expect(Int(measured.width) == width && Int(measured.characters) == characters, "\(text)")
                #expect(measured.first == first && measured.last == last && measured.lastCore == lastCore, "\(text)")
            }
        }
    }

    /// One cue per segment (`--preset none`) counts a segment's characters and script without
    /// keeping its tokens; the counts must be those of the tokens the captioner would cut.
    @Test func oneCuePerSegmentCountsAsItsTokensDo() {
        var rng = SplitMix64(seed: 0x70CE25)
        let pieces = [
            "word", "a", "I.", " ", "  ", "中文", "漢", "。", "，", "、", "「", "」", "（", "）", "ひらがな", "カタカナ", "ー",
            "한국어", "\u{301}", "e\u{301}", "é", "👍", "👩‍👩‍👧", "(", ")", "\"", "'", "Ｘ", "ｶ", "\u{200B}", "\u{3000}", "2026",
            "«", "»", "—", "…", "!", "?", "x\u{FE0F}",
        ]
        let options = CaptionOptions()
        for _ in 0 ..< 5_000 {
            var text = ""
            for _ in 0 ..< Int(rng.next() % 10) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            var folded = ScratchArray<UInt8>()
            Array(text.utf8).withUnsafeBytes { Captioner.foldWhitespace($0, into: &folded) }
            guard !folded.isEmpty else { continue }
            // Independently of how tokens are cut: every character of non-zero width counts, and
            // every space (tokens partition the other bytes, one space between two of them).
            var independentCount = 0
            for scalar in String(decoding: folded.bytes, as: UTF8.self).unicodeScalars {
                if scalar == " " || DisplayWidth.of(scalar.value) > 0 { independentCount += 1 }
            }
            var work = CaptionWork(options: options)
            work.tokenBytes.removeAll()
            work.tokenBytes.append(folded.bytes)
            work.tokens.removeAll()
            work.tokenizeText()
            work.prepareSums()
            let expectedCharacters = work.characters(0, work.tokens.count)
            let expectedRate: Double
            switch work.detectScript() {
            case .chinese: expectedRate = options.chineseCharactersPerSecond
            case .japanese: expectedRate = options.japaneseCharactersPerSecond
            case .other: expectedRate = options.maxCharactersPerSecond
            }
            let counted = work.charactersAndReadingRate(ofFolded: folded.bytes)
            #expect(counted.characters == expectedCharacters, "\(text)")
            #expect(counted.characters == independentCount, "\(text)")
            #expect(counted.rate == expectedRate, "\(text)")
            // The cue's text is the folded text: its tokens joined by the spaces they were cut at.
            var joined: [UInt8] = []
            for k in 0 ..< work.tokens.count {
                let token = work.tokens[k]
                if token.spaceBefore { joined.append(0x20) }
                joined += folded.bytes[Int(token.offset) ..< Int(token.offset + token.length)]
            }
            #expect(joined == Array(folded.bytes), "\(text)")
        }
    }
}
