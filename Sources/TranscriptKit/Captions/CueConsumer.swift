/// One finished cue as the captioner hands it over: times, speaker, text and timed words.
///
/// Unsafe: the buffers point into the captioner's scratch storage and are valid only during the
/// ``CueConsumer/consume(_:)`` call that receives them; a consumer that keeps a cue copies it.
struct CueView {
    /// Start and end, ms from t = 0; `end > start`.
    var start: Int64
    var end: Int64
    /// Index into the transcript's speakers, or -1.
    var speaker: Int32
    /// Valid UTF-8, lines separated by `\n` (see ``CueList/textRange``).
    var text: UnsafeRawBufferPointer
    /// The cue's timed words (empty when it has none): when each starts, and where its text is
    /// inside ``text`` (byte offset and length).
    var wordStart: UnsafeBufferPointer<Int64>
    var wordOffset: UnsafeBufferPointer<UInt32>
    var wordLength: UnsafeBufferPointer<UInt32>
}

/// What receives cues from ``Captioner``, one at a time and in order: a writer formatting them
/// straight to its sink, or ``CueListCollector`` keeping them all.
///
/// Streaming cues into the writer is what keeps SRT and WebVTT output from holding a second copy
/// of the whole transcript's text (a 1M-item page peaked at 1.7× its file size with a full
/// ``CueList`` in between).
protocol CueConsumer: ~Copyable {
    associatedtype Failure: Error
    mutating func consume(_ cue: CueView) throws(Failure)
}

/// Keeps every cue it is given in a ``CueList``.
struct CueListCollector: CueConsumer {
    var cues = CueList()

    mutating func consume(_ cue: CueView) {
        let range = cues.text.appendTrusted(cue.text)
        let firstWord = cues.wordStart.count
        cues.wordStart.append(contentsOf: cue.wordStart)
        cues.wordOffset.append(contentsOf: cue.wordOffset)
        cues.wordLength.append(contentsOf: cue.wordLength)
        cues.append(start: cue.start, end: cue.end, speaker: cue.speaker, text: range,
                    words: WordRange(start: UInt32(firstWord), count: UInt32(cue.wordStart.count)))
    }
}

extension CueList {
    /// Hands every cue to `consumer`, in order.
    func forEachCue<Consumer: CueConsumer & ~Copyable>(into consumer: inout Consumer) throws(Consumer.Failure) {
        try text.bytes.withUnsafeBufferPointer { (allText) throws(Consumer.Failure) in
            try wordStart.withUnsafeBufferPointer { (wordStart) throws(Consumer.Failure) in
                try wordOffset.withUnsafeBufferPointer { (wordOffset) throws(Consumer.Failure) in
                    try wordLength.withUnsafeBufferPointer { (wordLength) throws(Consumer.Failure) in
                        for i in 0 ..< count {
                            let words = self.words[i].indices
                            let range = textRange[i]
                            let textStart = Int(range.start)
                            try consumer.consume(CueView(
                                start: start[i], end: end[i], speaker: speaker[i],
                                text: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: allText[textStart ..< textStart + Int(range.count)])),
                                wordStart: UnsafeBufferPointer(rebasing: wordStart[words]),
                                wordOffset: UnsafeBufferPointer(rebasing: wordOffset[words]),
                                wordLength: UnsafeBufferPointer(rebasing: wordLength[words])))
                        }
                    }
                }
            }
        }
    }
}
