/// Captions ready to write: cues with times, a speaker and text already broken into lines.
///
/// Built by ``Captioner`` from a ``Transcript``; the SRT and WebVTT writers read it.
/// Guarantees: starts never decrease, every cue ends after it starts, and no cue starts
/// before the previous one ends.
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
    /// The cue's timed words in ``wordStart``, ``wordOffset`` and ``wordLength``; empty when
    /// the source had no word timing for it.
    public internal(set) var words: [WordRange] = []
    /// When each timed word starts, ms from t = 0 (non-decreasing within a cue).
    public internal(set) var wordStart: [Int64] = []
    /// Where each timed word's text starts, as a byte offset inside its cue's text.
    public internal(set) var wordOffset: [UInt32] = []
    /// Each timed word's length in bytes.
    public internal(set) var wordLength: [UInt32] = []
    /// All cue text.
    public internal(set) var text = TextArena()
    /// Speaker display names.
    public internal(set) var speakers: [String] = []
    /// The transcript's source format (e.g. `yeastar`), for a WebVTT `NOTE`.
    public internal(set) var source: String = ""
    /// The transcript's origin, ms since the Unix epoch, when known.
    public internal(set) var origin: Int64?

    public init() {}

    /// Number of cues.
    public var count: Int { start.count }

    /// The text of cue `index`.
    public func text(_ index: Int) -> String { text.string(textRange[index]) }

    /// Reserves room for `count` cues in every per-cue column.
    mutating func reserveCapacity(_ count: Int) {
        start.reserveCapacity(count); end.reserveCapacity(count); speaker.reserveCapacity(count)
        textRange.reserveCapacity(count); words.reserveCapacity(count)
    }

    mutating func append(start: Int64, end: Int64, speaker: Int32, text range: TextRange, words: WordRange = .empty) {
        self.start.append(start); self.end.append(end); self.speaker.append(speaker); textRange.append(range)
        self.words.append(words)
    }
}
