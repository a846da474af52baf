/// Receives the events of a JSON text from ``JSONStreamParser``, in document order.
///
/// Byte buffers passed in are valid only during the call (yajl reuses them) and are not
/// NUL-terminated. Strings arrive unescaped but not yet UTF-8-repaired; numbers arrive as their
/// raw JSON text, so they can be parsed exactly (see ``TimeParsing``).
///
/// Handlers decide what to look at: returning `false` from ``startObject()``,
/// ``startArray()`` or ``key(_:)`` makes the parser skip that container (including its end
/// event) or that key's value, without calling the handler for anything inside.
///
/// Errors thrown here carry only a kind and a message; the parser adds the byte offset and the
/// JSON path.
protocol JSONEventHandler: AnyObject {
    /// `{` — return `false` to skip the object's contents and its `}`.
    func startObject() throws(TranscriptError) -> Bool
    /// An object key — return `false` to skip its value.
    func key(_ key: UnsafeRawBufferPointer) throws(TranscriptError) -> Bool
    /// `}`
    func endObject() throws(TranscriptError)
    /// `[` — return `false` to skip the array's contents and its `]`.
    func startArray() throws(TranscriptError) -> Bool
    /// `]`
    func endArray() throws(TranscriptError)
    /// A string value, unescaped.
    func string(_ value: UnsafeRawBufferPointer) throws(TranscriptError)
    /// A number, as its raw JSON text.
    func number(_ raw: UnsafeRawBufferPointer) throws(TranscriptError)
    /// `true` or `false`.
    func bool(_ value: Bool) throws(TranscriptError)
    /// `null`.
    func null() throws(TranscriptError)
    /// Whether a second (third, ...) top-level value may follow the first, as in JSON Lines.
    /// Called when one begins; `false` makes it a syntax error.
    func acceptsAnotherTopLevelValue() -> Bool
}

extension JSONEventHandler {
    func acceptsAnotherTopLevelValue() -> Bool { false }
}
