import Foundation
import Testing
@testable import TranscriptKit

/// The canonical JSON reads back to an equal transcript.
@Suite("JSON round trip")
struct RoundTripTests {
    static let files = TestSupport.corpusFiles("yeastar").filter { !$0.lastPathComponent.hasPrefix("error") }

    @Test(arguments: files)
    func canonicalJSONRoundTrips(file: URL) throws {
        let original = try Transcript(contentsOf: file.path)
        let json = try original.rendered(.json)
        let decoded = try Transcript(decoding: json) // auto-detects "schema"
        #expect(decoded == original)
        // And writing it again gives the same bytes.
        #expect(try decoded.rendered(.json) == json)
    }

    @Test func explicitFormatReadsItToo() throws {
        let original = try Transcript(contentsOf: TestSupport.corpus("yeastar/seed-two-legs.json").path)
        let decoded = try Transcript(decoding: try original.rendered(.json), options: DecodeOptions(format: .json))
        #expect(decoded == original)
    }

    @Test func wordsFlagsAndControlCharactersRoundTrip() throws {
        let text = #"""
        {"schema":"transcript/1","source":"test","origin":null,
        "speakers":[{"id":"a","name":"Ann \"A\" <b>&"},{"id":"b","name":""}],
        "segments":[
        {"speaker":0,"start":0,"end":900,"text":"tab\there\nnul\u0000 \u00e9 😀","inferredEnd":true,"words":[{"start":0,"end":300,"text":"tab"},{"start":300,"end":900,"text":"here"}]},
        {"id":"x","speaker":null,"start":900,"end":900,"text":"","partial":true,"translation":"vide","group":3}
        ]}
        """#
        let t = try Transcript(decoding: Array(text.utf8))
        #expect(t.segments.count == 2)
        #expect(t.segment(0).words.count == 2)
        #expect(t.segment(0).text == "tab\there\nnul\u{0} é 😀")
        #expect(t.segment(1).flags.contains(.partial))
        let again = try Transcript(decoding: try t.rendered(.json))
        #expect(again == t)
    }
}
