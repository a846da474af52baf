/// How ``Captioner`` cuts a transcript into cues.
///
/// The defaults are Netflix's English timed-text template: at most 42 characters per line and
/// 2 lines per cue, at most 17 characters per second, cues of 5/6 s to 7 s, at least 2 frames
/// (83 ms at 24 fps) between cues, and gaps of up to 0.5 s closed down to that minimum.
/// Chinese and Japanese text uses Netflix's CJK line lengths (16 and 13 full-width
/// characters) and reading speeds (9 and 4 characters per second) instead.
///
/// Line lengths are display widths (see ``DisplayWidth``): a full-width character counts 2.
/// Limits hold wherever the speech allows: a single word wider than a line, or words spoken
/// faster than the reading speed, still make a cue rather than being dropped.
///
/// Any values are accepted; the captioner works with them brought into range: durations, gaps
/// and thresholds into 0 ms ... 10^12 ms (about 31 years), line widths and counts into
/// 1 ... 2^20, and a word limit of 0 or less means no limit. So no setting can make the timing
/// arithmetic overflow or a cue overlap the next.
public struct CaptionOptions: Sendable, Equatable {
    /// Most columns per line for text that is not Chinese or Japanese.
    public var maxLineWidth: Int
    /// Most lines per cue.
    public var maxLines: Int
    /// Most characters per second of cue duration (a target: cues are lengthened into the
    /// following silence to meet it, and the splitter avoids cues that exceed it). Zero, a
    /// negative value or NaN means no limit; rates under 0.001 count as 0.001.
    public var maxCharactersPerSecond: Double
    /// Shortest cue, ms (a target met when the next cue leaves room).
    public var minDuration: Int64
    /// Longest cue, ms (the splitter avoids longer cues; a cue is never lengthened past it).
    public var maxDuration: Int64
    /// Least gap between two cues, ms.
    public var minGap: Int64
    /// Gaps up to this many ms are closed down to ``minGap`` (chaining), so cues do not flicker.
    public var chainGap: Int64
    /// Silence between two timed words, ms, that counts as a pause worth splitting at.
    public var pauseThreshold: Int64
    /// Most words per cue; 0 for no limit (``shortform`` uses 3).
    public var maxWords: Int
    /// Most full-width characters per line in Chinese text.
    public var chineseLineCharacters: Int
    /// Most full-width characters per line in Japanese text.
    public var japaneseLineCharacters: Int
    /// Reading speed for Chinese text, characters per second.
    public var chineseCharactersPerSecond: Double
    /// Reading speed for Japanese text, characters per second.
    public var japaneseCharactersPerSecond: Double
    /// One cue per segment, text on one line, no splitting and no retiming beyond the
    /// repairs every output gets (``CaptionPreset/none``).
    public var segmentPerCue: Bool

    /// Netflix English defaults; see the type's documentation.
    public init(
        maxLineWidth: Int = 42, maxLines: Int = 2, maxCharactersPerSecond: Double = 17,
        minDuration: Int64 = 833, maxDuration: Int64 = 7000, minGap: Int64 = 83, chainGap: Int64 = 500,
        pauseThreshold: Int64 = 400, maxWords: Int = 0,
        chineseLineCharacters: Int = 16, japaneseLineCharacters: Int = 13,
        chineseCharactersPerSecond: Double = 9, japaneseCharactersPerSecond: Double = 4,
        segmentPerCue: Bool = false
    ) {
        self.maxLineWidth = maxLineWidth
        self.maxLines = maxLines
        self.maxCharactersPerSecond = maxCharactersPerSecond
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.minGap = minGap
        self.chainGap = chainGap
        self.pauseThreshold = pauseThreshold
        self.maxWords = maxWords
        self.chineseLineCharacters = chineseLineCharacters
        self.japaneseLineCharacters = japaneseLineCharacters
        self.chineseCharactersPerSecond = chineseCharactersPerSecond
        self.japaneseCharactersPerSecond = japaneseCharactersPerSecond
        self.segmentPerCue = segmentPerCue
    }

    /// The options of `preset`.
    public init(preset: CaptionPreset) {
        switch preset {
        case .netflix:
            self.init()
        case .bbc:
            // BBC subtitle guidelines: 37 characters per line (68% of a 16:9 screen), 2 lines,
            // 160–180 words per minute (≈ 15 characters per second), at least 0.3 s per word.
            self.init(maxLineWidth: 37, maxCharactersPerSecond: 15, minDuration: 1000, maxDuration: 7000, minGap: 80)
        case .shortform:
            // Social-video style: 1–3 words on one line, shown as they are spoken.
            self.init(maxLineWidth: 32, maxLines: 1, maxCharactersPerSecond: 25, minDuration: 300, maxDuration: 3000,
                      minGap: 0, chainGap: 300, maxWords: 3, chineseLineCharacters: 8, japaneseLineCharacters: 8,
                      chineseCharactersPerSecond: 12, japaneseCharactersPerSecond: 8)
        case .none:
            self.init(minDuration: 1, minGap: 0, chainGap: 0, segmentPerCue: true)
        }
    }
}

/// Named sets of ``CaptionOptions``.
public enum CaptionPreset: String, Sendable, CaseIterable {
    /// Netflix English timed-text style (the default).
    case netflix
    /// BBC subtitle guidelines.
    case bbc
    /// 1–3 words per cue, one line: short-form social video.
    case shortform
    /// One cue per segment, as the source cut it.
    case none
}

extension CaptionOptions {
    /// The longest duration, gap or threshold the captioner works with, ms: beyond any real
    /// setting, and small enough that adding it to any time (at most year 9999 in epoch ms)
    /// cannot overflow.
    static let longestSpan: Int64 = 1_000_000_000_000
    /// The most columns per line, and lines per cue, the captioner works with.
    static let mostColumns = 1 << 20

    /// These options brought into the ranges above and reading rates into ones the arithmetic
    /// takes (see the type's documentation). Times that
    /// came through a decoder are within year 9999, so with these no sum the captioner forms
    /// (a time plus a duration or gap, a width times a line count) can overflow.
    var usable: CaptionOptions {
        func span(_ value: Int64) -> Int64 { min(max(value, 0), Self.longestSpan) }
        func count(_ value: Int) -> Int { min(max(value, 1), Self.mostColumns) }
        // A rate near zero would make reading times overflow Int64, NaN would trap converting
        // them: no rate (≤ 0, NaN) means no limit, and a positive one is kept at 0.001
        // characters a second or more, which keeps any text's reading time inside Int64 ms.
        func rate(_ value: Double) -> Double { value > 0 ? max(value, 0.001) : .infinity }
        var o = self
        o.maxCharactersPerSecond = rate(maxCharactersPerSecond)
        o.chineseCharactersPerSecond = rate(chineseCharactersPerSecond)
        o.japaneseCharactersPerSecond = rate(japaneseCharactersPerSecond)
        o.minDuration = span(minDuration)
        o.maxDuration = span(maxDuration)
        o.minGap = span(minGap)
        o.chainGap = span(chainGap)
        o.pauseThreshold = span(pauseThreshold)
        o.maxLineWidth = count(maxLineWidth)
        o.maxLines = count(maxLines)
        o.chineseLineCharacters = count(chineseLineCharacters)
        o.japaneseLineCharacters = count(japaneseLineCharacters)
        o.maxWords = max(maxWords, 0)
        return o
    }
}
