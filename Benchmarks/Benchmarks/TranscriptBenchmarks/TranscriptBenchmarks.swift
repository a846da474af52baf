import Benchmark
import BenchKit
import Foundation
import TranscriptKit
import YajlBaseline

// One Yeastar page of `TRANSCRIPT_BENCH_ITEMS` records (default 10 000), generated on first use.
// Every benchmark iteration processes that whole page, so mallocCountTotal is "mallocs per page".
// CI (`scripts/bench.sh --ci`) checks mallocCountTotal against Benchmarks/Thresholds; wall-clock
// metrics are reported, never checked (this machine is shared and noisy).
// Names use no spaces or slashes: package-benchmark 1.38.1 writes threshold files with those
// replaced by `_` but reads them back by the raw name, so such a benchmark is never checked.

let benchmarks: @Sendable () -> Void = {
    let items = Int(ProcessInfo.processInfo.environment["TRANSCRIPT_BENCH_ITEMS"] ?? "") ?? 10_000
    let yeastar: [UInt8]
    let transcript: Transcript
    let canonical: [UInt8]
    let shuffled: Transcript
    let cues: CueList
    do {
        yeastar = try BenchCorpus.load(vendor: "yeastar", items: items)
        transcript = try Pipelines.decode(yeastar, format: .yeastar)
        canonical = try Pipelines.canonicalJSON(transcript)
        shuffled = Pipelines.shuffled(transcript)
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

    Benchmark("yajl_noop_parse") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Pipelines.yajlNoOp(yeastar)) }
    }
    Benchmark("decode_yeastar_explicit") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.decode(yeastar, format: .yeastar)) }
    }
    Benchmark("decode_yeastar_autodetect") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.decode(yeastar, format: .auto)) }
    }
    // Canonical JSON needs the ISO-8601 time parser; until it reads its own output, leave it out.
    if (try? Pipelines.decode(canonical, format: .json)) != nil {
        Benchmark("yajl_noop_parse_canonical_json") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(Pipelines.yajlNoOp(canonical)) }
        }
        Benchmark("decode_canonical_json") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try Pipelines.decode(canonical, format: .json)) }
        }
    }
    Benchmark("normalizer_sort_shuffled") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.normalize(shuffled)) }
    }
    Benchmark("captioner") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Captioner().cues(for: transcript)) }
    }
    Benchmark("write_srt") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.srt(cues)) }
    }
    Benchmark("write_webvtt") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.webVTT(cues)) }
    }
    Benchmark("write_canonical_json") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.canonicalJSON(transcript)) }
    }
    Benchmark("json_to_srt_in_memory") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Pipelines.jsonToSRT(yeastar, format: .yeastar)) }
    }
    Benchmark("baseline_foundation_jsondecoder_codable_srt") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try FoundationBaseline.yeastarToSRT(yeastarData)) }
    }
    for style in DispatchStyle.allCases {
        Benchmark("dispatch_\(style.benchmarkName)") { benchmark in
            for _ in benchmark.scaledIterations {
                let handler = CountingProbeHandler()
                blackHole(yeastar.withUnsafeBytes { style.parse($0, handler: handler) })
                blackHole(handler.events)
            }
        }
    }
}
