import Foundation
import Testing
@testable import TranscriptKit

@Suite("Tencent TRTC")
struct TencentTests {
    static func decode(_ text: String) throws -> Transcript {
        try Transcript(decoding: Array(text.utf8), options: DecodeOptions(format: .tencent))
    }

    static func texts(_ t: Transcript) -> [String] { (0 ..< t.segments.count).map { t.segment($0).text } }

    @Test func partialsCollapseIntoTheirFinal() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("tencent/partials.jsonl").path)
        #expect(t.source == "tencent" && t.origin == nil)
        // Interleaved senders, finals whose punctuation differs from the last partial, an empty
        // final dropped, and a trailing partial kept.
        #expect(Self.texts(t) == [
            "So, the build on staging is green now.",
            "Sorry, go ahead.",
            "Great! Can we ship it before lunch?",
            "我觉得可以，先发灰度，百分之十的用户。",
            "and if the error rate stays flat we go",
        ])
        #expect(t.segments.flags.map { $0.contains(.partial) } == [false, false, false, false, true])
        #expect(t.segments.start == [1000, 2000, 5000, 7000, 13000])
        #expect(t.segments.end == [4000, 3000, 7000, 10000, 15000])
        #expect(t.speakers.ids == ["alice", "bob_2291"])
    }

    @Test func aFinalOnlyReplacesItsOwnSentence() throws {
        let t = try Self.decode("""
        {"type":10000,"sender":"a","payload":{"text":"one","start_time":"00:00:01","end_time":"00:00:02","end":false,"roundid":"r1"}}
        {"type":10000,"sender":"b","payload":{"text":"two","start_time":"00:00:01","end_time":"00:00:02","end":false,"roundid":"r1"}}
        {"type":10000,"sender":"a","payload":{"text":"three","start_time":"00:00:03","end_time":"00:00:04","end":false,"roundid":"r2"}}
        {"type":10000,"sender":"a","payload":{"text":"One.","start_time":"00:00:01","end_time":"00:00:02","end":true,"roundid":"r1"}}
        {"type":10000,"sender":"a","payload":{"text":"Again.","start_time":"00:00:05","end_time":"00:00:06","end":true,"roundid":"r1"}}
        """)
        #expect(Self.texts(t) == ["One.", "two", "three", "Again."])
        #expect(t.segments.flags.map { $0.contains(.partial) } == [false, true, true, false])
    }

    @Test func legacyShapeCollapsesBySenderAndCarriesTranslations() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("tencent/legacy.jsonl").path)
        #expect(Self.texts(t) == [
            "Morning, everyone. Let's check the dashboard.",
            "Traffic dropped at around 2 a.m.",
            "That's when the CDN certificate rotated, right?",
            "Yes, I think so.",
            "好的，我去确认一下日志。",
            "Let me know if",
        ])
        #expect(t.segment(0).translation == "大家早上好。我们来看一下仪表盘。")
        #expect(t.segment(3).translation == nil) // an empty translation_text is none
        #expect(t.segment(4).translation == "Okay, I'll go check the logs.")
        #expect(t.segment(5).flags.contains(.partial))
    }

    @Test func translationsAttachByRoundIdInEitherOrder() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("tencent/translation.jsonl").path)
        #expect(Self.texts(t) == ["各位好，今天我们讨论新的定价方案。", "基础版价格保持不变。", "What about the enterprise tier?"])
        // The first language of each sentence is kept; its final replaces its partial.
        #expect(t.segments.count == 3)
        #expect(t.segment(0).translation == "Hello everyone, today we will discuss the new pricing plan.")
        // Translation before its sentence: the sentence's own times win.
        #expect(t.segment(1).translation == "The basic tier stays at the same price.")
        #expect(t.segment(1).start == 5000 && t.segment(1).end == 7000)
        #expect(t.segment(2).translation == "企业版呢？")
        #expect(t.segments.flags.allSatisfy { !$0.contains(.partial) })
    }

    @Test func seedExamplesWithTheDocsJSONFixed() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("tencent/seed-messages.jsonl").path)
        // Two finals of one round are two sentences; the empty final is dropped; the
        // translation of a round whose text never came holds its place with empty text.
        #expect(Self.texts(t) == ["Hello. Nice to meet you.", "你好，很高兴认识你。", ""])
        #expect(t.segment(2).translation == "simultaneous interpretation of the meeting")
        #expect(t.segment(2).start == 1760 && t.segment(2).end == 5530)
        #expect(t.segment(2).flags.contains(.partial))
        // No caption for a segment without text.
        #expect(Captioner().cues(for: t).count == 2)
    }

    @Test func millisecondFieldsWinOverClockFields() throws {
        let t = try Self.decode(#"{"type":10000,"sender":"a","payload":{"text":"x","start_time":"00:00:01","end_time":"00:00:02","start_time_ms":1180,"end_time_ms":1990}}"#)
        #expect(t.segments.start == [1180] && t.segments.end == [1990])
    }

    @Test func hoursPastNinetyNine() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("tencent/long-hours.jsonl").path)
        #expect(t.segments.start.first == 359_997_000)
        #expect(t.segments.start.last == 4_445_767_000)
        let srt = String(decoding: try t.rendered(.srt), as: UTF8.self)
        #expect(srt.contains("999:59:58,000 --> 1000:00:02,000"))
    }

    @Test func linesConcatenatedValuesAndAnArrayAreOneStream() throws {
        let lines = try TestSupport.bytes(TestSupport.corpus("tencent/partials.jsonl"))
        let whole = try Transcript(decoding: lines)
        // Concatenated without newlines.
        let text = String(decoding: lines, as: UTF8.self)
        let values = text.split(separator: "\n").map(String.init)
        #expect(try Transcript(decoding: Array(values.joined().utf8)) == whole)
        // One array of the same messages.
        #expect(try Transcript(decoding: Array(("[" + values.joined(separator: ",\n") + "]").utf8)) == whole)
        // Pages split mid-sentence: the stream continues.
        var decoder = try TranscriptDecoder()
        for half in [values[..<7], values[7...]] {
            try decoder.decode(Array(half.joined(separator: "\n").utf8))
            try decoder.endPage()
        }
        #expect(try decoder.finish() == whole)
    }

    @Test func otherMessageTypesAreSkipped() throws {
        let t = try Self.decode("""
        {"type":10001,"sender":"bot","receiver":[],"payload":{"roundid":"r","timestamp":1,"state":1}}
        {"type":10020,"sender":"bot","receiver":[],"payload":{"metric":"asr_latency","value":3}}
        {"type":10030,"sender":"bot","payload":{"metric":"asr_error","tag":{"roundid":"r","code":30100,"message":"x"}}}
        {"type":"state","sender":"bot","payload":{"text":"not a transcript","start_time":"00:00:01"}}
        {"type":10030,"sender":"bot","payload":{"text":"bad times in a skipped message","start_time":"garbage","end":"?"}}
        {"payload":{"text":"no type","start_time":"00:00:01"},"sender":"x"}
        """)
        #expect(t.segments.count == 0)
    }

    @Test func typeMayComeAfterThePayload() throws {
        let t = try Self.decode(#"{"payload":{"end":true,"text":"Hi.","end_time":"00:00:02","start_time":"00:00:01"},"sender":"a","type":10000}"#)
        #expect(Self.texts(t) == ["Hi."])
        #expect(t.speakers.ids == ["a"])
    }

    @Test func badMessagesAreClearErrors() {
        let cases: [(String, TranscriptError.Kind, String)] = [
            (#"{"type":10000,"sender":"alice","receiver":[],"payload":"Hello there"}"#, .wrongType, "payload"),
            (#"{"type":10000,"sender":"alice","payload":["so the build","00:00:01"]}"#, .wrongType, "payload"),
            (#"{"type":10000,"sender":"a","payload":{"text":"x","start_time":"soon"}}"#, .wrongType, "start_time"),
            (#"{"type":10000,"sender":"a","payload":{"text":"x","end":true}}"#, .missingField, "start_time"),
            (#"{"type":10000,"sender":"a","payload":{"text":"x","start_time":"00:00:01","end":"yes"}}"#, .wrongType, "end"),
            (#"{"type":10000,"sender":"a"} "loose string""#, .wrongType, "string"),
        ]
        for (text, kind, mention) in cases {
            #expect {
                _ = try Self.decode(text)
            } throws: { error in
                guard let error = error as? TranscriptError else { return false }
                return error.kind == kind && (error.message.contains(mention) || error.path.contains(mention))
            }
        }
    }
}
