
@_spi(Benchmarks) import TranscriptKit
import YajlBaseline

/// The pipelines both runners measure, each a function of bytes already in memory.
public enum Pipelines {
    /// yajl's own parse with no-op callbacks: the limit.
    public static func yajlNoOp(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { YajlNoOp.parse($0) }
    }

    /// Decode (and normalise) into columns; `helperThread: false` keeps it on one thread.
    public static func decode(_ bytes: [UInt8], format: SourceFormat, helperThread: Bool = true) throws -> Transcript {
        try Transcript(decoding: bytes, options: DecodeOptions(format: format, allowsHelperThread: helperThread))
    }

    /// Decode, caption and write SRT into memory: the library's whole JSON → SRT path (cues
    /// streamed from the captioner into the writer, as `Transcript.write` does).
    public static func jsonToSRT(_ bytes: [UInt8], format: SourceFormat) throws -> [UInt8] {
        let transcript = try decode(bytes, format: format)
        return try transcript.rendered(.srt)
    }

    /// The captions and SRT of a page already decoded: what end to end adds to a decode.
    public static func captionsToSRT(_ transcript: Transcript, preset: CaptionPreset, helperThread: Bool = true) throws -> [UInt8] {
        var captioner = Captioner(preset: preset)
        captioner.allowsHelperThread = helperThread
        return try transcript.rendered(.srt, captioner: captioner)
    }

    public static func srt(_ cues: CueList) throws -> [UInt8] {
        var sink = MemorySink()
        try SRTWriter().write(cues, to: &sink)
        return sink.bytes
    }

    public static func webVTT(_ cues: CueList) throws -> [UInt8] {
        var sink = MemorySink()
        try WebVTTWriter().write(cues, to: &sink)
        return sink.bytes
    }

    public static func canonicalJSON(_ transcript: Transcript) throws -> [UInt8] {
        var sink = MemorySink()
        try TranscriptJSONWriter().write(transcript, to: &sink)
        return sink.bytes
    }

    /// A transcript whose segments are shuffled, for the sort benchmark.
    public static func shuffled(_ transcript: Transcript) -> Transcript {
        var copy = transcript
        copy.shuffleForBenchmark()
        return copy
    }

    /// The normaliser's sort and end inference.
    public static func normalize(_ transcript: Transcript) throws -> Transcript {
        var copy = transcript
        try copy.normalizeForBenchmark()
        return copy
    }
}
