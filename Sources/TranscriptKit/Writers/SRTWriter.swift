/// Writes SubRip (`.srt`): cues numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, hours never
/// wrapping at 24 (they grow to more digits past 99), the text, a blank line.
///
/// SRT has no escaping, and its readers (ffmpeg, players, editors) treat `<...>` as HTML-like
/// markup and `{\...}` as ASS overrides, silently dropping unknown tags. So that spoken text such
/// as `<b>` or `a < b > c` shows as written, the writer replaces the `<` of anything a reader
/// would take for a tag with the full-width `＜`, the `{` of `{\` with `｛`, the `\` of the ASS
/// escapes `\n` `\N` `\h` with `＼` (ffmpeg-based readers turn them into line breaks and spaces),
/// and the `>` of `-->` with `＞` (so no text line can look like a timing line); everything else
/// passes through.
/// Cue text never holds a blank line and is never empty (see ``CueList``), so no reader ends a
/// cue early or drops one.
public struct SRTWriter: Sendable {
    public var options: CaptionWriterOptions

    public init(options: CaptionWriterOptions = CaptionWriterOptions()) {
        self.options = options
    }

    /// Writes `cues` to `sink`.
    public func write<Sink: ByteSink>(_ cues: CueList, to sink: inout Sink) throws(TranscriptError) {
        var out = OutputBuffer(sink: sink)
        let eol = options.lineEnding.literal
        if options.byteOrderMark { out.append("\u{FEFF}") }
        let labels: [[UInt8]] = cues.speakers.map(Self.label)
        var previousSpeaker: Int32 = -1
        for i in 0 ..< cues.count {
            out.appendInteger(Int64(i + 1))
            out.append(eol)
            Self.appendTimestamp(cues.start[i], to: &out)
            out.append(" --> ")
            Self.appendTimestamp(cues.end[i], to: &out)
            out.append(eol)
            let speaker = cues.speaker[i]
            if options.speakerLabels, speaker >= 0, speaker != previousSpeaker, !labels[Int(speaker)].isEmpty {
                out.bytes.append(contentsOf: labels[Int(speaker)])
                out.append(": ")
            }
            previousSpeaker = speaker
            cues.text.withBytes(cues.textRange[i]) { Self.appendText($0, to: &out.bytes, lineBreak: eol) }
            out.append(eol)
            out.append(eol)
            try out.flushIfNeeded()
        }
        try out.flush()
        sink = out.sink
    }

    /// The text of one cue as this writer shows it (see the type's documentation), with `\n`
    /// between lines: what an SRT reader should read back.
    public static func displayText(_ text: String) -> String {
        var bytes: [UInt8] = []
        var text = text
        text.withUTF8 { appendText(UnsafeRawBufferPointer($0), to: &bytes, lineBreak: "\n") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A speaker's name as a label: whitespace folded, markup neutralised; empty when nothing is left.
    static func label(_ name: String) -> [UInt8] {
        var folded: [UInt8] = []
        var name = name
        name.withUTF8 { Captioner.foldWhitespace(UnsafeRawBufferPointer($0), into: &folded) }
        var label: [UInt8] = []
        folded.withUnsafeBytes { appendText($0, to: &label, lineBreak: "\n") }
        return label
    }

    /// Appends cue text, neutralising what a reader would take for markup or a timing line.
    static func appendText(_ text: UnsafeRawBufferPointer, to out: inout [UInt8], lineBreak: StaticString) {
        // A `<` is read as a tag only when a `>` follows somewhere in the cue.
        var lastClose = -1
        for (k, byte) in text.enumerated() where byte == UInt8(ascii: ">") { lastClose = k }
        for k in 0 ..< text.count {
            let byte = text[k]
            switch byte {
            case UInt8(ascii: "<") where k < lastClose:
                out.append(contentsOf: [0xEF, 0xBC, 0x9C]) // ＜
            case UInt8(ascii: "{") where k + 1 < text.count && text[k + 1] == UInt8(ascii: "\\"):
                out.append(contentsOf: [0xEF, 0xBD, 0x9B]) // ｛
            case UInt8(ascii: "\\") where k + 1 < text.count && (text[k + 1] == UInt8(ascii: "n") || text[k + 1] == UInt8(ascii: "N") || text[k + 1] == UInt8(ascii: "h")):
                out.append(contentsOf: [0xEF, 0xBC, 0xBC]) // ＼
            case UInt8(ascii: ">") where k >= 2 && text[k - 1] == UInt8(ascii: "-") && text[k - 2] == UInt8(ascii: "-"):
                out.append(contentsOf: [0xEF, 0xBC, 0x9E]) // ＞
            case 0x0A:
                out.append(contentsOf: UnsafeBufferPointer(start: lineBreak.utf8Start, count: lineBreak.utf8CodeUnitCount))
            default:
                out.append(byte)
            }
        }
    }

    /// `HH:MM:SS,mmm`.
    static func appendTimestamp<S>(_ ms: Int64, to out: inout OutputBuffer<S>) {
        let ms = max(ms, 0)
        out.appendPadded(ms / 3_600_000, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendPadded(ms / 60_000 % 60, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendPadded(ms / 1000 % 60, width: 2)
        out.append(UInt8(ascii: ","))
        out.appendPadded(ms % 1000, width: 3)
    }
}
