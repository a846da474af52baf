/// A normalised transcript: speakers, channels, segments and words on one millisecond clock.
///
/// The storage is struct-of-arrays (see ``SegmentColumns`` and ``WordColumns``) over one UTF-8
/// ``TextArena``. Read it column-wise for speed, or through ``segment(_:)`` for convenience.
///
/// ```swift
/// let transcript = try Transcript(contentsOf: "call.json")
/// for i in 0 ..< transcript.segments.count {
///     let s = transcript.segment(i)
///     print(s.start, s.speakerName, s.text)
/// }
/// ```
public struct Transcript: Sendable, Equatable {
    /// The format the transcript came from (`yeastar`, `dingtalk`, ...).
    public var source: String
    /// The absolute instant of t = 0, in milliseconds since the Unix epoch; `nil` when only
    /// relative times are known.
    public var origin: Int64?
    /// The speakers; segments refer to them by index.
    public internal(set) var speakers: SpeakerTable
    /// The channels (legs, tracks); segments refer to them by index.
    public internal(set) var channels: ChannelTable
    /// The segments, in time order once normalised.
    public internal(set) var segments: SegmentColumns
    /// The words of every segment; each segment's are ``SegmentColumns/words``.
    public internal(set) var words: WordColumns
    /// All text.
    public internal(set) var text: TextArena

    /// An empty transcript.
    public init(source: String = "unknown", origin: Int64? = nil) {
        self.source = source
        self.origin = origin
        speakers = SpeakerTable()
        channels = ChannelTable()
        segments = SegmentColumns()
        words = WordColumns()
        text = TextArena()
    }

    /// The text of `range` as a `String`.
    public func string(_ range: TextRange) -> String { text.string(range) }

    /// A convenience view of segment `index`.
    public func segment(_ index: Int) -> Segment { Segment(transcript: self, index: index) }

    /// A read-only view of one segment; its `String` properties are made on access.
    public struct Segment: Sendable {
        let transcript: Transcript
        /// The segment's position.
        public let index: Int

        public var start: Int64 { transcript.segments.start[index] }
        public var end: Int64 { transcript.segments.end[index] }
        public var flags: SegmentFlags { transcript.segments.flags[index] }
        public var speakerIndex: Int32 { transcript.segments.speaker[index] }
        /// The speaker's display name (or id), empty when none.
        public var speakerName: String { transcript.speakers.displayName(speakerIndex) }
        /// The channel's name, `nil` when the segment has none.
        public var channelName: String? {
            let c = transcript.segments.channel[index]
            return c >= 0 ? transcript.channels.names[Int(c)] : nil
        }
        public var text: String { transcript.string(transcript.segments.text[index]) }
        public var sourceID: String? {
            let r = transcript.segments.sourceID[index]
            return r.isEmpty ? nil : transcript.string(r)
        }
        public var translation: String? {
            let r = transcript.segments.translation[index]
            return r.isEmpty ? nil : transcript.string(r)
        }
        /// The segment's words as (start, end, text).
        public var words: [(start: Int64, end: Int64, text: String)] {
            transcript.segments.words[index].indices.map {
                (transcript.words.start[$0], transcript.words.end[$0], transcript.string(transcript.words.text[$0]))
            }
        }
    }
}
