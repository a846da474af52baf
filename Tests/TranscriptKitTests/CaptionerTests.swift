import Testing
@testable import TranscriptKit

/// Builds transcripts for caption tests through the canonical JSON decoder.
enum CaptionFixture {
    struct Word { var start: Int64; var end: Int64; var text: String }
    struct Segment {
        var speaker: Int?
        var start: Int64
        var end: Int64
        var text: String
        var words: [Word] = []
    }

    static func json(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func transcript(speakers: [String] = ["Ann", "Bob"], _ segments: [Segment]) -> Transcript {
        var text = #"{"schema":"transcript/1","source":"test","origin":null,"speakers":["#
        text += speakers.enumerated().map { #"{"id":"s\#($0.offset)","name":\#(json($0.element))}"# }.joined(separator: ",")
        text += #"],"segments":["#
        text += segments.map { s in
            var item = #"{"speaker":\#(s.speaker.map(String.init) ?? "null"),"start":\#(s.start),"end":\#(s.end),"text":\#(json(s.text))"#
            if !s.words.isEmpty {
                item += #","words":["# + s.words.map { #"{"start":\#($0.start),"end":\#($0.end),"text":\#(json($0.text))}"# }.joined(separator: ",") + "]"
            }
            return item + "}"
        }.joined(separator: ",\n")
        text += "]}"
        do {
            return try Transcript(decoding: Array(text.utf8), options: DecodeOptions(format: .json))
        } catch {
            fatalError("fixture does not decode: \(error)\n\(text)")
        }
    }

    /// Words with even timing for `text` split at spaces, from `start`, `step` ms each.
    static func words(_ text: String, start: Int64, step: Int64 = 300, pauseAfter: Set<Int> = [], pause: Int64 = 0) -> [Word] {
        var t = start
        return text.split(separator: " ").enumerated().map { index, word in
            defer { t += step + (pauseAfter.contains(index) ? pause : 0) }
            return Word(start: t, end: t + step - 20, text: String(word))
        }
    }

    /// The cues as (start, end, text).
    static func cues(_ transcript: Transcript, _ options: CaptionOptions = CaptionOptions()) -> [(start: Int64, end: Int64, text: String)] {
        let cues = Captioner(options: options).cues(for: transcript)
        return (0 ..< cues.count).map { (cues.start[$0], cues.end[$0], cues.text($0)) }
    }

    /// Checks the timing guarantees every cue list gives.
    static func checkTiming(_ cues: CueList, minGap: Int64 = 0, sourceLocation: SourceLocation = #_sourceLocation) {
        for i in 0 ..< cues.count {
            #expect(cues.end[i] > cues.start[i], "cue \(i) ends at or before its start", sourceLocation: sourceLocation)
            #expect(cues.start[i] >= 0, sourceLocation: sourceLocation)
            if i > 0 {
                #expect(cues.start[i] >= cues.start[i - 1], "cue \(i) starts before cue \(i - 1)", sourceLocation: sourceLocation)
                #expect(cues.start[i] >= cues.end[i - 1] + minGap, "cue \(i) overlaps cue \(i - 1)", sourceLocation: sourceLocation)
            }
            #expect(!cues.text(i).isEmpty, sourceLocation: sourceLocation)
            #expect(!cues.text(i).contains("\n\n"), sourceLocation: sourceLocation)
        }
    }
}

@Suite struct CaptionerTests {
    typealias F = CaptionFixture

    let longEnglish = "So the first thing we need to check is whether the router is getting power at all, because if the light is off nothing else will work. After that we can look at the cable, and then we will run the line test from here."

    @Test func netflixLimitsHoldOnLongText() {
        let t = F.transcript([.init(speaker: 0, start: 0, end: 14_000, text: longEnglish)])
        let cues = F.cues(t)
        #expect(cues.count >= 3)
        for cue in cues {
            let lines = cue.text.split(separator: "\n")
            #expect(lines.count <= 2)
            for line in lines { #expect(DisplayWidth.of(String(line)) <= 42, "\(line)") }
            #expect(cue.end - cue.start <= 7000)
        }
        #expect(cues.map(\.text).joined(separator: " ").split(whereSeparator: \.isWhitespace) == longEnglish.split(separator: " "))
    }

    @Test func splitsPreferSentenceEnds() {
        let text = "I checked the order this morning and it shipped. The courier says it will arrive on Friday before noon."
        let t = F.transcript([.init(speaker: 0, start: 0, end: 7000, text: text)])
        let cues = F.cues(t)
        #expect(cues.count == 2)
        #expect(cues.first?.text.replacingNewlines() == "I checked the order this morning and it shipped.")
    }

    @Test func splitsAtPausesInWordTiming() {
        let text = "okay so I will send you the link now and then you can open it on your phone whenever you are ready"
        // A long pause after "now" (word 8).
        let words = F.words(text, start: 1000, step: 300, pauseAfter: [8], pause: 1500)
        let t = F.transcript([.init(speaker: 0, start: 1000, end: words.last!.end, text: text, words: words)])
        let cues = F.cues(t)
        #expect(cues.count >= 2)
        #expect(cues[0].text.replacingNewlines().hasSuffix("link now"))
        // Word times drive cue times.
        #expect(cues[0].start == 1000)
        #expect(cues[1].start == words[9].start)
    }

    @Test func speakerChangeAlwaysSplits() {
        let t = F.transcript([
            .init(speaker: 0, start: 0, end: 500, text: "Yes?"),
            .init(speaker: 1, start: 600, end: 1100, text: "No."),
        ])
        let cues = Captioner().cues(for: t)
        #expect(cues.count == 2)
        #expect(cues.speaker == [0, 1])
    }

    @Test func proportionalTimesWithoutWords() {
        let text = "First sentence is here and it is long enough. Second sentence follows right after it and also runs long."
        let t = F.transcript([.init(speaker: 0, start: 10_000, end: 20_000, text: text)])
        let cues = F.cues(t)
        #expect(cues.count == 2)
        #expect(cues[0].start == 10_000)
        // The cut falls about where the text is cut (first sentence ≈ 43% of the characters).
        #expect(cues[1].start > 13_500 && cues[1].start < 15_500)
        #expect(cues[1].end == 20_000)
    }

    @Test func balancedLinesWithoutOrphans() {
        let text = "We can move the appointment to Thursday afternoon if that works for you."
        let t = F.transcript([.init(speaker: 0, start: 0, end: 6000, text: text)])
        let cues = F.cues(t)
        #expect(cues.count == 1)
        let lines = cues[0].text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(abs(lines[0].count - lines[1].count) <= 12)
        #expect(lines.allSatisfy { $0.split(separator: " ").count > 1 })
    }

    @Test func chineseUsesFullWidthLimitsAndNoSpaces() {
        let text = "您好，这里是星河物流客服中心。请问有什么可以帮您？我的包裹三天没有更新了，能帮我查一下现在到哪里了吗？"
        let t = F.transcript([.init(speaker: 0, start: 0, end: 12_000, text: text)])
        let cues = F.cues(t)
        #expect(cues.count >= 2)
        for cue in cues {
            #expect(!cue.text.contains(" "))
            for line in cue.text.split(separator: "\n") {
                #expect(DisplayWidth.of(String(line)) <= 32, "\(line)")
                #expect(!"，。？！、）」".contains(line.first!), "line starts with closing punctuation: \(line)")
            }
        }
        #expect(cues.map { $0.text.replacingNewlines(with: "") }.joined() == text)
    }

    @Test func japaneseUsesThirteenCharacterLines() {
        let text = "お電話ありがとうございます。ご注文の商品は明日の午前中にお届けする予定です。ほかにご不明な点はございますか？"
        let t = F.transcript([.init(speaker: 0, start: 0, end: 20_000, text: text)])
        let cues = F.cues(t)
        for cue in cues {
            for line in cue.text.split(separator: "\n") {
                #expect(DisplayWidth.of(String(line)) <= 26, "\(line)")
                #expect(!"、。？ょっー".contains(line.first!), "\(line)")
            }
        }
        #expect(cues.map { $0.text.replacingNewlines(with: "") }.joined() == text)
    }

    @Test func chineseWordsJoinWithoutSpaces() {
        let words: [F.Word] = [
            .init(start: 0, end: 300, text: "我的"), .init(start: 300, end: 600, text: "包裹"),
            .init(start: 600, end: 900, text: "到了"), .init(start: 900, end: 1000, text: "。"),
        ]
        let t = F.transcript([.init(speaker: 0, start: 0, end: 1000, text: "我的包裹到了。", words: words)])
        #expect(F.cues(t).map(\.text) == ["我的包裹到了。"])
    }

    @Test func timingRepairKeepsEveryItem() {
        let t = F.transcript([
            .init(speaker: 0, start: 1000, end: 1000, text: "zero"),
            .init(speaker: 1, start: 1000, end: 3000, text: "same start"),
            .init(speaker: 0, start: 2000, end: 2500, text: "inside"),
            .init(speaker: 1, start: 2000, end: 2000, text: "again zero"),
        ])
        for preset in CaptionPreset.allCases {
            let cues = Captioner(preset: preset).cues(for: t)
            #expect(cues.count == 4, "\(preset)")
            F.checkTiming(cues, minGap: CaptionOptions(preset: preset).minGap)
            let all = (0 ..< cues.count).map { cues.text($0) }.joined(separator: " ")
            #expect(all.split(separator: " ").sorted() == ["again", "inside", "same", "start", "zero", "zero"])
        }
    }

    @Test func shortGapsChainAndCuesGetMinimumDuration() {
        let t = F.transcript([
            .init(speaker: 0, start: 0, end: 200, text: "Hi."),
            .init(speaker: 0, start: 2000, end: 2700, text: "How are you?"),
            .init(speaker: 0, start: 3000, end: 3500, text: "Fine."),
        ])
        let cues = F.cues(t)
        #expect(cues[0].end == 833) // lengthened to 5/6 s
        #expect(cues[1].end == 3000 - 83) // lengthened to 2833, then the 167 ms gap chained to 2 frames
    }

    @Test func whitespaceFoldedAndTrimmed() {
        let t = F.transcript([.init(speaker: 0, start: 0, end: 2000, text: "  Hello \n\n\n  there\t\r\n friend  ")])
        #expect(F.cues(t).map(\.text) == ["Hello there friend"])
    }

    @Test func shortformHasOneToThreeWords() {
        let t = F.transcript([.init(speaker: 0, start: 0, end: 14_000, text: longEnglish)])
        let cues = F.cues(t, CaptionOptions(preset: .shortform))
        for cue in cues {
            #expect(!cue.text.contains("\n"))
            #expect((1 ... 3).contains(cue.text.split(separator: " ").count), "\(cue.text)")
        }
    }

    @Test func noneMakesOneCuePerSegment() {
        let t = F.transcript([
            .init(speaker: 0, start: 0, end: 14_000, text: longEnglish),
            .init(speaker: 1, start: 14_000, end: 15_000, text: "OK"),
            .init(speaker: 1, start: 15_000, end: 16_000, text: "   "),
        ])
        let cues = F.cues(t, CaptionOptions(preset: .none))
        #expect(cues.map(\.text) == [longEnglish, "OK"])
        #expect(cues.map(\.start) == [0, 14_000])
    }

    @Test func displayWidths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("ｶﾀｶﾅ") == 4) // halfwidth katakana
        #expect(DisplayWidth.of("ＡＢ") == 4) // fullwidth Latin
        #expect(DisplayWidth.of("e\u{301}") == 1) // combining accent
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("שלום") == 4)
    }

    @Test func identicalInputGivesIdenticalOutput() throws {
        let t = F.transcript([.init(speaker: 0, start: 0, end: 14_000, text: longEnglish)])
        for preset in CaptionPreset.allCases {
            let a = try t.rendered(.vtt, captioner: Captioner(preset: preset))
            let b = try t.rendered(.vtt, captioner: Captioner(preset: preset))
            #expect(a == b)
        }
    }
}

extension String {
    func replacingNewlines(with separator: String = " ") -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: separator)
    }
}
