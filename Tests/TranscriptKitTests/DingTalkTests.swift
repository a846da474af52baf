import Foundation
import Testing
@testable import TranscriptKit

@Suite("DingTalk")
struct DingTalkTests {
    static func decode(_ text: String) throws -> Transcript {
        try Transcript(decoding: Array(text.utf8), options: DecodeOptions(format: .dingtalk))
    }

    /// Decodes `files` as the pages of one transcript, returning it and each page's info.
    static func decodePages(_ files: [String]) throws -> (Transcript, [PageInfo]) {
        var decoder = try TranscriptDecoder()
        var pages: [PageInfo] = []
        for file in files {
            try decoder.decode(try TestSupport.bytes(TestSupport.corpus("dingtalk/\(file)")))
            pages.append(try decoder.endPage())
        }
        return (try decoder.finish(), pages)
    }

    /// (start, end, speaker, text, group, words) of every segment: what a reader sees.
    static func rows(_ t: Transcript) -> [String] {
        (0 ..< t.segments.count).map {
            let s = t.segment($0)
            return "\(s.start)-\(s.end) \(s.speakerName) g\(t.segments.group[$0]) \(s.text) \(s.words.map(\.text))"
        }
    }

    @Test func seedIsOneSentenceWithItsWordAndSpeaker() throws {
        var decoder = try TranscriptDecoder()
        try decoder.decode(try TestSupport.bytes(TestSupport.corpus("dingtalk/seed-response.json")))
        let page = try decoder.endPage()
        #expect(page.hasMore)
        #expect(page.cursor == "1631172045153000")
        let t = try decoder.finish()
        #expect(t.source == "dingtalk")
        #expect(t.origin == nil) // times are relative to the recording's start
        #expect(t.segments.count == 1)
        let s = t.segment(0)
        #expect(s.text == "This is Xiao Ding")
        #expect(s.start == 7940)
        // The source says end == start: the end is inferred.
        #expect(s.end > 7940 && s.flags.contains(.inferredEnd))
        // The paragraph's unionId, not the sentence's (which differs in DingTalk's own example).
        #expect(t.speakers.ids == ["WFBkgJvxxx"])
        #expect(s.speakerName == "Xiao Ding")
        #expect(s.words.map(\.text) == ["This"])
        #expect(s.words[0].start == 7940 && s.words[0].end == 7940)
        #expect(t.segments.group[0] == 0)
    }

    @Test func explicitOriginAnchorsRelativeTimes() throws {
        let bytes = try TestSupport.bytes(TestSupport.corpus("dingtalk/seed-response.json"))
        let t = try Transcript(decoding: bytes, options: DecodeOptions(origin: 1_631_172_037_213))
        #expect(t.origin == 1_631_172_037_213)
        #expect(t.segment(0).start == 7940)
    }

    @Test func errorBodiesAreVendorErrorsWithTheirCode() throws {
        for (file, code) in [("error.json", "paramsError"), ("error-not-found.json", "cloudRecordNotFound")] {
            #expect {
                _ = try Transcript(contentsOf: TestSupport.corpus("dingtalk/\(file)").path)
            } throws: { error in
                guard let error = error as? TranscriptError else { return false }
                return error.kind == .vendorError && error.vendorCode == code && error.message.contains(code)
            }
        }
        #expect {
            _ = try Transcript(contentsOf: TestSupport.corpus("dingtalk/error.json").path)
        } throws: { error in
            (error as? TranscriptError)?.message.contains("maxResults must not exceed 2000") == true
        }
    }

    @Test func ascendingPagesMergeOnceWithCursorAndHasMore() throws {
        let (t, pages) = try Self.decodePages(["page-asc-1.json", "page-asc-2.json"])
        #expect(pages[0].hasMore && pages[0].cursor == "1767859242100000" && pages[0].duplicatesSkipped == 0)
        #expect(!pages[1].hasMore && pages[1].cursor == "1767859262500000")
        // The paragraph at 34300 ends page 1 and starts page 2.
        #expect(pages[1].duplicatesSkipped == 1)
        #expect(t.segments.count == 14)
        #expect(Set(t.segments.group) == Set(0 ..< 9))
        #expect(zip(t.segments.start, t.segments.start.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(zip(t.segments.group, t.segments.group.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(try TestSupport.matchesGolden(try t.rendered(.json), "dingtalk/pages-merged.json"))
        #expect(try TestSupport.matchesGolden(try t.rendered(.srt), "dingtalk/pages-merged.srt"))
    }

    @Test func descendingPagesComeOutInTimeOrder() throws {
        let (asc, _) = try Self.decodePages(["page-asc-1.json", "page-asc-2.json"])
        let (desc, pages) = try Self.decodePages(["page-desc-1.json", "page-desc-2.json"])
        #expect(pages[0].hasMore && pages[0].cursor == "1767859233600000")
        #expect(!pages[1].hasMore)
        #expect(Self.rows(desc) == Self.rows(asc))
        #expect(try desc.rendered(.srt) == asc.rendered(.srt))
        #expect(try desc.rendered(.vtt) == asc.rendered(.vtt))
    }

    @Test func pagesInAnyOrderAndRepeatedGiveTheSameTranscript() throws {
        let (reference, _) = try Self.decodePages(["page-asc-1.json", "page-asc-2.json"])
        for order in [["page-asc-2.json", "page-asc-1.json"],
                      ["page-desc-2.json", "page-asc-2.json", "page-desc-1.json", "page-asc-1.json"],
                      ["page-asc-1.json", "page-desc-1.json", "page-desc-2.json"]] {
            let (t, _) = try Self.decodePages(order)
            #expect(Self.rows(t) == Self.rows(reference), "\(order)")
        }
    }

    @Test func pascalCaseKeysReadLikeCamelCase() throws {
        let pascal = try Transcript(contentsOf: TestSupport.corpus("dingtalk/pascalcase.json").path)
        let (asc, _) = try Self.decodePages(["page-asc-2.json"])
        // pascalcase.json holds the last three paragraphs of page-asc-2.json.
        let tail = Array(Self.rows(asc).dropFirst(2)).map { $0.replacingOccurrences(of: " g1 ", with: " g0 ").replacingOccurrences(of: " g2 ", with: " g1 ").replacingOccurrences(of: " g3 ", with: " g2 ") }
        #expect(Self.rows(pascal) == tail)
        #expect(pascal.words.count > 20)
    }

    @Test func userIdStandsInForUnionId() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("dingtalk/userid.json").path)
        #expect(t.speakers.ids == ["manager7721", "01452366081239", "0932456718"])
        #expect(t.speakers.names == ["Lin Hao", "Sara Mendes", "Omar Haddad"])
        // unionId wins when both are given, in either order.
        for text in [#"{"paragraphList":[{"userId":"u","unionId":"U","nickName":"N","startTime":0,"endTime":900,"paragraph":"Hi"}]}"#,
                     #"{"paragraphList":[{"unionId":"U","userId":"u","nickName":"N","startTime":0,"endTime":900,"paragraph":"Hi"}]}"#] {
            #expect(try Self.decode(text).speakers.ids == ["U"])
        }
    }

    @Test func emptyWordsAreDroppedAndZeroLengthWordsKept() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("dingtalk/zero-length-words.json").path)
        #expect(t.segments.count == 5)
        let first = t.segment(0)
        #expect(first.words.map(\.text) == ["Can", "everyone", "hear", "me"])
        #expect(first.words.allSatisfy { $0.start == 3200 && $0.end == 3200 })
        #expect(first.flags.contains(.inferredEnd))
        let um = t.segment(4)
        #expect(um.text == "Um.")
        #expect(um.words.map(\.text) == ["Um"])
    }

    @Test func paragraphsWithoutSentencesAreOneSegment() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("dingtalk/no-sentences.json").path)
        #expect(t.segments.count == 5)
        #expect(t.segment(0).text == "Sorry, my camera froze for a second.")
        #expect(t.segment(0).start == 2000 && t.segment(0).end == 4400)
        #expect(Array(t.segments.group) == [0, 1, 2, 3, 3])
        #expect(t.segment(4).text == "Numbers are in the second tab.")
    }

    @Test func recordIdAsNumberOrStringIsTheSameParagraph() throws {
        let page1 = #"{"hasMore":true,"paragraphList":[{"unionId":"a","nickName":"A","recordId":42,"startTime":100,"endTime":900,"paragraph":"One."}]}"#
        let page2 = #"{"hasMore":false,"paragraphList":[{"unionId":"a","nickName":"A","recordId":"42","startTime":100,"endTime":900,"paragraph":"One."},{"unionId":"b","recordId":"42","startTime":1000,"endTime":1900,"paragraph":"Two."}]}"#
        var decoder = try TranscriptDecoder()
        try decoder.decode(Array(page1.utf8))
        try decoder.endPage()
        try decoder.decode(Array(page2.utf8))
        #expect(try decoder.endPage().duplicatesSkipped == 1)
        let t = try decoder.finish()
        #expect(t.segments.count == 2)
        // A speaker with no nickName shows its id.
        #expect(t.segment(1).speakerName == "b")
    }

    @Test func chineseTextAndStringRecordIds() throws {
        let t = try Transcript(contentsOf: TestSupport.corpus("dingtalk/chinese.json").path)
        #expect(t.speakers.names == ["张伟", "刘婷", "陈晓东"])
        #expect(t.segments.count == 11)
        #expect(t.segment(0).words.count > 0)
    }

    @Test func keysInAnyOrder() throws {
        let usual = #"{"hasMore":false,"paragraphList":[{"unionId":"a","nickName":"A","recordId":1,"startTime":100,"endTime":2000,"paragraph":"Hi there.","sentenceList":[{"sentence":"Hi there.","startTime":100,"endTime":2000,"wordList":[{"word":"Hi","startTime":100,"endTime":500},{"word":"there","startTime":600,"endTime":2000}]}]}]}"#
        let shuffled = #"{"paragraphList":[{"sentenceList":[{"wordList":[{"endTime":500,"word":"Hi","startTime":100},{"startTime":600,"word":"there","endTime":2000}],"endTime":2000,"startTime":100,"sentence":"Hi there."}],"paragraph":"Hi there.","endTime":2000,"startTime":100,"recordId":1,"nickName":"A","unionId":"a"}],"hasMore":false}"#
        #expect(try Self.decode(shuffled) == Self.decode(usual))
    }

    @Test func badValuesAreClearErrors() {
        let cases: [(String, TranscriptError.Kind, String)] = [
            (#"{"paragraphList":[{"startTime":"soon","paragraph":"x"}]}"#, .wrongType, "startTime"),
            (#"{"paragraphList":[{"paragraph":"x","endTime":5}]}"#, .missingField, "startTime"),
            (#"{"paragraphList":{"paragraph":"x"}}"#, .wrongType, "paragraphList"),
            (#"{"paragraphList":[{"sentenceList":[{"sentence":"x"}]}]}"#, .missingField, "startTime"),
            (#"{"hasMore":"maybe","paragraphList":[]}"#, .wrongType, "hasMore"),
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

    @Test func emptyPageIsAnEmptyTranscript() throws {
        let t = try Self.decode(#"{"hasMore":false,"paragraphList":[]}"#)
        #expect(t.segments.count == 0)
        let empty = try Self.decode("")
        #expect(empty.segments.count == 0)
    }
}
