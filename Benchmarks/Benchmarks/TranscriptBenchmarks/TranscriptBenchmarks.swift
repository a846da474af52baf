import Benchmark
import BenchKit
import Foundation
import TranscriptKit
import YajlBaseline

// One Yeastar page of `TRANSCRIPT_BENCH_ITEMS` records (default 10 000), generated on first use.
// Every benchmark iteration processes that whole page, so mallocCountTotal is "mallocs per page".
// CI (`scripts/bench.sh --ci`) checks mallocCountTotal against Benchmarks/Thresholds; wall-clock
// metrics are reported, never checked (this machine is shared and noisy).

let benchmarks: @Sendable () -> Void = {
    let items = Int(ProcessInfo.processInfo.environment["TRANSCRIPT_BENCH_ITEMS"] ?? "") ?? 10_000
    let yeastar: [UInt8]
    let transcript: Transcript
    let canonical: [UInt8]
    let regrouped: Transcript
    let cues: CueList
    do {
        yeastar = try BenchCorpus.load(vendor: "yeastar", items: items)
        transcript = try Pipelines.decode(yeastar, format: .yeastar)
        canonical = try Pipelines.canonicalJSON(transcript)
        regrouped = Pipelines.regrouped(transcript)
        cues = Captioner().cues(for: transcript)
    } catch {
        fatalError("benchmark setup failed: \(error)")
    }
    let yeastarData = Data(yeastar)

    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(2),
        maxIterations: 50,
        // Our allocation counts are deterministic; the harness adds a few of its own (±4-8 per
        // iteration seen), so allow that much and flag anything more as a regression.
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0], absolute: [.p90: 16])]
    )

    Benchmark("yajl no-op parse") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Pipelines.yajlNoOp(yeastar)) }
    }
    Benchmark("decode yeastar (--from yeastar)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.decode(yeastar, format: .yeastar)) }
    }
    Benchmark("decode yeastar (auto-detected)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.decode(yeastar, format: .auto)) }
    }
    // Canonical JSON needs the ISO-8601 time parser; until it reads its own output, leave it out.
    if (try? Pipelines.decode(canonical, format: .json)) != nil {
        Benchmark("yajl no-op parse (canonical JSON)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(Pipelines.yajlNoOp(canonical)) }
        }
        Benchmark("decode canonical JSON") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try Pipelines.decode(canonical, format: .json)) }
        }
    }
    Benchmark("sort/merge legs (Normalizer)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.normalize(regrouped)) }
    }
    Benchmark("captioner") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Captioner().cues(for: transcript)) }
    }
    Benchmark("write SRT") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.srt(cues)) }
    }
    Benchmark("write WebVTT") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.webVTT(cues)) }
    }
    Benchmark("write canonical JSON") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.canonicalJSON(transcript)) }
    }
    Benchmark("JSON to SRT in memory (decode+sort+caption+write)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.jsonToSRT(yeastar, format: .yeastar)) }
    }
    Benchmark("baseline: Foundation JSONDecoder+Codable+sort+SRT") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try FoundationBaseline.yeastarToSRT(yeastarData)) }
    }
    for style in DispatchStyle.allCases {
        Benchmark("dispatch: \(style.rawValue)") { benchmark in
            for _ in benchmark.scaledIterations {
                let handler = CountingProbeHandler()
                blackHole(yeastar.withUnsafeBytes { style.parse($0, handler: handler) })
                blackHole(handler.events)
            }
        }
    }
}
