/// String-level access to the time parsers, for callers outside the hot path (CLI options, tests).
public enum TimeText {
    /// Epoch milliseconds of an ISO-8601 timestamp, or `nil` when it is not one.
    public static func parseISO8601(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { TimeParsing.parseISO8601Milliseconds(UnsafeRawBufferPointer($0)) }
    }

    /// `2026-05-13T14:29:41.785Z` for epoch milliseconds.
    public static func formatISO8601(_ milliseconds: Int64) -> String {
        TimeParsing.formatISO8601(milliseconds: milliseconds)
    }
}
