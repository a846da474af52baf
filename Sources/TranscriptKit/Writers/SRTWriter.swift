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
        var encoder = Encoder(options: options, speakers: cues.speakers, sink: sink)
        try cues.forEachCue(into: &encoder)
        sink = try encoder.finish()
    }

    /// Captions `transcript` with `captioner` and writes each cue as soon as it is final, never
    /// holding the whole cue list: the same bytes as `write(captioner.cues(for: transcript), to:)`.
    public func write<Sink: ByteSink>(
        _ transcript: Transcript, captioner: Captioner = Captioner(), to sink: inout Sink
    ) throws(TranscriptError) {
        var encoder = Encoder(options: options, speakers: transcript.speakers.displayNames, sink: sink)
        try captioner.stream(transcript, into: &encoder)
        sink = try encoder.finish()
    }

    /// Formats cues one at a time into a buffered sink.
    struct Encoder<Sink: ByteSink>: CueConsumer, ~Copyable {
        var out: OutputBuffer<Sink>
        let lineBreak: UnsafeRawBufferPointer
        let speakerLabels: Bool
        /// Speaker labels made once, not per cue.
        let labels: [[UInt8]]
        /// Each cue is formatted into `cue` with plain stores, then copied out with one memcpy
        /// (see ByteScratch for why).
        var cue = ByteScratch(capacity: 512)
        var number: Int64 = 0
        var previousSpeaker: Int32 = -1

        init(options: CaptionWriterOptions, speakers: [String], sink: Sink) {
            out = OutputBuffer(sink: sink)
            let eol = options.lineEnding.literal
            lineBreak = UnsafeRawBufferPointer(start: eol.utf8Start, count: eol.utf8CodeUnitCount)
            speakerLabels = options.speakerLabels
            labels = speakers.map(SRTWriter.label)
            if options.byteOrderMark { out.append("\u{FEFF}") }
        }

        mutating func consume(_ view: CueView) throws(TranscriptError) {
            number += 1
            cue.removeAll()
            cue.appendDecimal(number, width: 1)
            cue.append(lineBreak)
            SRTWriter.appendTimestamp(view.start, to: &cue)
            cue.append(" --> ")
            SRTWriter.appendTimestamp(view.end, to: &cue)
            cue.append(lineBreak)
            let speaker = view.speaker
            if speakerLabels, speaker >= 0, speaker != previousSpeaker, !labels[Int(speaker)].isEmpty {
                cue.append(labels[Int(speaker)])
                cue.append(": ")
            }
            previousSpeaker = speaker
            SRTWriter.appendText(view.text, to: &cue, lineBreak: lineBreak)
            cue.append(lineBreak)
            cue.append(lineBreak)
            cue.withBytes { out.bytes.appendBytes($0) }
            try out.flushIfNeeded()
        }

        consuming func finish() throws(TranscriptError) -> Sink {
            try out.flush()
            return out.sink
        }
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
        var scratch = ByteScratch(capacity: text.count + 16)
        appendText(text, to: &scratch, lineBreak: UnsafeRawBufferPointer(start: lineBreak.utf8Start, count: lineBreak.utf8CodeUnitCount))
        scratch.withBytes { out.appendBytes($0) }
    }

    /// Appends cue text, neutralising what a reader would take for markup or a timing line.
    ///
    /// Only `<` `>` `{` `\` and line feeds can need rewriting: the text is scanned for them eight
    /// bytes at a time and the clean runs between them copied in bulk (callgrind showed the
    /// byte-by-byte loop at ~45 instructions a byte, the largest cost of the writer).
    static func appendText(_ text: UnsafeRawBufferPointer, to out: inout ByteScratch, lineBreak: UnsafeRawBufferPointer) {
        let n = text.count
        guard let base = text.baseAddress, n > 0 else { return }
        // A `<` is read as a tag only when a `>` follows somewhere in the cue: the last `>` is
        // looked for only once a `<` turns up (-2: not looked for yet).
        var lastClose = -2
        var i = 0
        while i < n {
            let k = ByteScan.firstIndex(in: text, from: i, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "{"),
                                        UInt8(ascii: "\\"), 0x0A)
            out.append(base + i, count: k - i)
            if k == n { break }
            let byte = text[k]
            switch byte {
            case UInt8(ascii: "<"):
                if lastClose == -2 {
                    lastClose = -1
                    var j = n - 1
                    while j > k { if text[j] == UInt8(ascii: ">") { lastClose = j; break }; j -= 1 }
                }
                if k < lastClose { out.append("\u{FF1C}") } else { out.append(byte) } // ＜
            case UInt8(ascii: "{"):
                if k + 1 < n && text[k + 1] == UInt8(ascii: "\\") { out.append("\u{FF5B}") } else { out.append(byte) } // ｛
            case UInt8(ascii: "\\"):
                if k + 1 < n && (text[k + 1] == UInt8(ascii: "n") || text[k + 1] == UInt8(ascii: "N") || text[k + 1] == UInt8(ascii: "h")) {
                    out.append("\u{FF3C}") // ＼
                } else {
                    out.append(byte)
                }
            case UInt8(ascii: ">"):
                if k >= 2 && text[k - 1] == UInt8(ascii: "-") && text[k - 2] == UInt8(ascii: "-") { out.append("\u{FF1E}") } else { out.append(byte) } // ＞
            default: // 0x0A
                out.append(lineBreak)
            }
            i = k + 1
        }
    }

    /// `HH:MM:SS,mmm`.
    static func appendTimestamp(_ ms: Int64, to out: inout ByteScratch) {
        let ms = max(ms, 0)
        let hours = ms / 3_600_000
        if hours < 100 {
            out.reserve(12)
            out.appendTwoDigitsUnchecked(Int(hours))
        } else {
            out.appendDecimal(hours, width: 2)
            out.reserve(10)
        }
        let inHour = Int(ms - hours * 3_600_000)
        let minutes = inHour / 60_000
        let inMinute = inHour - minutes * 60_000
        let seconds = inMinute / 1000
        out.appendUnchecked(UInt8(ascii: ":"))
        out.appendTwoDigitsUnchecked(minutes)
        out.appendUnchecked(UInt8(ascii: ":"))
        out.appendTwoDigitsUnchecked(seconds)
        out.appendUnchecked(UInt8(ascii: ","))
        out.appendThreeDigitsUnchecked(inMinute - seconds * 1000)
    }
}
