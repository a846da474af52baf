import Foundation
import Testing
@testable import TranscriptKit

/// SRT and WebVTT writers: golden files and the hard cases of text and timing.
///
/// Golden files live in `Golden/captions/`; run with `TRANSCRIPTKIT_UPDATE_GOLDEN=1` to rewrite
/// them after a deliberate change (and review the diff).
@Suite struct WriterCaptionTests {
    typealias F = CaptionFixture

    /// Text that breaks naive writers: markup, `-->`, blank lines, emoji, RTL, CJK, ASS escapes.
    static let tricky: Transcript = F.transcript(speakers: ["Ann <&> Co", "بوب"], [
        .init(speaker: 0, start: 0, end: 2000, text: "Say <b>& then stop"),
        .init(speaker: 1, start: 2500, end: 4000, text: "a --> b --> c"),
        .init(speaker: 0, start: 4500, end: 6000, text: "line one\n\n\nline two"),
        .init(speaker: 1, start: 6500, end: 8000, text: "مرحبا بك 😀 👍🏽 family 👨‍👩‍👧"),
        .init(speaker: 0, start: 8500, end: 11_000, text: "你好！我的包裹（单号：SF‑2093）三天没更新了……"),
        .init(speaker: 1, start: 11_500, end: 14_000, text: "お電話ありがとうございます。ご注文は明日届きます。"),
        .init(speaker: nil, start: 14_500, end: 15_000, text: #"C:\new {\an8} a < b > c &amp;"#),
        .init(speaker: 0, start: 15_500, end: 17_000, text: "timed words here", words: [
            .init(start: 15_500, end: 15_900, text: "timed"), .init(start: 16_000, end: 16_400, text: "words"),
            .init(start: 16_400, end: 17_000, text: "here"),
        ]),
        .init(speaker: 1, start: 360_000_000, end: 360_001_500, text: "one hundred hours in"),
    ])

    static var goldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/captions")
    }

    func checkGolden(_ bytes: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TRANSCRIPTKIT_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        let expected = try [UInt8](Data(contentsOf: url))
        #expect(bytes == expected, "\(name) differs from its golden file:\n\(String(decoding: bytes, as: UTF8.self))",
                sourceLocation: sourceLocation)
    }

    @Test func goldenSRT() throws {
        try checkGolden(Self.tricky.rendered(.srt), "tricky.srt")
        try checkGolden(Self.tricky.rendered(.srt, captioner: Captioner(preset: .none)), "tricky-none.srt")
        try checkGolden(Self.tricky.rendered(.srt, options: CaptionWriterOptions(lineEnding: .crlf, byteOrderMark: true, speakerLabels: false)),
                        "tricky-crlf-bom.srt")
    }

    @Test func goldenWebVTT() throws {
        try checkGolden(Self.tricky.rendered(.vtt), "tricky.vtt")
        try checkGolden(Self.tricky.rendered(.vtt, captioner: Captioner(preset: .shortform),
                                             options: CaptionWriterOptions(karaoke: true, cueIdentifiers: true, note: true)),
                        "tricky-shortform-karaoke.vtt")
        try checkGolden(Self.tricky.rendered(.vtt, options: CaptionWriterOptions(lineEnding: .crlf, byteOrderMark: true, cueIdentifiers: true)),
                        "tricky-crlf-bom-ids.vtt")
    }

    @Test func webVTTEscapesAndNeverHasArrowInPayload() throws {
        let vtt = String(decoding: try Self.tricky.rendered(.vtt), as: UTF8.self)
        #expect(vtt.contains("Say &lt;b&gt;&amp; then stop"))
        #expect(vtt.contains("a --&gt; b --&gt; c"))
        #expect(vtt.contains("<v Ann &lt;&amp;&gt; Co>"))
        #expect(vtt.contains("100:00:00.000 --> 100:00:01.500"))
        let arrows = vtt.components(separatedBy: "-->").count - 1
        let timingLines = vtt.split(separator: "\n").filter { $0.contains(" --> ") }.count
        #expect(arrows == timingLines)
    }

    @Test func srtNeutralisesMarkup() throws {
        let srt = String(decoding: try Self.tricky.rendered(.srt), as: UTF8.self)
        #expect(srt.contains("Ann ＜&> Co: Say ＜b>& then stop"))
        #expect(srt.contains("a --＞ b --＞ c"))
        #expect(srt.contains(#"C:＼new ｛\an8} a ＜ b > c &amp;"#))
        #expect(srt.contains("100:00:00,000 --> 100:00:01,500"))
        #expect(!srt.contains("\n\n\n"))
    }

    @Test func karaokeTimestampsStrictlyIncreaseInsideTheCue() throws {
        let vtt = String(decoding: try Self.tricky.rendered(.vtt, options: CaptionWriterOptions(karaoke: true)), as: UTF8.self)
        #expect(vtt.contains("<v Ann &lt;&amp;&gt; Co><c>timed</c> <00:00:16.000><c>words</c> <00:00:16.400><c>here</c>"))
    }

    @Test func emptyTranscript() throws {
        let empty = Transcript()
        #expect(try empty.rendered(.srt).isEmpty)
        #expect(String(decoding: try empty.rendered(.vtt), as: UTF8.self) == "WEBVTT\n\n")
        #expect(String(decoding: try empty.rendered(.vtt, options: CaptionWriterOptions(byteOrderMark: true)), as: UTF8.self) == "\u{FEFF}WEBVTT\n\n")
    }

    @Test func invalidUTF8IsReplaced() throws {
        // The JSON parser rejects invalid UTF-8 in JSON strings, so build the transcript by hand:
        // the arena repairs the bytes, and nothing invalid reaches the output.
        var t = Transcript()
        let text = try [0x62, 0x61, 0x64, 0x20, 0xC3, 0x28, 0xFF, 0x20, 0x65, 0x6E, 0x64].withUnsafeBytes { try t.text.appendRepairingUTF8($0) }
        t.segments.append(start: 0, end: 900, speaker: -1, channel: -1, text: text, sourceID: .empty, words: .empty,
                          group: -1, sequence: 0, translation: .empty, flags: [])
        for format in [OutputFormat.srt, .vtt] {
            let bytes = try t.rendered(format)
            #expect(String(validating: bytes, as: UTF8.self) != nil)
            #expect(String(decoding: bytes, as: UTF8.self).contains("bad \u{FFFD}(\u{FFFD} end"))
        }
    }

    @Test func crlfIsUsedForEveryLine() throws {
        for format in [OutputFormat.srt, .vtt] {
            let bytes = try Self.tricky.rendered(format, options: CaptionWriterOptions(lineEnding: .crlf))
            for (k, byte) in bytes.enumerated() where byte == 0x0A {
                #expect(k > 0 && bytes[k - 1] == 0x0D)
            }
        }
    }
}
