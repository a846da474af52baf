/// Captions ready to write: cues with times, a speaker and text already broken into lines.
///
/// Built by ``Captioner`` from a ``Transcript``; the SRT and WebVTT writers read it.
public struct CueList: Sendable, Equatable {
    /// Start, ms from t = 0.
    public internal(set) var start: [Int64] = []
    /// End, ms from t = 0; always > start.
    public internal(set) var end: [Int64] = []
    /// Index into ``speakers``, or -1.
    public internal(set) var speaker: [Int32] = []
    /// The cue's text in ``text``: valid UTF-8, lines separated by `\n`, never empty, never a
    /// blank line, no other control characters.
    public internal(set) var textRange: [TextRange] = []
    /// All cue text.
    public internal(set) var text = TextArena()
    /// Speaker display names.
    public internal(set) var speakers: [String] = []

    public init() {}

    public var count: Int { start.count }

    /// The text of cue `index`.
    public func text(_ index: Int) -> String { text.string(textRange[index]) }

    mutating func append(start: Int64, end: Int64, speaker: Int32, text range: TextRange) {
        self.start.append(start); self.end.append(end); self.speaker.append(speaker); textRange.append(range)
    }
}
