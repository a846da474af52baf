import Foundation
import Testing
@testable import TranscriptKit

@Suite("Symbl.ai")
struct SymblTests {
    static func decode(_ text: String) throws -> Transcript {
        try Transcript(decoding: Array(text.utf8), options: DecodeOptions(format: .symbl))
    }

    @Test func seedIsOneMessageOnTheEpochClock() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("symbl/seed-messages.json").path)
        #expect(t.source == "symbl")
        // origin = the earliest message start.
        #expect(t.origin.map(TimeText.formatISO8601) == "2020-07-10T11:16:21.024Z")
        #expect(t.segments.count == 1)
        let s = t.segment(0)
        #expect(s.start == 0 && s.end == 5700)
        #expect(s.sourceID == "6412283618000896")
        // `email` is empty, so the name keys the speaker.
        #expect(t.speakers.ids == ["Roger"] && s.speakerName == "Roger")
    }

    @Test func anyOffsetAndFractionGiveTheSameInstant() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("symbl/offsets.json").path)
        #expect(t.origin.map(TimeText.formatISO8601) == "2025-11-18T02:00:02.000Z")
        // -05:00, +05:30, Z and +00:00 all land on one clock.
        #expect(t.segments.start == [0, 3812, 8250, 12600, 17500, 22100, 25000])
        #expect(t.segment(4).end == 21900)
        #expect(t.segment(5).end == 24700)
        // 1, 2, 3, 6 and 9 fraction digits, and none.
        #expect(t.segment(0).words.map(\.start) == [0, 300, 450, 700, 1050, 1200, 1550, 2000, 2350])
    }

    @Test func explicitOriginWins() throws {
        let origin = try #require(TimeText.parseISO8601("2020-07-10T11:16:00Z"))
        let t = try Transcript(contentsOf: TestSupport.corpus("symbl/seed-messages.json").path, options: DecodeOptions(origin: origin))
        #expect(t.origin == origin)
        #expect(t.segment(0).start == 21_024)
    }

    @Test func speakerKeyFallsBackFromIdToUserIdToEmailToName() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("symbl/from-variants.json").path)
        #expect(t.speakers.ids == ["d7a9f2c4-3b61-4e0a-9c55-0f6b8e21a7d3", "grace.liu@example.com", "mateo@example.com",
                                   "Speaker 4", "0c1e8b52-77d4-4f0e-bb1a-5e2c9d4f6a18"])
        #expect(t.speakers.names.last == "Felix Braun")
        // No `from`, and an empty `from`: no speaker.
        #expect(t.segments.speaker[4] == -1 && t.segments.speaker[5] == -1)
    }

    @Test func wordsOutsideTheirMessageAreClampedAndOrdered() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("symbl/words-outside.json").path)
        #expect(t.segments.count == 4)
        for i in 0 ..< t.segments.count {
            let s = t.segment(i)
            #expect(s.words.allSatisfy { $0.start >= s.start && $0.end <= s.end && $0.start <= $0.end })
            #expect(zip(s.words, s.words.dropFirst()).allSatisfy { $0.start <= $1.start })
        }
        // Listed backwards in the source, put back in order.
        #expect(t.segment(2).words.map(\.text) == ["Great,", "then", "I'll", "mark", "it", "as", "agreed."])
        // A word before its message is clamped to the start; ties keep the listed order.
        #expect(t.segment(1).words.map(\.text) == ["Fine", "by", "me."])
        #expect(t.segment(3).words.allSatisfy { $0.start == t.segment(3).start })
    }

    @Test func sentimentAndPhrasesAreSkipped() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("symbl/sentiment-phrases.json").path)
        #expect(t.segments.count == 5)
        #expect(t.speakers.ids == ["c3", "d4"])
    }

    @Test func repeatedMessagesAcrossPagesAppearOnce() throws {
        let bytes = try TestSupport.bytes(TestSupport.corpus("symbl/from-variants.json"))
        var decoder = try TranscriptDecoder()
        try decoder.decode(bytes)
        #expect(try decoder.endPage().duplicatesSkipped == 0)
        try decoder.decode(bytes)
        #expect(try decoder.endPage().duplicatesSkipped == 7)
        let t = try decoder.finish()
        #expect(t == (try Transcript(decoding: bytes)))
    }

    @Test func emptyMessagesIsAnEmptyTranscript() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("symbl/empty.json").path)
        #expect(t.segments.count == 0 && t.origin == nil)
    }

    @Test func badValuesAreClearErrors() {
        let cases: [(String, TranscriptError.Kind, String)] = [
            (#"{"messages":[{"text":"x","startTime":"yesterday"}]}"#, .wrongType, "startTime"),
            (#"{"messages":[{"text":"x","endTime":"2020-07-10T11:16:21Z"}]}"#, .missingField, "startTime"),
            (#"{"messages":[{"text":"x","startTime":1594379781024}]}"#, .wrongType, "startTime"),
            (#"{"messages":{"text":"x"}}"#, .wrongType, "messages"),
            (#"{"conversationId":"1","messages":[{"text":5,"startTime":"2020-07-10T11:16:21Z"}]}"#, .wrongType, "text"),
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
