/// Every format TranscriptKit decodes. A new vendor adds its decoder here (one line) and its file.
enum VendorRegistry {
    // Immutable, and metatypes carry no state: safe to share, though Swift cannot prove it.
    nonisolated(unsafe) static let decoders: [any VendorDecoder.Type] = [
        YeastarDecoder.self,
        CanonicalJSONDecoder.self,
        DingTalkDecoder.self,
        SymblDecoder.self,
        TencentDecoder.self,
    ]

    static func decoder(for format: SourceFormat) -> (any VendorDecoder.Type)? {
        decoders.first { $0.format == format }
    }
}
