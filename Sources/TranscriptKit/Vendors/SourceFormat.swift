/// A transcript format TranscriptKit reads: a vendor's API response or TranscriptKit's own JSON.
///
/// Formats are open-ended (more vendors will follow), so this is a string-backed struct rather
/// than an enum; each vendor's file adds its constant.
public struct SourceFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Detect the format from the input's first keys.
    public static let auto = SourceFormat("auto")

    /// Every format that can be named explicitly (not `auto`).
    public static var known: [SourceFormat] { VendorRegistry.decoders.map { $0.format } }

    public var description: String { rawValue }
}
