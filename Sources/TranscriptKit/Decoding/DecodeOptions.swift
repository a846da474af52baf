/// How to decode a transcript.
public struct DecodeOptions: Sendable, Equatable {
    /// The source format; ``SourceFormat/auto`` detects it from the first keys.
    public var format: SourceFormat
    /// The absolute instant of t = 0 in epoch milliseconds, overriding the source's.
    public var origin: Int64?
    /// Bounds on input size, nesting, tokens and items.
    public var limits: DecodeLimits
    /// What to do with text that is not valid UTF-8 (ill-formed bytes, encoded surrogates,
    /// overlong forms, code points above U+10FFFF, unpaired `\uD800`-style escapes): `false`
    /// (the default) replaces each ill-formed sequence with U+FFFD; `true` makes it a
    /// ``TranscriptError`` of kind ``TranscriptError/Kind/invalidUTF8``.
    public var rejectsInvalidUTF8: Bool
    /// Whether a large page (of a size told by ``TranscriptDecoder/expectPageBytes(_:)``, as
    /// files and in-memory buffers are) may be decoded on two threads: yajl scans the JSON on
    /// the calling thread while a helper thread runs the vendor decoder on what it found (see
    /// `EventPipeline`). The result, errors included, is the same either way, though an error
    /// may surface from a later ``TranscriptDecoder/decode(_:)-(UnsafeRawBufferPointer)`` call
    /// than the one that fed it (see there). `true` by
    /// default: on a large page it takes about 30 % off the decode time when a second core is
    /// free, and can make it slower when none is. Turn it off when every core is already busy
    /// with decodes of their own (the CLI does, converting several files at once).
    public var allowsHelperThread: Bool
    /// The fewest bytes a page must have left, once its format is known, for the helper thread
    /// to start: starting and joining one costs tens of microseconds. Internal: tests lower it.
    var helperThreadMinimumBytes = 1 << 20
    /// The helper's tape blocks, in bytes. Internal: tests make them tiny, to cycle them.
    var helperThreadBlockBytes = 1 << 18

    public init(
        format: SourceFormat = .auto, origin: Int64? = nil, limits: DecodeLimits = DecodeLimits(),
        rejectsInvalidUTF8: Bool = false, allowsHelperThread: Bool = true
    ) {
        self.format = format
        self.origin = origin
        self.limits = limits
        self.rejectsInvalidUTF8 = rejectsInvalidUTF8
        self.allowsHelperThread = allowsHelperThread
    }
}
