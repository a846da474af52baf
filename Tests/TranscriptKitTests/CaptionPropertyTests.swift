import Testing
@testable import TranscriptKit

/// Invariants of the captioner on many generated transcripts (deterministic seeds).
@Suite struct CaptionPropertyTests {
    typealias F = CaptionFixture

    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let english = ["the", "router", "and", "because", "customer", "ticket", "is", "open", "to", "with",
                          "approximately", "tomorrow", "please", "check", "<b>&", "a-->b", "café", "😀", "ok",
                          "supercalifragilisticexpialidocious-extraordinarily-long-token"]
    static let chinese = ["我的", "包裹", "三天", "没有", "更新", "请问", "客服", "中心", "明天", "送达"]
    static let punctuation = ["", "", "", ",", ".", "?", "!"]

    /// A transcript of non-overlapping segments; some with word timing, some Chinese.
    static func generate(seed: UInt64) -> (Transcript, latinOnly: Bool) {
        var random = Random(state: seed)
        var segments: [F.Segment] = []
        var t: Int64 = Int64(random.below(3000))
        var latinOnly = true
        for _ in 0 ..< 1 + random.below(12) {
            let isChinese = random.below(5) == 0
            if isChinese { latinOnly = false }
            let count = 1 + random.below(isChinese ? 30 : 45)
            var words: [F.Word] = []
            var texts: [String] = []
            let start = t
            for k in 0 ..< count {
                var word = random.pick(isChinese ? chinese : english)
                let p = random.pick(punctuation)
                if k == count - 1 || random.below(6) == 0 { word += isChinese ? (p.isEmpty ? "" : "。") : p }
                let duration = Int64(100 + random.below(600))
                words.append(.init(start: t, end: t + duration, text: word))
                texts.append(word)
                t += duration + Int64(random.below(5) == 0 ? random.below(1500) : random.below(80))
            }
            let timed = random.below(2) == 0
            let text = texts.joined(separator: isChinese ? "" : " ")
            // Zero-length items now and then.
            let end = random.below(10) == 0 ? start : t
            segments.append(.init(speaker: random.below(2), start: start, end: end, text: text, words: timed ? words : []))
            t += Int64(random.below(2500))
        }
        return (F.transcript(segments), latinOnly)
    }

    @Test(arguments: CaptionPreset.allCases)
    func invariantsHold(preset: CaptionPreset) throws {
        let options = CaptionOptions(preset: preset)
        for seed in 1 ... 150 as ClosedRange<UInt64> {
            let (transcript, latinOnly) = Self.generate(seed: seed)
            let cues = Captioner(options: options).cues(for: transcript)
            F.checkTiming(cues, minGap: options.minGap)

            // Every word exactly once, in order: all characters in order...
            let input = (0 ..< transcript.segments.count).map { transcript.segment($0).text }
            let output = (0 ..< cues.count).map { cues.text($0) }
            #expect(output.joined().filter { !$0.isWhitespace } == input.joined().filter { !$0.isWhitespace }, "seed \(seed)")
            // ...and, where words are separated by spaces, the same words.
            if latinOnly {
                #expect(output.joined(separator: " ").split(whereSeparator: \.isWhitespace)
                    == input.joined(separator: " ").split(whereSeparator: \.isWhitespace), "seed \(seed)")
            }

            // Limits, wherever the timing allows.
            guard !options.segmentPerCue else {
                #expect(cues.count == transcript.segments.count, "seed \(seed)")
                continue
            }
            for i in 0 ..< cues.count {
                let text = cues.text(i)
                let lines = text.split(separator: "\n")
                let isChinese = text.unicodeScalars.contains { DisplayWidth.isCJK($0.value) }
                let width = isChinese ? 2 * options.chineseLineCharacters : options.maxLineWidth
                #expect(lines.count <= options.maxLines, "seed \(seed): \(text)")
                for line in lines where DisplayWidth.of(String(line)) > width {
                    // Only a single word too wide for any line may overflow.
                    #expect(!line.contains(" ") && !isChinese, "seed \(seed): line too wide: \(line)")
                }
                if options.maxWords > 0, !isChinese {
                    #expect(text.split(whereSeparator: \.isWhitespace).count <= options.maxWords, "seed \(seed): \(text)")
                }
                let singleWord = !text.contains(" ") && !isChinese
                if !singleWord, cues.words[i].count > 0 {
                    // Timed words are at most 700 ms long, so a split always exists.
                    #expect(cues.end[i] - cues.start[i] <= options.maxDuration, "seed \(seed): \(text)")
                }
            }
            // Identical input, identical output.
            #expect(Captioner(options: options).cues(for: transcript) == cues)
        }
    }
}
