/// Writes WebVTT (`.vtt`) per the W3C rules: the `WEBVTT` header, an optional `NOTE` block,
/// optional cue identifiers, `[hh:]mm:ss.ttt` timestamps (hours only when needed, and as many
/// digits as needed: 100 hours and more are valid), text with `&`, `<` and `>` escaped — so
/// `-->` can never appear in a payload — the speaker as a voice span `<v Name>`, and optionally
/// word timestamps (`<00:00:01.250><c>word</c>`), strictly increasing and strictly inside the cue.
///
/// Voice names are escaped like text (`&amp;` `&lt;` `&gt;`), as the W3C rules require and
/// browsers decode. (ffmpeg's WebVTT reader does not decode references inside a voice annotation
/// and spills such a name into the cue text; that is ffmpeg's bug, and names without `&<>` —
/// nearly all — are unaffected.)
public struct WebVTTWriter: Sendable {
    public var options: CaptionWriterOptions

    public init(options: CaptionWriterOptions = CaptionWriterOptions()) {
        self.options = options
    }

    /// Writes `cues` to `sink`.
    public func write<Sink: ByteSink>(_ cues: CueList, to sink: inout Sink) throws(TranscriptError) {
        var encoder = Encoder(options: options, speakers: cues.speakers, source: cues.source, origin: cues.origin, sink: sink)
        try cues.forEachCue(into: &encoder)
        sink = try encoder.finish()
    }

    /// Captions `transcript` with `captioner` and writes each cue as soon as it is final, never
    /// holding the whole cue list: the same bytes as `write(captioner.cues(for: transcript), to:)`.
    public func write<Sink: ByteSink>(
        _ transcript: Transcript, captioner: Captioner = Captioner(), to sink: inout Sink
    ) throws(TranscriptError) {
        var encoder = Encoder(options: options, speakers: transcript.speakers.displayNames, source: transcript.source,
                              origin: transcript.origin, sink: sink)
        try captioner.stream(transcript, into: &encoder)
        sink = try encoder.finish()
    }

    /// Writes the header, then formats cues one at a time into a buffered sink.
    struct Encoder<Sink: ByteSink>: CueConsumer, ~Copyable {
        var out: OutputBuffer<Sink>
        let lineBreak: UnsafeRawBufferPointer
        let cueIdentifiers: Bool
        let karaoke: Bool
        /// Voice names made once, not per cue.
        let voices: [[UInt8]]
        /// Each cue is formatted into `cue` with plain stores, then copied out with one memcpy
        /// (see ByteScratch for why).
        var cue = ByteScratch(capacity: 512)
        var number: Int64 = 0

        init(options: CaptionWriterOptions, speakers: [String], source: String, origin: Int64?, sink: Sink) {
            out = OutputBuffer(sink: sink)
            let eol = options.lineEnding.literal
            lineBreak = UnsafeRawBufferPointer(start: eol.utf8Start, count: eol.utf8CodeUnitCount)
            cueIdentifiers = options.cueIdentifiers
            karaoke = options.karaoke
            voices = speakers.map(WebVTTWriter.voiceName)
            if options.byteOrderMark { out.append("\u{FEFF}") }
            out.append("WEBVTT")
            out.append(eol)
            out.append(eol)
            if options.note {
                out.append("NOTE")
                out.append(eol)
                out.append("source: ")
                WebVTTWriter.appendNoteText(source, to: &out.bytes)
                out.append(eol)
                if let origin {
                    out.append("origin: ")
                    TimeParsing.formatISO8601(milliseconds: origin, into: &out.bytes)
                    out.append(eol)
                }
                out.append(eol)
            }
        }

        mutating func consume(_ view: CueView) throws(TranscriptError) {
            number += 1
            cue.removeAll()
            if cueIdentifiers {
                cue.appendDecimal(number, width: 1)
                cue.append(lineBreak)
            }
            let start = view.start, end = view.end
            WebVTTWriter.appendTimestamp(start, to: &cue)
            cue.append(" --> ")
            WebVTTWriter.appendTimestamp(end, to: &cue)
            cue.append(lineBreak)
            let speaker = view.speaker
            if speaker >= 0, !voices[Int(speaker)].isEmpty {
                cue.append("<v ")
                cue.append(voices[Int(speaker)])
                cue.append(">")
            }
            let text = view.text
            if karaoke, !view.wordStart.isEmpty {
                var done = 0
                var lastTime = start
                for w in view.wordStart.indices {
                    let offset = Int(view.wordOffset[w]), length = Int(view.wordLength[w])
                    WebVTTWriter.escape(UnsafeRawBufferPointer(rebasing: text[done ..< offset]), into: &cue, lineBreak: lineBreak)
                    let time = view.wordStart[w]
                    // Timestamps must be strictly after the cue start and the previous one, and before the end.
                    if time > lastTime, time < end {
                        cue.append(UInt8(ascii: "<"))
                        WebVTTWriter.appendTimestamp(time, to: &cue, alwaysHours: true)
                        cue.append(UInt8(ascii: ">"))
                        lastTime = time
                    }
                    cue.append("<c>")
                    WebVTTWriter.escape(UnsafeRawBufferPointer(rebasing: text[offset ..< offset + length]), into: &cue, lineBreak: lineBreak)
                    cue.append("</c>")
                    done = offset + length
                }
                WebVTTWriter.escape(UnsafeRawBufferPointer(rebasing: text[done...]), into: &cue, lineBreak: lineBreak)
            } else {
                WebVTTWriter.escape(text, into: &cue, lineBreak: lineBreak)
            }
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

    /// Escapes cue text: `&` `<` `>` become character references.
    static func escape(_ text: UnsafeRawBufferPointer, into out: inout [UInt8], lineBreak: StaticString = "\n") {
        var scratch = ByteScratch(capacity: text.count + 16)
        escape(text, into: &scratch, lineBreak: UnsafeRawBufferPointer(start: lineBreak.utf8Start, count: lineBreak.utf8CodeUnitCount))
        scratch.withBytes { out.appendBytes($0) }
    }

    /// Escapes cue text: `&` `<` `>` become character references, a line feed `lineBreak`, a
    /// carriage return a space.
    ///
    /// The text is scanned eight bytes at a time for those five bytes and the clean runs between
    /// them copied in bulk (callgrind showed the byte-by-byte loop as the writer's largest cost).
    static func escape(_ text: UnsafeRawBufferPointer, into out: inout ByteScratch, lineBreak: UnsafeRawBufferPointer) {
        let n = text.count
        guard let base = text.baseAddress, n > 0 else { return }
        var i = 0
        while i < n {
            let k = ByteScan.firstIndex(in: text, from: i, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), 0x0A, 0x0D)
            out.append(base + i, count: k - i)
            if k == n { break }
            switch text[k] {
            case UInt8(ascii: "&"): out.append("&amp;")
            case UInt8(ascii: "<"): out.append("&lt;")
            case UInt8(ascii: ">"): out.append("&gt;")
            case 0x0A: out.append(lineBreak)
            default: out.append(0x20) // 0x0D
            }
            i = k + 1
        }
    }

    /// A speaker name as a voice annotation: whitespace folded, `&` `<` `>` escaped as character
    /// references; empty when nothing is left.
    static func voiceName(_ name: String) -> [UInt8] {
        var folded: [UInt8] = []
        var name = name
        name.withUTF8 { Captioner.foldWhitespace(UnsafeRawBufferPointer($0), into: &folded) }
        var voice: [UInt8] = []
        for byte in folded {
            switch byte {
            case UInt8(ascii: "&"): voice.append(contentsOf: Array("&amp;".utf8))
            case UInt8(ascii: "<"): voice.append(contentsOf: Array("&lt;".utf8))
            case UInt8(ascii: ">"): voice.append(contentsOf: Array("&gt;".utf8))
            default: voice.append(byte)
            }
        }
        return voice
    }

    /// Text for a `NOTE` block: one line, and never `-->` (which would end the comment).
    static func appendNoteText(_ text: String, to out: inout [UInt8]) {
        var folded: [UInt8] = []
        var text = text
        text.withUTF8 { Captioner.foldWhitespace(UnsafeRawBufferPointer($0), into: &folded) }
        for (k, byte) in folded.enumerated() {
            if byte == UInt8(ascii: ">"), k >= 2, folded[k - 1] == UInt8(ascii: "-"), folded[k - 2] == UInt8(ascii: "-") {
                out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])
            } else {
                out.append(byte)
            }
        }
    }

    /// `mm:ss.ttt`, or `hh:mm:ss.ttt` from one hour on (or always, for `alwaysHours`).
    static func appendTimestamp(_ ms: Int64, to out: inout ByteScratch, alwaysHours: Bool = false) {
        let ms = max(ms, 0)
        let hours = ms / 3_600_000
        if hours > 0 || alwaysHours {
            if hours < 100 {
                out.reserve(3)
                out.appendTwoDigitsUnchecked(Int(hours))
                out.appendUnchecked(UInt8(ascii: ":"))
            } else {
                out.appendDecimal(hours, width: 2)
                out.append(UInt8(ascii: ":"))
            }
        }
        out.reserve(9)
        let inHour = Int(ms - hours * 3_600_000)
        let minutes = inHour / 60_000
        let inMinute = inHour - minutes * 60_000
        let seconds = inMinute / 1000
        out.appendTwoDigitsUnchecked(minutes)
        out.appendUnchecked(UInt8(ascii: ":"))
        out.appendTwoDigitsUnchecked(seconds)
        out.appendUnchecked(UInt8(ascii: "."))
        out.appendThreeDigitsUnchecked(inMinute - seconds * 1000)
    }
}
