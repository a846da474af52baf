import Foundation
import Testing
@testable import TranscriptKit

@Suite("Yeastar")
struct YeastarTests {
    let seed = TestSupport.corpus("yeastar/seed-two-legs.json")

    @Test func seedDecodesBothLegsWithSpeakersAndOrigin() throws {
        let t = try Transcript(contentsOf: seed.path)
        #expect(t.source == "yeastar")
        #expect(t.segments.count == 31)
        #expect(t.channels.names == ["leg_1", "leg_2"])
        #expect(t.speakers.ids == ["7000", "3200", "3202"])
        #expect(t.speakers.names == ["Customer Service - AI Agent", "Kristin Hale", "Human Agent"])
        // Origin = the earliest timestamp.
        #expect(t.origin == 1_778_682_581_785)
        #expect(TimeText.formatISO8601(t.origin!) == "2026-05-13T14:29:41.785Z")
        #expect(t.segment(0).text == "Hi")
        #expect(t.segment(0).start == 0)
    }

    @Test func startsNeverDecreaseAndLeg2IsInTimeOrder() throws {
        let t = try Transcript(contentsOf: seed.path)
        #expect(zip(t.segments.start, t.segments.start.dropFirst()).allSatisfy { $0 <= $1 })
        let leg2 = (0 ..< t.segments.count).filter { t.segment($0).channelName == "leg_2" }.map { t.segment($0) }
        #expect(leg2.count == 11)
        // In the source, leg_2 lists 3202:…:3 and 3200:…:6 (same timestamp) before 3200:…:0.
        #expect(leg2.map { $0.sourceID! } == [
            "3202:1778682764808:3", "3200:1778682764808:6", "3200:1778682764808:0", "3200:1778682764808:1",
            "3200:1778682764808:2", "3202:1778682764808:0", "3200:1778682764808:3", "3200:1778682764808:4",
            "3202:1778682764808:1", "3200:1778682764808:5", "3202:1778682764808:2",
        ])
        // Ties at one instant: by sequence number (3 before 6).
        #expect(leg2[0].start == leg2[1].start)
    }

    @Test func endsArePlausibleOrInferredAndMarked() throws {
        let t = try Transcript(contentsOf: seed.path)
        for i in 0 ..< t.segments.count {
            let s = t.segment(i)
            #expect(s.end > s.start, "segment \(i) has end \(s.end) ≤ start \(s.start)")
        }
        // Record 3 of leg_1: timestamp +7 s, duration 7 s, next record at +22 s → the claimed end is plausible.
        let third = (0 ..< t.segments.count).map { t.segment($0) }.first { $0.sourceID == "7000:1778682581785:3" }!
        #expect(third.end == 14_000)
        #expect(!third.flags.contains(.inferredEnd))
        // Record 4: +22 s with duration 22 s would run past record 5 at +27 s → inferred, cut at the next start.
        let fourth = (0 ..< t.segments.count).map { t.segment($0) }.first { $0.sourceID == "3200:1778682581785:4" }!
        #expect(fourth.flags.contains(.inferredEnd))
        #expect(fourth.end > fourth.start && fourth.end <= 27_000)
    }

    @Test(arguments: [OutputFormat.srt, .vtt, .json])
    func seedMatchesGolden(format: OutputFormat) throws {
        let t = try Transcript(contentsOf: seed.path)
        let output = try t.rendered(format)
        #expect(try TestSupport.matchesGolden(output, "yeastar/seed-two-legs.\(format.fileExtension)"))
    }

    @Test func blankLinesInsideContentNeverSplitACue() throws {
        let t = try Transcript(contentsOf: seed.path)
        let srt = String(decoding: try t.rendered(.srt, captioner: Captioner(preset: .none)), as: UTF8.self)
        // One cue per segment: 31 cues → 31 blank separator lines, and no others.
        #expect(srt.components(separatedBy: "\n\n").count - 1 == 31)
        #expect(srt.contains("Please wait while I check that for you. Could you now describe"))
    }

    @Test func pagesMergeAndRepeatedRecordsAppearOnce() throws {
        var decoder = try TranscriptDecoder()
        try decoder.decode(try TestSupport.bytes(TestSupport.corpus("yeastar/page1.json")))
        let first = try decoder.endPage()
        #expect(first.nextPage == 2)
        #expect(first.hasMore)
        try decoder.decode(try TestSupport.bytes(TestSupport.corpus("yeastar/page2.json")))
        let second = try decoder.endPage()
        #expect(second.nextPage == nil)
        #expect(second.duplicatesSkipped == 2)
        let merged = try decoder.finish()
        let ids = (0 ..< merged.segments.count).compactMap { merged.segment($0).sourceID }
        #expect(Set(ids).count == ids.count)
        // Pages in the other order give the same transcript.
        let reversed = try Transcript(mergingPagesAt: [
            TestSupport.corpus("yeastar/page2.json").path, TestSupport.corpus("yeastar/page1.json").path,
        ])
        #expect(reversed == merged)
    }

    @Test func errcodeBecomesAVendorError() throws {
        let error = #expect(throws: TranscriptError.self) {
            try Transcript(contentsOf: TestSupport.corpus("yeastar/error.json").path)
        }
        #expect(error?.kind == .vendorError)
        #expect(error?.vendorCode != nil && error?.vendorCode != "0")
    }

    @Test func emptyDataIsAnEmptyTranscript() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("yeastar/empty.json").path)
        #expect(t.segments.isEmpty)
        #expect(t.origin == nil)
        #expect(String(decoding: try t.rendered(.vtt), as: UTF8.self) == "WEBVTT\n\n")
        #expect(try t.rendered(.srt).isEmpty)
    }

    @Test func explicitOriginOverridesTheEarliestTimestamp() throws {
        let origin: Int64 = 1_778_682_500_000
        let t = try Transcript(contentsOf: seed.path, options: DecodeOptions(origin: origin))
        #expect(t.origin == origin)
        #expect(t.segments.start[0] == 81_785)
    }

    @Test func malformedJSONIsASyntaxErrorWithOffsetAndPath() throws {
        let text = #"{"errcode":0,"data":{"leg_1":{"context":[{"id":"a","timestamp":12,,}]}}}"#
        let error = #expect(throws: TranscriptError.self) { try Transcript(decoding: Array(text.utf8)) }
        #expect(error?.kind == .syntax)
        // yajl stops just after the offending byte: the second comma.
        #expect(error?.byteOffset == 67)
        #expect(error?.path == "data.leg_1.context[0].timestamp")
    }

    @Test func wrongTypeNamesTheField() throws {
        let text = #"{"errcode":0,"data":{"leg_1":{"context":[{"id":"a","timestamp":true}]}}}"#
        let error = #expect(throws: TranscriptError.self) {
            try Transcript(decoding: Array(text.utf8), options: DecodeOptions(format: .yeastar))
        }
        #expect(error?.kind == .wrongType)
        #expect(error?.path == "data.leg_1.context[0].timestamp")
    }

    @Test func missingTimestampIsAnError() throws {
        let text = #"{"errcode":0,"data":{"leg_1":{"context":[{"id":"a","content":"x"}]}}}"#
        let error = #expect(throws: TranscriptError.self) { try Transcript(decoding: Array(text.utf8)) }
        #expect(error?.kind == .missingField)
        #expect(error?.path == "data.leg_1.context[0]")
    }

    @Test func otherJSONIsNotATranscript() throws {
        let text = #"{"name":"not a transcript","values":[1,2,3]}"#
        let error = #expect(throws: TranscriptError.self) { try Transcript(decoding: Array(text.utf8)) }
        #expect(error?.kind == .notATranscript)
        // Asked for Yeastar explicitly: still a clear error.
        let explicit = #expect(throws: TranscriptError.self) {
            try Transcript(decoding: Array(text.utf8), options: DecodeOptions(format: .yeastar))
        }
        #expect(explicit?.kind == .notATranscript)
    }
}
