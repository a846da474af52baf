extension Transcript {
    /// Two transcripts are equal when they say the same thing: same source, origin, speakers,
    /// channels and, segment by segment, the same times, flags, texts and words. Where their
    /// bytes sit in the arena does not matter.
    public static func == (lhs: Transcript, rhs: Transcript) -> Bool {
        guard lhs.source == rhs.source, lhs.origin == rhs.origin,
              lhs.speakers == rhs.speakers, lhs.channels.names == rhs.channels.names,
              lhs.segments.count == rhs.segments.count
        else { return false }
        let a = lhs.segments, b = rhs.segments
        for i in 0 ..< a.count {
            guard a.start[i] == b.start[i], a.end[i] == b.end[i], a.speaker[i] == b.speaker[i],
                  a.channel[i] == b.channel[i], a.group[i] == b.group[i],
                  a.flags[i].subtracting(.endNeedsCheck) == b.flags[i].subtracting(.endNeedsCheck),
                  sameText(lhs, a.text[i], rhs, b.text[i]),
                  sameText(lhs, a.sourceID[i], rhs, b.sourceID[i]),
                  sameText(lhs, a.translation[i], rhs, b.translation[i]),
                  a.words[i].count == b.words[i].count
            else { return false }
            for (wa, wb) in zip(a.words[i].indices, b.words[i].indices) {
                guard lhs.words.start[wa] == rhs.words.start[wb], lhs.words.end[wa] == rhs.words.end[wb],
                      sameText(lhs, lhs.words.text[wa], rhs, rhs.words.text[wb])
                else { return false }
            }
        }
        return true
    }

    private static func sameText(_ l: Transcript, _ a: TextRange, _ r: Transcript, _ b: TextRange) -> Bool {
        guard a.count == b.count else { return false }
        return l.text.withBytes(a) { x in r.text.withBytes(b) { y in x.elementsEqual(y) } }
    }
}
