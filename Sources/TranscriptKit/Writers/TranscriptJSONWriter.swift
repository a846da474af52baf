/// Writes TranscriptKit's canonical JSON, `"schema":"transcript/1"` (see `Schema/transcript-1.schema.json`).
///
/// One speaker and one segment per line, so that files diff well and stay readable; keys in a
/// fixed order; optional keys (`id`, `channel`, `words`, ...) omitted when the source has none.
/// ``Transcript/init(decoding:options:)`` reads it back to an equal transcript.
public struct TranscriptJSONWriter: Sendable {
    public init() {}

    /// Writes `transcript` to `sink`.
    public func write<Sink: ByteSink>(_ t: Transcript, to sink: inout Sink) throws(TranscriptError) {
        var out = OutputBuffer(sink: sink)
        out.append("{\"schema\":\"transcript/1\",\"source\":")
        Self.appendString(t.source, to: &out)
        out.append(",\"origin\":")
        if let origin = t.origin {
            out.append(UInt8(ascii: "\""))
            TimeParsing.formatISO8601(milliseconds: origin, into: &out.bytes)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append("null")
        }
        if t.channels.count > 0 {
            out.append(",\n\"channels\":[")
            for (i, name) in t.channels.names.enumerated() {
                if i > 0 { out.append(",") }
                Self.appendString(name, to: &out)
            }
            out.append("]")
        }
        out.append(",\n\"speakers\":[")
        for i in 0 ..< t.speakers.count {
            out.append(i == 0 ? "\n{\"id\":" : ",\n{\"id\":")
            Self.appendString(t.speakers.ids[i], to: &out)
            out.append(",\"name\":")
            Self.appendString(t.speakers.names[i], to: &out)
            out.append("}")
        }
        out.append("],\n\"segments\":[")
        let s = t.segments
        for i in 0 ..< s.count {
            out.append(i == 0 ? "\n{" : ",\n{")
            if !s.sourceID[i].isEmpty {
                out.append("\"id\":")
                Self.appendString(s.sourceID[i], in: t.text, to: &out)
                out.append(",")
            }
            out.append("\"speaker\":")
            if s.speaker[i] >= 0 { out.appendInteger(Int64(s.speaker[i])) } else { out.append("null") }
            if s.channel[i] >= 0 {
                out.append(",\"channel\":")
                Self.appendString(t.channels.names[Int(s.channel[i])], to: &out)
            }
            out.append(",\"start\":")
            out.appendInteger(s.start[i])
            out.append(",\"end\":")
            out.appendInteger(s.end[i])
            out.append(",\"text\":")
            Self.appendString(s.text[i], in: t.text, to: &out)
            if !s.translation[i].isEmpty {
                out.append(",\"translation\":")
                Self.appendString(s.translation[i], in: t.text, to: &out)
            }
            if s.group[i] >= 0 {
                out.append(",\"group\":")
                out.appendInteger(Int64(s.group[i]))
            }
            if s.sequence[i] != 0 {
                out.append(",\"sequence\":")
                out.appendInteger(s.sequence[i])
            }
            let flags = s.flags[i]
            if flags.contains(.inferredEnd) { out.append(",\"inferredEnd\":true") }
            if flags.contains(.repairedEnd) { out.append(",\"repairedEnd\":true") }
            if flags.contains(.partial) { out.append(",\"partial\":true") }
            let words = s.words[i]
            if words.count > 0 {
                out.append(",\"words\":[")
                for w in words.indices {
                    out.append(w == words.indices.lowerBound ? "{\"start\":" : ",{\"start\":")
                    out.appendInteger(t.words.start[w])
                    out.append(",\"end\":")
                    out.appendInteger(t.words.end[w])
                    out.append(",\"text\":")
                    Self.appendString(t.words.text[w], in: t.text, to: &out)
                    out.append("}")
                }
                out.append("]")
            }
            out.append("}")
            try out.flushIfNeeded()
        }
        out.append("\n]}\n")
        try out.flush()
        sink = out.sink
    }

    static func appendString<S>(_ string: String, to out: inout OutputBuffer<S>) {
        var string = string
        string.withUTF8 { appendEscaped(UnsafeRawBufferPointer($0), to: &out.bytes) }
    }

    static func appendString<S>(_ range: TextRange, in arena: TextArena, to out: inout OutputBuffer<S>) {
        arena.withBytes(range) { appendEscaped($0, to: &out.bytes) }
    }

    /// A JSON string literal: `"` `\` and control characters escaped, UTF-8 kept as is.
    static func appendEscaped(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        let hex: StaticString = "0123456789abcdef"
        for (i, byte) in text.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart ..< i]))
            runStart = i + 1
            switch byte {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            default:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                out.append(hex.utf8Start[Int(byte >> 4)])
                out.append(hex.utf8Start[Int(byte & 0xF)])
            }
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart...]))
        out.append(UInt8(ascii: "\""))
    }
}
