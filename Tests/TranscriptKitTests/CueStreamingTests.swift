import Testing
@testable import TranscriptKit

/// The captioner hands cues to the writers as soon as they are final. These tests pin that the
/// early release changes nothing (same cues as holding every cue to the end and sorting), and
/// that it really holds only a window.
@Suite struct CueStreamingTests {
    typealias F = CaptionFixture
    typealias Random = CaptionPropertyTests.Random

    static let vocabulary = ["the", "router", "and", "because", "customer", "ticket", "is", "open", "to",
                             "approximately", "please", "check", "<b>&", "café", "😀", "我的", "包裹", "三天"]

    /// Two or three speakers talking over each other (legs interleave and overlap), with word
    /// timing that sometimes starts before its segment, zero-length and very long segments, and
    /// — when `shuffled` — the segments out of time order (a transcript built by hand, unsorted).
    static func transcript(seed: UInt64, segments count: Int, shuffled: Bool) -> Transcript {
        var random = Random(state: seed)
        var segments: [F.Segment] = []
        var clocks: [Int64] = [Int64(random.below(2000)), Int64(random.below(4000)), Int64(random.below(9000))]
        for _ in 0 ..< count {
            let speaker = random.below(3)
            var t = clocks[speaker]
            let wordCount = 1 + random.below(random.below(8) == 0 ? 120 : 25)
            var words: [F.Word] = []
            let firstWord = t
            for _ in 0 ..< wordCount {
                let duration = Int64(80 + random.below(700))
                words.append(.init(start: t, end: t + duration, text: random.pick(vocabulary)))
                t += duration + Int64(random.below(4) == 0 ? random.below(2500) : random.below(60))
            }
            // The segment may claim to start after its first word (words run early) or before it.
            let start = max(0, firstWord + Int64(random.below(3) == 0 ? random.below(3000) : 0) - Int64(random.below(400)))
            let end = random.below(12) == 0 ? start : t
            let text = words.map(\.text).joined(separator: " ")
            segments.append(.init(speaker: speaker, start: start, end: end, text: text,
                                  words: random.below(2) == 0 ? words : []))
            clocks[speaker] = t + Int64(random.below(3000))
        }
        var transcript = F.transcript(speakers: ["Ann", "Bob", "Cy"], segments)
        if shuffled {
            var order = (0 ..< Int32(transcript.segments.count)).map { $0 }
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, random.below(i + 1)) }
            transcript.segments.permute(by: order)
        }
        return transcript
    }

    static func collected(_ transcript: Transcript, _ options: CaptionOptions, releasingEarly: Bool) -> CueList {
        var collector = CueListCollector()
        Captioner(options: options).stream(transcript, into: &collector, releasingEarly: releasingEarly)
        return collector.cues
    }

    @Test(arguments: CaptionPreset.allCases)
    func earlyReleaseGivesTheSameCues(preset: CaptionPreset) {
        var options = CaptionOptions(preset: preset)
        for seed in 1 ... 40 as ClosedRange<UInt64> {
            if seed % 4 == 0 { options.minGap = 120; options.chainGap = 900 }
            let transcript = Self.transcript(seed: seed, segments: 20 + Int(seed % 7) * 30, shuffled: seed % 3 == 0)
            let early = Self.collected(transcript, options, releasingEarly: true)
            let held = Self.collected(transcript, options, releasingEarly: false)
            let same = early == held // (a Bool: a failing CueList comparison would print both lists whole)
            #expect(same, "seed \(seed)")
            F.checkTiming(early, minGap: options.minGap)
        }
    }

    /// Enough text to compact the draft tables many times, with drafts of early-running
    /// segments alive across compactions.
    @Test func compactionKeepsWaitingDrafts() {
        for shuffled in [false, true] {
            let transcript = Self.transcript(seed: 99, segments: 2500, shuffled: shuffled)
            let options = CaptionOptions(preset: .netflix)
            let same = Self.collected(transcript, options, releasingEarly: true)
                == Self.collected(transcript, options, releasingEarly: false)
            #expect(same, "shuffled: \(shuffled)")
        }
    }

    /// The writers stream: their bytes equal writing a whole cue list, for every writer option
    /// that changes per-cue output.
    @Test func writersStreamTheSameBytes() throws {
        let transcript = Self.transcript(seed: 7, segments: 300, shuffled: false)
        let captioner = Captioner()
        let cues = captioner.cues(for: transcript)
        var options = CaptionWriterOptions()
        options.karaoke = true
        options.cueIdentifiers = true
        options.note = true
        options.lineEnding = .crlf
        for writerOptions in [CaptionWriterOptions(), options] {
            var streamed = MemorySink(), whole = MemorySink()
            try SRTWriter(options: writerOptions).write(transcript, captioner: captioner, to: &streamed)
            try SRTWriter(options: writerOptions).write(cues, to: &whole)
            #expect(streamed.bytes == whole.bytes)
            streamed = MemorySink(); whole = MemorySink()
            try WebVTTWriter(options: writerOptions).write(transcript, captioner: captioner, to: &streamed)
            try WebVTTWriter(options: writerOptions).write(cues, to: &whole)
            #expect(streamed.bytes == whole.bytes)
        }
    }

    /// On a transcript in time order, only a few segments' cues are ever waiting and the draft
    /// text tables stay a small fraction of the text — the point of streaming.
    @Test func holdsOnlyAWindow() {
        var segments: [F.Segment] = []
        var t: Int64 = 0
        for k in 0 ..< 13_000 {
            let words = F.words("the customer checked the router and the ticket is open approximately until tomorrow", start: t)
            segments.append(.init(speaker: k % 2, start: t, end: words.last!.end, text: words.map(\.text).joined(separator: " "), words: words))
            t = words.last!.end + 500
        }
        let transcript = F.transcript(segments)
        let textBytes = transcript.segments.text.reduce(0) { $0 + Int($1.count) }
        var collector = CueListCollector()
        let statistics = Captioner().stream(transcript, into: &collector)
        #expect(collector.cues.count > 13_000)
        #expect(statistics.mostPending <= 4 * CaptionWork.releaseBlock, "most pending: \(statistics.mostPending)")
        #expect(statistics.draftTextCapacity * 4 <= textBytes, "draft text \(statistics.draftTextCapacity) B of \(textBytes) B")

        // Holding everything (the old way) is what the check above would catch.
        var all = CueListCollector()
        let holding = Captioner().stream(transcript, into: &all, releasingEarly: false)
        #expect(holding.draftTextCapacity >= textBytes)
    }
}
