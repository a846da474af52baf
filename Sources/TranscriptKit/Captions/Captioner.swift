/// Turns segments into cues.
///
/// This version makes one cue per segment: text with every whitespace run folded to one space
/// (so a source's blank lines never end a cue early) and trimmed; control characters dropped;
/// a segment with no text left makes no cue; an end not after the start becomes start + 1 ms.
public struct Captioner: Sendable {
    public init() {}

    /// The cues for `transcript`.
    public func cues(for transcript: Transcript) -> CueList {
        var cues = CueList()
        cues.speakers = (0 ..< transcript.speakers.count).map { transcript.speakers.displayName(Int32($0)) }
        var line: [UInt8] = []
        let s = transcript.segments
        for i in 0 ..< s.count {
            line.removeAll(keepingCapacity: true)
            transcript.text.withBytes(s.text[i]) { Self.foldWhitespace($0, into: &line) }
            if line.isEmpty { continue }
            let range = line.withUnsafeBytes { cues.text.appendTrusted($0) }
            cues.append(start: s.start[i], end: max(s.end[i], s.start[i] + 1), speaker: s.speaker[i], text: range)
        }
        return cues
    }

    /// Appends `text` with whitespace runs folded to one space, trimmed, C0/C1 controls dropped.
    static func foldWhitespace(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var pendingSpace = false
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B {
                pendingSpace = !out.isEmpty
                i += 1
                continue
            }
            if b < 0x20 || b == 0x7F { i += 1; continue }
            // U+0085 (NEL), U+2028 and U+2029 end lines in some readers: treat them as spaces.
            if b == 0xC2, i + 1 < n, text[i + 1] == 0x85 { pendingSpace = !out.isEmpty; i += 2; continue }
            if b == 0xC2, i + 1 < n, text[i + 1] >= 0x80, text[i + 1] <= 0x9F { i += 2; continue }
            if b == 0xE2, i + 2 < n, text[i + 1] == 0x80, text[i + 2] == 0xA8 || text[i + 2] == 0xA9 {
                pendingSpace = !out.isEmpty; i += 3; continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b)
            i += 1
        }
    }
}
