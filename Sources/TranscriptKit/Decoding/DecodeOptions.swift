/// How to decode a transcript.
public struct DecodeOptions: Sendable, Equatable {
    /// The source format; ``SourceFormat/auto`` detects it from the first keys.
    public var format: SourceFormat
    /// The absolute instant of t = 0 in epoch milliseconds, overriding the source's.
    public var origin: Int64?
    /// Bounds on input size, nesting, tokens and items.
    public var limits: DecodeLimits

    public init(format: SourceFormat = .auto, origin: Int64? = nil, limits: DecodeLimits = DecodeLimits()) {
        self.format = format
        self.origin = origin
        self.limits = limits
    }
}
