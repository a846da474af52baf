/// Typed readers for field values, shared by the vendor decoders. Each throws an error naming
/// the field when the JSON type or the value does not fit.
enum FieldParsing {
    /// A number (or a string holding one) times `scale`, as exact integer milliseconds.
    static func milliseconds(number raw: UnsafeRawBufferPointer, scale: Int64, field: StaticString) throws(TranscriptError) -> Int64 {
        guard let value = TimeParsing.parseDecimalMilliseconds(raw, scale: scale) else {
            throw TranscriptError(.valueOutOfRange, "`\(field)` = \(String(decoding: raw.prefix(40), as: UTF8.self)) is out of range")
        }
        return value
    }

    /// A numeric string (some APIs quote their numbers) times `scale`.
    static func milliseconds(string raw: UnsafeRawBufferPointer, scale: Int64, field: StaticString) throws(TranscriptError) -> Int64 {
        guard let value = TimeParsing.parseDecimalMilliseconds(raw, scale: scale) else {
            throw TranscriptError(.wrongType, "`\(field)` should be a number, not the string \"\(printable(raw))\"")
        }
        return value
    }

    /// An integer (or a string holding one).
    static func integer(_ raw: UnsafeRawBufferPointer, field: StaticString) throws(TranscriptError) -> Int64 {
        guard let value = TimeParsing.parseInteger(raw) else {
            throw TranscriptError(.valueOutOfRange, "`\(field)` = \(printable(raw)) is not an integer in range")
        }
        return value
    }

    /// The error for a value of the wrong JSON type.
    static func wrongType(_ field: StaticString, expected: String, got: String) -> TranscriptError {
        TranscriptError(.wrongType, "`\(field)` should be \(expected), not \(got)")
    }

    /// A short, valid-UTF-8 rendering of input bytes for messages.
    static func printable(_ raw: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        UTF8Repair.append(UnsafeRawBufferPointer(rebasing: raw.prefix(40)), to: &out)
        return String(decoding: out, as: UTF8.self) + (raw.count > 40 ? "…" : "")
    }
}
