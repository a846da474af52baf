/// Writes WebVTT (`.vtt`) per the W3C rules: the `WEBVTT` header, `[hh:]mm:ss.ttt` timestamps
/// (hours only when needed, and as many digits as needed), `&`, `<` and `>` escaped in text
/// and voice names — so `-->` can never appear in a payload — and the speaker as a voice span
/// `<v Name>`.
public struct WebVTTWriter: Sendable {
    public var options: CaptionWriterOptions

    public init(options: CaptionWriterOptions = CaptionWriterOptions()) {
        self.options = options
    }

    /// Writes `cues` to `sink`.
    public func write<Sink: ByteSink>(_ cues: CueList, to sink: inout Sink) throws(TranscriptError) {
        var out = OutputBuffer(sink: sink)
        let eol = options.lineEnding.literal
        if options.byteOrderMark { out.append("\u{FEFF}") }
        out.append("WEBVTT")
        out.append(eol)
        out.append(eol)
        // Voice names escaped once, not per cue.
        let voices: [[UInt8]] = cues.speakers.map { name in
            var escaped: [UInt8] = []
            var name = name
            name.withUTF8 { Self.escape(UnsafeRawBufferPointer($0), into: &escaped, inAnnotation: true) }
            return escaped
        }
        for i in 0 ..< cues.count {
            Self.appendTimestamp(cues.start[i], to: &out)
            out.append(" --> ")
            Self.appendTimestamp(cues.end[i], to: &out)
            out.append(eol)
            let speaker = cues.speaker[i]
            if speaker >= 0, !voices[Int(speaker)].isEmpty {
                out.append("<v ")
                out.bytes.append(contentsOf: voices[Int(speaker)])
                out.append(">")
            }
            cues.text.withBytes(cues.textRange[i]) { text in
                Self.escape(text, into: &out.bytes, inAnnotation: false, lineBreak: eol)
            }
            out.append(eol)
            out.append(eol)
            try out.flushIfNeeded()
        }
        try out.flush()
        sink = out.sink
    }

    /// Escapes cue text: `&` `<` `>` become character references; in a voice annotation,
    /// line breaks become spaces (an annotation cannot span lines).
    static func escape(_ text: UnsafeRawBufferPointer, into out: inout [UInt8], inAnnotation: Bool, lineBreak: StaticString = "\n") {
        for byte in text {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B]) // &amp;
            case UInt8(ascii: "<"): out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])       // &lt;
            case UInt8(ascii: ">"): out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])       // &gt;
            case 0x0A:
                if inAnnotation { out.append(0x20) } else {
                    out.append(contentsOf: UnsafeBufferPointer(start: lineBreak.utf8Start, count: lineBreak.utf8CodeUnitCount))
                }
            case 0x0D: out.append(0x20)
            default: out.append(byte)
            }
        }
    }

    /// `mm:ss.ttt`, or `hh:mm:ss.ttt` from one hour on.
    static func appendTimestamp<S>(_ ms: Int64, to out: inout OutputBuffer<S>) {
        let ms = max(ms, 0)
        let hours = ms / 3_600_000
        if hours > 0 {
            out.appendPadded(hours, width: 2)
            out.append(UInt8(ascii: ":"))
        }
        out.appendPadded(ms / 60_000 % 60, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendPadded(ms / 1000 % 60, width: 2)
        out.append(UInt8(ascii: "."))
        out.appendPadded(ms % 1000, width: 3)
    }
}
