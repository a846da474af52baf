/// Bounds on what one decode may consume. Exceeding any is a ``TranscriptError`` of kind
/// ``TranscriptError/Kind/limitExceeded`` — never a crash or an unbounded allocation.
public struct DecodeLimits: Sendable, Equatable {
    /// Deepest nesting of objects and arrays. yajl itself has no limit.
    public var maximumDepth: Int
    /// Largest input, in bytes, summed over all pages of one transcript.
    public var maximumInputBytes: Int
    /// Largest single token (string or number, or a run of whitespace), in bytes. Debian's yajl
    /// aborts the process when its token buffer nears 2 GiB; this keeps it far below that. A
    /// token being read costs at most a few times this much memory.
    public var maximumTokenBytes: Int
    /// Most segments (plus words) in one transcript.
    public var maximumItems: Int

    /// Safe defaults: depth 256, 8 GiB of input, 16 MiB per token, 50 million items.
    public init(
        maximumDepth: Int = 256,
        maximumInputBytes: Int = 8 << 30,
        maximumTokenBytes: Int = 16 << 20,
        maximumItems: Int = 50_000_000
    ) {
        self.maximumDepth = maximumDepth
        self.maximumInputBytes = maximumInputBytes
        self.maximumTokenBytes = maximumTokenBytes
        self.maximumItems = maximumItems
    }
}
