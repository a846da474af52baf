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
        var collector = CueListCollector()
        captioner.stream(transcript, into: &collector, releasingEarly: releasingEarly)
        return collector.cues
    }

    @Test(arguments: CaptionPreset.allCases)
    func randomTranscriptsGiveTheSameCues(preset: CaptionPreset) {
        let options = CaptionOptions(preset: preset)
        for seed in 1 ... 24 as ClosedRange<UInt64> {
            let transcript = Streaming.transcript(seed: seed, segments: 10 + Int(seed % 5) * 60, shuffled: seed % 3 == 0)
            let one = Self.cues(transcript, Self.captioner(options, helper: false))
            for blockSegments in [1, 3, 64] {
                let two = Self.cues(transcript, Self.captioner(options, helper: true, blockSegments: blockSegments))
                let same = one == two // (a Bool: a failing CueList comparison would print both lists whole)
                #expect(same, "seed \(seed), blocks of \(blockSegments)")
            }
            let held = Self.cues(transcript, Self.captioner(options, helper: true, blockSegments: 2), releasingEarly: false)
            let sameHeld = one == held
            #expect(sameHeld, "seed \(seed), held to the end")
        }
    }

    /// Segments three at a time on the same instant: only the drafts' sequence numbers order
    /// them, so imported drafts must get the numbers one thread would have given.
    @Test(arguments: CaptionPreset.allCases)
    func tiesKeepTheirOrder(preset: CaptionPreset) {
        var segments: [CaptionFixture.Segment] = []
        for i in 0 ..< 600 {
            let start = Int64(i / 3) * 1500
            segments.append(.init(speaker: i % 3, start: start, end: start + 1400, text: "turn \(i) of the call, said at once", words: []))
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
                guard let transcript = try? Transcript(decoding: TestSupport.bytes(file)) else { continue }
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

    /// The defaults (1,024 segments, blocks of 64) on a transcript large enough to use them,
    /// with enough text to compact the draft tables while imported drafts wait.
    @Test func largeTranscriptWithTheDefaults() {
        let transcript = Streaming.transcript(seed: 7, segments: 3000, shuffled: true)
        let options = CaptionOptions(preset: .netflix)
        let one = Self.cues(transcript, Self.captioner(options, helper: false))
        let two = Self.cues(transcript, Captioner(options: options))
        let same = one == two
        #expect(same)
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
        var collector = CueListCollector()
        let statistics = captioner.stream(transcript, into: &collector)
        let same = one == collector.cues
        #expect(same)
        #expect(statistics.blocksCaptionedAhead > 5, "\(statistics)")
        #expect(statistics.blocksImported > statistics.blocksCaptionedAhead, "\(statistics)")
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
