/// A format TranscriptKit writes.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// SubRip subtitles.
    case srt
    /// WebVTT captions.
    case vtt
    /// TranscriptKit's canonical JSON (`"schema":"transcript/1"`), lossless.
    case json

    /// The usual file extension.
    public var fileExtension: String { rawValue }
}

/// Line endings for text outputs.
public enum LineEnding: String, Sendable, CaseIterable {
    case lf, crlf

    var literal: StaticString { self == .lf ? "\n" : "\r\n" }
}

/// Options shared by the caption writers.
public struct CaptionWriterOptions: Sendable, Equatable {
    /// `\n` (default) or `\r\n`, used consistently for every line.
    public var lineEnding: LineEnding
    /// Start the file with a UTF-8 byte order mark (some Windows players want one).
    public var byteOrderMark: Bool
    /// SRT: prefix a cue with `Name: ` when the speaker changes. (WebVTT always uses `<v Name>`.)
    public var speakerLabels: Bool
    /// WebVTT: word-level timestamps inside cues (`<00:00:01.250><c>word</c>`), for karaoke-style
    /// highlighting, where the source has word timing.
    public var karaoke: Bool
    /// WebVTT: give each cue an identifier (its number, from 1). SRT cues are always numbered.
    public var cueIdentifiers: Bool
    /// WebVTT: start with a `NOTE` block naming the source format and origin.
    public var note: Bool

    public init(lineEnding: LineEnding = .lf, byteOrderMark: Bool = false, speakerLabels: Bool = true,
                karaoke: Bool = false, cueIdentifiers: Bool = false, note: Bool = false) {
        self.lineEnding = lineEnding
        self.byteOrderMark = byteOrderMark
        self.speakerLabels = speakerLabels
        self.karaoke = karaoke
        self.cueIdentifiers = cueIdentifiers
        self.note = note
    }
}
