extension Transcript {
    /// Writes the transcript as `format` to `sink`; SRT and WebVTT go through `captioner`, cue by
    /// cue (memory is the cues in flight, not a whole ``CueList``).
    public func write<Sink: ByteSink>(
        _ format: OutputFormat, to sink: inout Sink,
        captioner: Captioner = Captioner(), options: CaptionWriterOptions = CaptionWriterOptions()
    ) throws(TranscriptError) {
        switch format {
        case .json: try TranscriptJSONWriter().write(self, to: &sink)
        case .srt: try SRTWriter(options: options).write(self, captioner: captioner, to: &sink)
        case .vtt: try WebVTTWriter(options: options).write(self, captioner: captioner, to: &sink)
        }
    }

    /// The transcript as `format`, in memory.
    public func rendered(
        _ format: OutputFormat, captioner: Captioner = Captioner(), options: CaptionWriterOptions = CaptionWriterOptions()
    ) throws(TranscriptError) -> [UInt8] {
        var sink = MemorySink()
        try write(format, to: &sink, captioner: captioner, options: options)
        return sink.bytes
    }
}
