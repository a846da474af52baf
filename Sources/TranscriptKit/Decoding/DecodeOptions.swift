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

    public init(
        format: SourceFormat = .auto, origin: Int64? = nil, limits: DecodeLimits = DecodeLimits(),
        rejectsInvalidUTF8: Bool = false
    ) {
        self.format = format
        self.origin = origin
        self.limits = limits
        self.rejectsInvalidUTF8 = rejectsInvalidUTF8
    }
}
