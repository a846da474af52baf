import Foundation
import Testing
@testable import TranscriptKit

/// Inputs that once crashed, hung or misbehaved — found by hand or by the fuzzer
/// (scripts/fuzz.sh) — kept so they never come back.
@Suite("Robustness: regressions")
struct RobustnessRegressionTests {
    /// `-9223372036854775808` as a Yeastar timestamp became the origin, and the JSON writer
    /// trapped on arithmetic overflow formatting it (found by hand, before the fuzzer ran).
    @Test func int64MinTimestampNoLongerCrashesTheJSONWriter() throws {
        let text = Robustness.yeastar(Robustness.record(timestamp: "-9223372036854775808"))
        let error = try #require(Robustness.error(Robustness.decode(text)))
        #expect(error.kind == .valueOutOfRange)
    }

    /// `\ud800\u0041` came out as U+10041 (yajl joins any two `\u` escapes) — valid UTF-8, so
    /// no repair caught it; `\ud800x` lost the `x`.
    @Test func unpairedSurrogateEscapesNoLongerBecomeOtherCharacters() throws {
        #expect(Robustness.firstText(Robustness.decode(Robustness.yeastar(Robustness.record(content: #"\ud800\u0041"#)))) == "\u{FFFD}A")
        #expect(Robustness.firstText(Robustness.decode(Robustness.yeastar(Robustness.record(content: #"\ud800x"#)))) == "\u{FFFD}x")
    }

    /// yajl takes a form feed for whitespace: `[\f]` was a well-formed empty array.
    @Test func formFeedIsNotWhitespace() throws {
        for text in ["[\u{0C}]", "{\"errcode\":0\u{0B}}", "\u{0C}"] {
            let error = try #require(Robustness.error(Robustness.decode(text)))
            #expect(error.kind == .syntax, "\(error)")
        }
    }

    /// Fuzzer (crash-b033111e…, a corpus file with a comma removed): a syntax error's offset
    /// moved when the offending token straddled a chunk boundary. Kind, message and path must
    /// not move; the offset stays within the token.
    @Test func syntaxErrorsAgreeWhateverTheChunking() throws {
        let text = Robustness.yeastar(#"{"id":"a:1","timestamp":1000,"name":"Front Desk - AI Assistant"    "partial":true}"#)
        let whole = try #require(Robustness.error(Robustness.decode(text)))
        #expect(whole.kind == .syntax)
        #expect(whole.path == "data.leg_1.context[0].name")
        for chunk in 1 ... 60 {
            let error = try #require(Robustness.error(Robustness.decode(text, DecodeOptions(), chunk: chunk)))
            #expect(error.kind == whole.kind && error.message == whole.message && error.path == whole.path, "chunk \(chunk): \(error)")
            #expect(abs((error.byteOffset ?? 0) - (whole.byteOffset ?? 0)) <= #""partial""#.count, "chunk \(chunk): \(error)")
        }
    }

    /// The premature-EOF offset pointed one byte past the end of the input (yajl lexes a byte
    /// of its own when completing).
    @Test func endOfInputOffsetIsInsideTheInput() throws {
        for text in ["{", "[1,", #"{"errcode":0,"data":{"#] {
            let error = try #require(Robustness.error(Robustness.decode(text)))
            #expect(error.kind == .syntax)
            #expect(error.byteOffset == text.utf8.count, "\(text): \(error)")
        }
    }

    /// 5000 legs took 18 s (a linear scan per channel); a few megabytes of leg keys would
    /// have hung.
    @Test func manyLegsStayLinear() throws {
        let legs = (0 ..< 20_000).map { #""leg_\#($0)":{}"# }.joined(separator: ",")
        let t = try Robustness.decode(#"{"errcode":0,"data":{"# + legs + "}}").get()
        #expect(t.channels.count == 20_000)
    }

    /// Two speaker ids (or leg keys) that differ only in ill-formed bytes repair to the same
    /// text; kept apart they wrote a JSON that read back as a different transcript.
    @Test func idsDifferingOnlyInBadBytesAreOneSpeaker() throws {
        var bytes = Array(Robustness.yeastar(
            Robustness.record(id: "a:1", timestamp: "1000", extra: #","source_number":"7\#u{1}""#) + "," +
            Robustness.record(id: "a:2", timestamp: "2000", extra: #","source_number":"7\#u{2}""#)).utf8)
        for i in bytes.indices where bytes[i] == 1 || bytes[i] == 2 { bytes[i] = bytes[i] == 1 ? 0xFE : 0xFF }
        let t = try Robustness.decode(bytes).get()
        #expect(t.speakers.count == 1)
        Robustness.expectWritable(t, "bad-byte ids")
    }

    /// `--max-cps 1e-14` trapped converting a reading time of ~10^17 ms per character to Int64
    /// (found by hand while checking the captioner's fast paths). Any rate now captions: no rate
    /// (0, negative, NaN) means no reading-speed limit, tiny ones count as 0.001 a second.
    @Test(arguments: [1e-14, 1e-300, 0, -5, Double.nan, Double.infinity, 1e300])
    func anyReadingRateCaptions(rate: Double) throws {
        let transcript = try Transcript(contentsOf: TestSupport.corpus("yeastar/seed-two-legs.json").path)
        var options = CaptionOptions()
        options.maxCharactersPerSecond = rate
        options.chineseCharactersPerSecond = rate
        options.japaneseCharactersPerSecond = rate
        for format in [OutputFormat.srt, .vtt] {
            let bytes = try transcript.rendered(format, captioner: Captioner(options: options))
            #expect(!bytes.isEmpty, "\(format) at \(rate) characters a second")
        }
    }

    /// Legs listed `leg_1, leg_4, leg_2` with records starting at the same time on legs 2 and 4:
    /// Yeastar ranks legs by number, but canonical JSON ranks channels by their place in its
    /// `channels` list, so the JSON output read back sorted those two records the other way
    /// (found by the fuzz target). The channel table is now kept in rank order.
    @Test func legsListedOutOfOrderReadBackFromJSON() throws {
        func record(_ id: String, _ text: String, at time: Int) -> String {
            #"{"id":"\#(id)","content":"\#(text)","timestamp":\#(time),"duration":2,"source_number":"7000","name":"Ann"}"#
        }
        let json = #"{"errcode":0,"errmsg":"SUCCESS","data":{"# +
            #""leg_1":{"context":[\#(record("7000:1:1", "one", at: 1_000))]},"# +
            #""leg_4":{"context":[\#(record("7000:1:2", "four", at: 5_000))]},"# +
            #""leg_2":{"context":[\#(record("7000:1:3", "two", at: 5_000))]}}}"#
        let transcript = try Robustness.decode(json, DecodeOptions(format: .yeastar)).get()
        #expect(transcript.channels.names == ["leg_1", "leg_2", "leg_4"])
        #expect((0 ..< transcript.segments.count).map { transcript.segment($0).text } == ["one", "two", "four"])
        Robustness.expectWritable(transcript, "legs out of order")
    }

    /// Caption options are public and unchecked. `--min-gap 9223372036854775807`, a minimum
    /// duration of Int64.max or a maximum duration of Int64.min trapped on overflow in the cue
    /// timing, and a negative gap let cues overlap (found while adding caption options to the
    /// fuzz target). Every value now captions into valid cues: the captioner clamps durations,
    /// gaps and thresholds into 0 ... 10^12 ms, and the CLI rejects negative ones.
    @Test(arguments: [Int64.min, -100_000, -1, 0, 1, 1 << 40, Int64.max])
    func anyDurationOrGapCaptions(value: Int64) throws {
        let transcript = try Transcript(contentsOf: TestSupport.corpus("yeastar/seed-two-legs.json").path)
        let fields: [WritableKeyPath<CaptionOptions, Int64>] = [\.minDuration, \.maxDuration, \.minGap, \.chainGap, \.pauseThreshold]
        for preset in CaptionPreset.allCases {
            for field in fields {
                var options = CaptionOptions(preset: preset)
                options[keyPath: field] = value
                let cues = Captioner(options: options).cues(for: transcript)
                #expect(cues.count > 0)
                CaptionFixture.checkTiming(cues, minGap: options.usable.minGap)
                for format in [OutputFormat.srt, .vtt] {
                    let bytes = try transcript.rendered(format, captioner: Captioner(options: options))
                    #expect(!bytes.isEmpty, "\(format), \(preset), \(field) = \(value)")
                }
            }
        }
    }

    /// Likewise for widths, line counts and word limits, down to Int.min and up to Int.max.
    @Test(arguments: [Int.min, -1, 0, 1, 2, 1 << 40, Int.max])
    func anyWidthOrCountCaptions(value: Int) throws {
        let transcript = try Transcript(contentsOf: TestSupport.corpus("yeastar/seed-two-legs.json").path)
        let fields: [WritableKeyPath<CaptionOptions, Int>] = [
            \.maxLineWidth, \.maxLines, \.maxWords, \.chineseLineCharacters, \.japaneseLineCharacters,
        ]
        for field in fields {
            var options = CaptionOptions()
            options[keyPath: field] = value
            let cues = Captioner(options: options).cues(for: transcript)
            #expect(cues.count > 0)
            CaptionFixture.checkTiming(cues, minGap: options.usable.minGap)
            let bytes = try transcript.rendered(.vtt, captioner: Captioner(options: options))
            #expect(!bytes.isEmpty, "\(field) = \(value)")
        }
    }

    /// Sharing a segment's time among its words multiplied its span by a character count: a
    /// segment thousands of years long with 20,000 words overflowed Int64 and trapped.
    @Test func centuriesLongSegmentWithManyWordsCaptions() throws {
        let words = (0 ..< 20_000).map { "word\($0)" }.joined(separator: " ")
        let json = #"{"schema":"transcript/1","segments":[{"start":0,"end":200000000000000,"text":"\#(words)"}]}"#
        let transcript = try Robustness.decode(json, DecodeOptions(format: .json)).get()
        #expect(transcript.segments.count == 1)
        Robustness.expectWritable(transcript, "centuries-long segment")
    }
}
