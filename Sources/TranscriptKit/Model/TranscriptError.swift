/// Why decoding or writing a transcript failed, and where.
///
/// Every failure TranscriptKit reports is one of these: the ``Kind`` says what went wrong,
/// ``byteOffset`` and ``path`` say where in the input (e.g. `data.leg_2.context[7].timestamp`),
/// and ``message`` says it in a short sentence.
public struct TranscriptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The input is not well-formed JSON.
        case syntax
        /// The input is JSON, but no transcript format TranscriptKit knows.
        case notATranscript = "not-a-transcript"
        /// A value has the wrong JSON type for its place.
        case wrongType = "wrong-type"
        /// A required field is missing.
        case missingField = "missing-field"
        /// A value is of the right type but outside the range it may take (e.g. a time overflowing Int64 ms).
        case valueOutOfRange = "value-out-of-range"
        /// A configured limit (nesting depth, input size, string size, item count) was exceeded.
        case limitExceeded = "limit-exceeded"
        /// The vendor's response is an error body (e.g. Yeastar `errcode != 0`).
        case vendorError = "vendor-error"
        /// Text is not valid UTF-8 and repair was turned off.
        case invalidUTF8 = "invalid-utf8"
        /// Reading or writing a file or stream failed.
        case io
        /// The caller used the API wrongly (e.g. fed bytes after finishing).
        case usage
    }

    /// The class of failure.
    public var kind: Kind
    /// Offset in the input (counted across all chunks of the document) just after the token
    /// where the failure was found; `nil` when the failure is not tied to input bytes.
    public var byteOffset: Int?
    /// The JSON path of the value at fault, e.g. `data.leg_2.context[7].timestamp`; empty at the root.
    public var path: String
    /// A short human sentence.
    public var message: String
    /// The vendor's own error code, for ``Kind/vendorError``.
    public var vendorCode: String?

    public init(_ kind: Kind, _ message: String, byteOffset: Int? = nil, path: String = "", vendorCode: String? = nil) {
        self.kind = kind
        self.message = message
        self.byteOffset = byteOffset
        self.path = path
        self.vendorCode = vendorCode
    }

    /// One line: `kind at byte N, path: message`. Control characters and line separators that
    /// came from the input (in a key, a quoted value) are shown escaped, so the line stays one line.
    public var description: String {
        var line = kind.rawValue
        if let byteOffset { line += " at byte \(byteOffset)" }
        if !path.isEmpty { line += ", " + Self.oneLine(path) }
        line += ": " + Self.oneLine(message)
        return line
    }

    /// `text` with C0/C1 controls, DEL and U+2028/U+2029 escaped as `\n`, `\t` or `\u{…}`.
    static func oneLine(_ text: String) -> String {
        func isBreaking(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || (0x7F ... 0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
        }
        guard text.unicodeScalars.contains(where: isBreaking) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isBreaking(scalar) else { out.append(scalar); continue }
            let escaped: String
            switch scalar {
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            default: escaped = "\\u{\(String(scalar.value, radix: 16))}"
            }
            out.append(contentsOf: escaped.unicodeScalars)
        }
        return String(out)
    }
}
