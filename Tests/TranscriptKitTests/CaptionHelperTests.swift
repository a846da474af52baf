import Foundation
import Testing
@testable import TranscriptKit

/// Cutting cues on two threads (``Captioner/allowsHelperThread``: a helper cuts blocks of
/// segments ahead, the calling thread imports their drafts, times and writes them) gives the
/// very cues one thread gives. The helper normally starts at 1,024 segments in blocks of 64;
/// here it starts at any size, with blocks as small as one segment, so that the two threads
/// trade blocks all the time.
@Suite("Captions on a helper thread", .timeLimit(.minutes(10)))
struct CaptionHelperTests {
    typealias Streaming = CueStreamingTests

    static func captioner(_ options: CaptionOptions, helper: Bool, blockSegments: Int = 64, minimumSegments: Int = 0) -> Captioner {
        var captioner = Captioner(options: options)
        captioner.allowsHelperThread = helper
        captioner.helperThreadBlockSegments = blockSegments
        captioner.helperThreadMinimumSegments = minimumSegments
        return captioner
    }

    static func cues(_ transcript: Transcript, _ captioner: Captioner, releasingEarly: Bool = true) -> CueList {
        cuesAndStatistics(transcript, captioner, releasingEarly: releasingEarly).cues
    }

    static func cuesAndStatistics(_ transcript: Transcript, _ captioner: Captioner, releasingEarly: Bool = true)
        -> (cues: CueList, statistics: CaptionStreamStatistics) {
        var collector = CueListCollector()
        let statistics = captioner.stream(transcript, into: &collector, releasingEarly: releasingEarly)
        return (collector.cues, statistics)
    }

    @Test(arguments: CaptionPreset.allCases)
    func randomTranscriptsGiveTheSameCues(preset: CaptionPreset) {
        let options = CaptionOptions(preset: preset)
        var imported = 0
        for seed in 1 ... 24 as ClosedRange<UInt64> {
            let transcript = Streaming.transcript(seed: seed, segments: 10 + Int(seed % 5) * 60, shuffled: seed % 3 == 0)
            let one = Self.cues(transcript, Self.captioner(options, helper: false))
            for blockSegments in [1, 3, 64] {
                let two = Self.cuesAndStatistics(transcript, Self.captioner(options, helper: true, blockSegments: blockSegments))
                imported += two.statistics.blocksImported
                let same = one == two.cues // (a Bool: a failing CueList comparison would print both lists whole)
                #expect(same, "seed \(seed), blocks of \(blockSegments)")
            }
            let held = Self.cues(transcript, Self.captioner(options, helper: true, blockSegments: 2), releasingEarly: false)
            let sameHeld = one == held
            #expect(sameHeld, "seed \(seed), held to the end")
        }
        // The helper's blocks were imported, not all cut by the streaming thread itself.
        #expect(imported > 0)
    }

    /// Segments three at a time on the same instant: only the drafts' sequence numbers order
    /// them, so imported drafts must get the numbers one thread would have given.
    @Test(arguments: CaptionPreset.allCases)
    func tiesKeepTheirOrder(preset: CaptionPreset) {
        var segments: [CaptionFixture.Segment] = []
        for i in 0 ..< 600 {
            let start = Int64(i / 3) * 1500
            // Every seventh segment is blank: it makes no draft.
            let text = i % 7 == 3 ? "  \n " : "turn \(i) of the call, said at once"
            segments.append(.init(speaker: i % 3, start: start, end: start + 1400, text: text, words: []))
        }
        let transcript = CaptionFixture.transcript(speakers: ["Ann", "Bob", "Cy"], segments)
        let options = CaptionOptions(preset: preset)
        let one = Self.cues(transcript, Self.captioner(options, helper: false))
        for blockSegments in [1, 2, 5] {
            let two = Self.cues(transcript, Self.captioner(options, helper: true, blockSegments: blockSegments))
            let same = one == two
            #expect(same, "blocks of \(blockSegments)")
        }
    }

    /// Every corpus file, every preset, SRT and WebVTT: the same bytes.
    @Test func corpusFilesWriteTheSameBytes() throws {
        for vendor in ["yeastar", "tencent", "symbl", "dingtalk"] {
            for file in TestSupport.corpusFiles(vendor) {
                guard let transcript = try? Transcript(decoding: TestSupport.bytes(file)) else {
                    #expect(file.lastPathComponent.hasPrefix("error"), "\(file.lastPathComponent) does not decode")
                    continue
                }
                for preset in CaptionPreset.allCases {
                    let options = CaptionOptions(preset: preset)
                    for format in [OutputFormat.srt, .vtt] {
                        let one = try transcript.rendered(format, captioner: Self.captioner(options, helper: false))
                        let two = try transcript.rendered(format, captioner: Self.captioner(options, helper: true, blockSegments: 1))
                        #expect(one == two, "\(file.lastPathComponent) \(preset) \(format)")
                    }
                }
            }
        }
    }

    /// The defaults (1,024 segments, blocks of 64) on transcripts large enough to use them: in
    /// order, the draft tables are compacted while imported drafts wait; shuffled, most drafts
    /// wait to the end.
    @Test func largeTranscriptWithTheDefaults() {
        for shuffled in [false, true] {
            let transcript = Streaming.transcript(seed: 7, segments: 3000, shuffled: shuffled)
            let options = CaptionOptions(preset: .netflix)
            let one = Self.cues(transcript, Self.captioner(options, helper: false))
            let two = Self.cuesAndStatistics(transcript, Captioner(options: options))
            let same = one == two.cues
            #expect(same, "shuffled: \(shuffled)")
            #expect(two.statistics.blocksImported > 0, "\(two.statistics)")
            if !shuffled { #expect(two.statistics.compactions > 0, "\(two.statistics)") }
        }
    }

    /// A helper slowed down: the streaming thread waits for its blocks and captions later ones
    /// ahead of turn meanwhile, which it then imports like the helper's.
    @Test(arguments: [CaptionPreset.netflix, .none])
    func blocksCaptionedAheadWhileWaiting(preset: CaptionPreset) {
        let transcript = Streaming.transcript(seed: 5, segments: 400, shuffled: preset == .none)
        let options = CaptionOptions(preset: preset)
        let one = Self.cues(transcript, Self.captioner(options, helper: false))
        var captioner = Self.captioner(options, helper: true, blockSegments: 4)
        captioner.helperThreadPausePerBlock = 3000
        for releasingEarly in [true, false] {
            let two = Self.cuesAndStatistics(transcript, captioner, releasingEarly: releasingEarly)
            let same = one == two.cues
            #expect(same, "releasing early: \(releasingEarly)")
            #expect(two.statistics.blocksCaptionedAhead > 5, "\(two.statistics)")
            #expect(two.statistics.blocksImported > two.statistics.blocksCaptionedAhead, "\(two.statistics)")
        }
        // A consumer failing half-way while blocks are captioned ahead: nothing hangs.
        var failing = FailingConsumer(limit: 150)
        #expect(throws: Stop.self) { try captioner.stream(transcript, into: &failing) }
    }

    struct Stop: Error {}

    /// Takes `limit` cues, then throws: the writer's sink failing half-way.
    struct FailingConsumer: CueConsumer {
        var taken: [Int64] = []
        let limit: Int
        mutating func consume(_ cue: CueView) throws(Stop) {
            guard taken.count < limit else { throw Stop() }
            taken.append(cue.start)
        }
    }

    /// A consumer that throws half-way stops both threads: the error comes out, nothing hangs,
    /// and the cues taken before it are those one thread hands over.
    @Test func aFailingConsumerStopsTheHelper() {
        let transcript = Streaming.transcript(seed: 11, segments: 1500, shuffled: false)
        for limit in [0, 1, 100, 900] {
            var results: [[Int64]] = []
            for helper in [false, true] {
                var consumer = FailingConsumer(limit: limit)
                let captioner = Self.captioner(CaptionOptions(), helper: helper, blockSegments: 4)
                #expect(throws: Stop.self) { try captioner.stream(transcript, into: &consumer) }
                results.append(consumer.taken)
            }
            #expect(results[0] == results[1], "limit \(limit)")
        }
    }
}
