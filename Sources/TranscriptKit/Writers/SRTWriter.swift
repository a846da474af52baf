/// Writes SubRip (`.srt`): cues numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, hours never
/// wrapping at 24 (they grow to more digits past 99), the text, a blank line.
///
/// SRT has no escaping: `<` and `>` pass through as text, as SRT readers expect (they treat
/// only a few tags, `<i>` `<b>` `<u>` `<font>`, as markup). Cue text never holds a blank line
/// (see ``CueList``), so no reader ends a cue early.
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
        var previousSpeaker: Int32 = -1
        for i in 0 ..< cues.count {
            out.appendInteger(Int64(i + 1))
            out.append(eol)
            Self.appendTimestamp(cues.start[i], to: &out)
            out.append(" --> ")
            Self.appendTimestamp(cues.end[i], to: &out)
            out.append(eol)
            let speaker = cues.speaker[i]
            if options.speakerLabels, speaker >= 0, speaker != previousSpeaker, !cues.speakers[Int(speaker)].isEmpty {
                out.append(cues.speakers[Int(speaker)])
                out.append(": ")
            }
            previousSpeaker = speaker
            cues.text.withBytes(cues.textRange[i]) { text in
                for byte in text {
                    if byte == 0x0A { out.append(eol) } else { out.append(byte) }
                }
            }
            out.append(eol)
            out.append(eol)
            try out.flushIfNeeded()
        }
        try out.flush()
        sink = out.sink
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
