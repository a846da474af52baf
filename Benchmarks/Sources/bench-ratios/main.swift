// Side-by-side ratios, measured in one run on the same bytes.
//
// The machine this runs on is shared and its wall clock moves 15-30 % from run to run, so
// nothing here is judged by absolute time: every pipeline is run in interleaved rounds, the best
// time of each is kept, and only ratios between pipelines measured in the same run are checked.
//
//   bench-ratios [--items N] [--curve 1000,10000,100000,1000000] [--rounds R] [--cli PATH] [--ci]
//   bench-ratios --foundation-convert IN OUT     (the Foundation baseline as a process)

import BenchKit
import CYajlBench
import Foundation
import TranscriptKit
import YajlBaseline
#if canImport(Glibc)
import Glibc
#endif

// MARK: Arguments

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--foundation-convert", arguments.count == 3 {
    do { try FoundationBaseline.convertFile(arguments[1], arguments[2]); exit(0) } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8)); exit(1)
    }
}

// Single pipelines, for profiling under `valgrind --tool=callgrind`:
//   bench-ratios --profile decode-yeastar|decode-yeastar-one-thread|decode-auto|json-to-srt|yajl-noop|dispatch-struct|dispatch-class|dispatch-concrete|minimal-decode FILE
if arguments.first == "--profile", arguments.count == 3 {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: arguments[2])))
    switch arguments[1] {
    case "decode-yeastar": _ = try Pipelines.decode(bytes, format: .yeastar)
    case "decode-yeastar-one-thread": _ = try Pipelines.decode(bytes, format: .yeastar, helperThread: false)
    case "decode-auto": _ = try Pipelines.decode(bytes, format: .auto)
    case "json-to-srt": _ = try Pipelines.jsonToSRT(bytes, format: .yeastar)
    case "yajl-noop": _ = Pipelines.yajlNoOp(bytes)
    case "dispatch-struct": _ = bytes.withUnsafeBytes { DispatchStyle.structViaRawPointer.parse($0, handler: CountingProbeHandler()) }
    case "dispatch-class": _ = bytes.withUnsafeBytes { DispatchStyle.classViaUnmanaged.parse($0, handler: CountingProbeHandler()) }
    case "dispatch-concrete": _ = bytes.withUnsafeBytes { ConcreteDispatchProbe.parse($0) }
    case "minimal-decode": _ = bytes.withUnsafeBytes { MinimalYeastarProbe.parse($0) }
    default: FileHandle.standardError.write(Data("unknown pipeline \(arguments[1])\n".utf8)); exit(2)
    }
    exit(0)
}

// Best and median wall clock of single pipelines in one process, alternating, for quick A/B:
//   bench-ratios --time MODE[,MODE...] FILE [ROUNDS]   (modes as for --profile, and the caption stages
//   of the page decoded once: stage-default, stage-default-one-thread, stage-none, stage-none-one-thread;
//   and decode-file, FILE read by `TranscriptDecoder.decode(contentsOf:)` in chunks, as the CLI does)
if arguments.first == "--time", arguments.count >= 3 {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: arguments[2])))
    let modes = arguments[1].split(separator: ",").map(String.init)
    // The caption stages start from the page decoded once, outside the timing.
    let stagePage = modes.contains { $0.hasPrefix("stage-") } ? try Pipelines.decode(bytes, format: .yeastar) : Transcript(source: "none")
    let rounds = arguments.count > 3 ? Int(arguments[3]) ?? 15 : 15
    var times = [String: [Double]]()
    for _ in 0 ..< rounds {
        for mode in modes {
            var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t)
            let start = Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
            switch mode {
            case "decode-yeastar": _ = try Pipelines.decode(bytes, format: .yeastar)
            case "decode-yeastar-one-thread": _ = try Pipelines.decode(bytes, format: .yeastar, helperThread: false)
            case "decode-auto": _ = try Pipelines.decode(bytes, format: .auto)
            case "json-to-srt": _ = try Pipelines.jsonToSRT(bytes, format: .yeastar)
            case "yajl-noop": _ = Pipelines.yajlNoOp(bytes)
            case "minimal-decode": _ = bytes.withUnsafeBytes { MinimalYeastarProbe.parse($0) }
            case "decode-file": _ = try Transcript(contentsOf: arguments[2], options: DecodeOptions(format: .yeastar))
            case "stage-default": _ = try Pipelines.captionsToSRT(stagePage, preset: .netflix)
            case "stage-default-one-thread": _ = try Pipelines.captionsToSRT(stagePage, preset: .netflix, helperThread: false)
            case "stage-none": _ = try Pipelines.captionsToSRT(stagePage, preset: .none)
            case "stage-none-one-thread": _ = try Pipelines.captionsToSRT(stagePage, preset: .none, helperThread: false)
            default: FileHandle.standardError.write(Data("unknown pipeline \(mode)\n".utf8)); exit(2)
            }
            clock_gettime(CLOCK_MONOTONIC, &t)
            times[mode, default: []].append(Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 - start)
        }
    }
    for mode in modes {
        let sorted = times[mode]!.sorted()
        print(mode, String(format: "best %.2f ms, median %.2f ms", sorted[0] * 1000, sorted[sorted.count / 2] * 1000))
    }
    exit(0)
}

@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let ciMode = arguments.contains("--ci")
let mainItems = Int(option("--items") ?? "") ?? (ciMode ? 10_000 : 100_000)
let curveSizes = (option("--curve") ?? (ciMode ? "1000,10000,50000" : "1000,10000,100000,1000000"))
    .split(separator: ",").compactMap { Int($0) }
let rounds = Int(option("--rounds") ?? "") ?? (ciMode ? 3 : 5)
let cliPath = option("--cli") ?? BenchCorpus.repositoryRoot + "/.build/release/transcript"
let python = option("--python") ?? "python3"
let pythonScript = BenchCorpus.repositoryRoot + "/Benchmarks/baselines/yeastar_to_srt.py"
let selfPath = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
let scratch = NSTemporaryDirectory() + "transcriptkit-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

// MARK: Timing

@inline(never) func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Seconds for one call of `body`, repeated until at least `minimum` seconds have passed (so that
/// small inputs are not timed below the clock's noise), divided by the repetitions.
func time(minimum: Double = 0.05, _ body: () throws -> Void) rethrows -> Double {
    var repetitions = 0
    let start = now()
    var elapsed = 0.0
    repeat {
        try body()
        repetitions += 1
        elapsed = now() - start
    } while elapsed < minimum
    return elapsed / Double(repetitions)
}

struct ProcessRun { var seconds: Double; var maxRSS: Int }

/// Runs a whole process (file to file) and returns its wall time and peak resident memory.
func runProcess(_ argv: [String]) throws -> ProcessRun {
    var pid: pid_t = 0
    let cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let start = now()
    let spawned = posix_spawnp(&pid, argv[0], &actions, nil, cArguments, environ)
    guard spawned == 0 else { throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw BenchError("wait4 failed for \(argv[0])") }
    }
    let seconds = now() - start
    guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
        throw BenchError("\(argv.joined(separator: " ")) failed (status \(status))")
    }
    return ProcessRun(seconds: seconds, maxRSS: usage.ru_maxrss * 1024)
}

/// Peak resident memory of a whole process, in bytes.
///
/// Not from `wait4` on a child of this process: Linux counts the memory a child had before
/// `exec` (a share of this large process) in its peak. A small go-between that forks the command
/// itself (GNU time, else a few lines of Python) reports only the command's own peak.
func peakRSS(_ argv: [String]) throws -> Int {
    let report = scratch + "/rss.txt"
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
        _ = try runProcess(["/usr/bin/time", "-f", "%M", "-o", report] + argv)
    } else {
        let wrapper = "import os,sys\npid=os.fork()\nif pid==0:\n    os.execvp(sys.argv[2],sys.argv[2:])\n"
            + "_,status,usage=os.wait4(pid,0)\nopen(sys.argv[1],'w').write(str(usage.ru_maxrss))\nsys.exit(1 if status else 0)\n"
        _ = try runProcess([python, "-c", wrapper, report] + argv)
    }
    let text = try String(contentsOfFile: report, encoding: .utf8)
    guard let kilobytes = Int(text.split(separator: "\n").last(where: { !$0.isEmpty }) ?? "") else {
        throw BenchError("cannot read the peak memory of \(argv[0]): \(text)")
    }
    return kilobytes * 1024
}

// MARK: Pipelines

struct Pipeline {
    enum Kind { case inMemory, process }
    var name: String
    var kind: Kind
    var bytes: Int
    var items: Int
    var run: () throws -> ProcessRun
    var best = Double.infinity
    var maxRSS = 0
    var argv: [String] = []
    /// The yajl no-op row on the same bytes, for the "× yajl no-op" column.
    var limitName = "yajl no-op parse"
    /// Per round: the limit's throughput, timed just before this pipeline, ÷ this pipeline's.
    var paired: [Double] = []

    /// The median of ``paired``: the "× yajl no-op" ratio. Each round's two timings are taken
    /// back to back, so a slow spell of this shared machine slows both; the best times of two
    /// pipelines can come from different spells (a run here had the concrete dispatch probe,
    /// which does strictly less than the floor probe, at 0.64× and the floor at 0.58×).
    var pairedRatio: Double {
        guard !paired.isEmpty else { return 1 }
        let sorted = paired.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

let mainPath = try BenchCorpus.path(vendor: "yeastar", items: mainItems)
let yeastar = try BenchCorpus.load(vendor: "yeastar", items: mainItems)
let decoded = try Pipelines.decode(yeastar, format: .yeastar)
let items = decoded.segments.count
let canonical = try Pipelines.canonicalJSON(decoded)
let canonicalPath = scratch + "/canonical.json"
try Data(canonical).write(to: URL(fileURLWithPath: canonicalPath))
let yeastarData = Data(yeastar)
let srtOut = scratch + "/out.srt"

@MainActor func inMemory(_ name: String, bytes: Int, _ body: @escaping () throws -> Void) -> Pipeline {
    Pipeline(name: name, kind: .inMemory, bytes: bytes, items: items) {
        ProcessRun(seconds: try time(body), maxRSS: 0)
    }
}
@MainActor func process(_ name: String, _ argv: [String], bytes: Int = yeastar.count) -> Pipeline {
    var pipeline = Pipeline(name: name, kind: .process, bytes: bytes, items: items) { try runProcess(argv) }
    pipeline.argv = argv
    return pipeline
}

var pipelines: [Pipeline] = [
    inMemory("yajl no-op parse", bytes: yeastar.count) { guard Pipelines.yajlNoOp(yeastar) else { throw BenchError("yajl failed") } },
    inMemory("decode --from yeastar", bytes: yeastar.count) { consume(try Pipelines.decode(yeastar, format: .yeastar)) },
    // What a decode costs without the helper thread (as in a batch of several files at once).
    inMemory("decode --from yeastar, one thread", bytes: yeastar.count) {
        consume(try Pipelines.decode(yeastar, format: .yeastar, helperThread: false))
    },
    inMemory("decode auto-detected", bytes: yeastar.count) { consume(try Pipelines.decode(yeastar, format: .auto)) },
    inMemory("JSON→SRT in memory", bytes: yeastar.count) { consume(try Pipelines.jsonToSRT(yeastar, format: .yeastar)) },
    // What end to end adds to a decode: the same page's captions and SRT, from the transcript
    // already decoded (not a pipeline of its own; for the bound printed under the targets).
    inMemory("stage: captions + SRT of the decoded page", bytes: yeastar.count) {
        consume(try Pipelines.captionsToSRT(decoded, preset: .netflix))
    },
    inMemory("stage: one cue a segment + SRT of the decoded page (--preset none)", bytes: yeastar.count) {
        consume(try Pipelines.captionsToSRT(decoded, preset: .none))
    },
    inMemory("Foundation JSONDecoder→SRT in memory", bytes: yeastar.count) { consume(try FoundationBaseline.yeastarToSRT(yeastarData)) },
    inMemory("dispatch probe: struct via raw pointer", bytes: yeastar.count) {
        consume(yeastar.withUnsafeBytes { DispatchStyle.structViaRawPointer.parse($0, handler: CountingProbeHandler()) })
    },
    inMemory("dispatch probe: class via Unmanaged", bytes: yeastar.count) {
        consume(yeastar.withUnsafeBytes { DispatchStyle.classViaUnmanaged.parse($0, handler: CountingProbeHandler()) })
    },
    inMemory("dispatch probe: concrete inline handler", bytes: yeastar.count) {
        consume(yeastar.withUnsafeBytes { ConcreteDispatchProbe.parse($0) })
    },
    inMemory("floor: minimal Yeastar decode into columns", bytes: yeastar.count) {
        guard yeastar.withUnsafeBytes({ MinimalYeastarProbe.parse($0) }) > 0 else { throw BenchError("the floor probe kept no record") }
    },
    process("CLI JSON→SRT --from yeastar (process)", [cliPath, "convert", "--from", "yeastar", "--to", "srt", "-o", srtOut, mainPath]),
    process("CLI JSON→SRT auto (process)", [cliPath, "convert", "--to", "srt", "-o", srtOut, mainPath]),
    // The same work as the baselines' "simple SRT writer" (one cue per record, no line breaking
    // or cut search): shown beside the readable-captions default, not used by any check.
    process("CLI JSON→SRT --preset none (process)", [cliPath, "convert", "--from", "yeastar", "--preset", "none", "--to", "srt", "-o", srtOut, mainPath]),
    process("Foundation JSONDecoder→SRT (process)", [selfPath, "--foundation-convert", mainPath, srtOut]),
    process("Python json→SRT (process)", [python, pythonScript, "--json", "json", mainPath, srtOut]),
    process("Python orjson→SRT (process)", [python, pythonScript, "--json", "orjson", mainPath, srtOut]),
]
// Canonical JSON needs the ISO-8601 time parser; until it reads its own output, leave it out.
var notes: [String] = []
do {
    _ = try Pipelines.decode(canonical, format: .json)
    var limit = inMemory("yajl no-op parse (canonical JSON)", bytes: canonical.count) {
        guard Pipelines.yajlNoOp(canonical) else { throw BenchError("yajl failed") }
    }
    limit.limitName = limit.name
    var decode = inMemory("decode canonical JSON", bytes: canonical.count) {
        consume(try Pipelines.decode(canonical, format: .json))
    }
    decode.limitName = limit.name
    pipelines.insert(contentsOf: [limit, decode], at: 5)
} catch {
    notes.append("decode canonical JSON skipped: \(error)")
}

// Every other vendor decoder, each against yajl on its own bytes.
for vendor in ["dingtalk", "symbl", "tencent"] {
    let bytes = try BenchCorpus.load(vendor: vendor, items: mainItems)
    let format = SourceFormat(vendor)
    let count = try Pipelines.decode(bytes, format: format).segments.count
    var limit = inMemory("yajl no-op parse (\(vendor))", bytes: bytes.count) {
        guard Pipelines.yajlNoOp(bytes) else { throw BenchError("yajl failed") }
    }
    limit.items = count
    var decode = inMemory("decode \(vendor)", bytes: bytes.count) { consume(try Pipelines.decode(bytes, format: format)) }
    decode.items = count
    decode.limitName = limit.name
    limit.limitName = limit.name
    pipelines.insert(contentsOf: [limit, decode], at: 5)
}

// The scale curve: decode's cost per item at each size, and yajl's no-op parse of the same bytes
// (the machine's own curve: reading a page larger than the caches costs more per byte whatever
// is done with it).
var curve: [(items: Int, bytes: [UInt8], best: Double, yajlBest: Double, freshBest: Double)] = []
for size in curveSizes {
    curve.append((size, try BenchCorpus.load(vendor: "yeastar", items: size), .infinity, .infinity, .infinity))
}

FileHandle.standardError.write(Data("bench-ratios: \(items) items, \(yeastar.count) bytes, \(rounds) rounds\n".utf8))
for round in 1 ... rounds {
    for index in pipelines.indices {
        // The limit (yajl's no-op parse of the same bytes) is timed right before, for the pair.
        let limitIndex = pipelines.firstIndex { $0.name == pipelines[index].limitName }!
        var limitSeconds: Double?
        if limitIndex != index {
            // Not counted in the limit's best time: that stays a best of `rounds`, like every other.
            limitSeconds = try pipelines[limitIndex].run().seconds
        }
        let result = try pipelines[index].run()
        pipelines[index].best = min(pipelines[index].best, result.seconds)
        if let limitSeconds {
            let bytesRatio = Double(pipelines[index].bytes) / Double(pipelines[limitIndex].bytes)
            pipelines[index].paired.append(limitSeconds / result.seconds * bytesRatio)
        }
    }
    for index in curve.indices {
        let bytes = curve[index].bytes
        let seconds = try time(minimum: 0.2) { consume(try Pipelines.decode(bytes, format: .yeastar)) }
        curve[index].best = min(curve[index].best, seconds)
        let yajlSeconds = try time(minimum: 0.2) { guard Pipelines.yajlNoOp(bytes) else { throw BenchError("yajl failed") } }
        curve[index].yajlBest = min(curve[index].yajlBest, yajlSeconds)
    }
    FileHandle.standardError.write(Data("  round \(round)/\(rounds) done\n".utf8))
}

// The curve again with fresh memory at every size. Above, repetitions in one process recycle
// memory: a 10k page (~2 MB of columns) gets pages glibc already faulted in for the previous
// repetition, while a 1M page's ~230 MB are above glibc's mmap threshold (32 MB at most) and new
// from the kernel every time, at 1.5-2 µs a 4 KB page on this machine (~150 ns an item). A new
// process (the CLI) pays for new pages at every size. Here freed memory is handed back to the
// kernel (`malloc_trim`) before each timed decode, so every size starts as a process would.
// Without glibc there is no such call: only the recycled curve is measured.
let measuresFreshMemory = tk_bench_release_free_memory() != 0
for _ in 1 ... (measuresFreshMemory ? rounds : 0) {
    for index in curve.indices {
        let bytes = curve[index].bytes
        var elapsed = 0.0
        var repetitions = 0
        repeat {
            _ = tk_bench_release_free_memory()
            let start = now()
            consume(try Pipelines.decode(bytes, format: .yeastar))
            elapsed += now() - start
            repetitions += 1
        } while elapsed < 0.2
        curve[index].freshBest = min(curve[index].freshBest, elapsed / Double(repetitions))
    }
}
if measuresFreshMemory { FileHandle.standardError.write(Data("  fresh-memory curve done\n".utf8)) }

// Peak memory of each process, and of the CLI converting the largest page streamed from disk.
for index in pipelines.indices where pipelines[index].kind == .process {
    pipelines[index].maxRSS = try peakRSS(pipelines[index].argv)
}
let largest = max(curveSizes.max() ?? mainItems, mainItems)
let largestPath = try BenchCorpus.path(vendor: "yeastar", items: largest)
let largestSize = (try FileManager.default.attributesOfItem(atPath: largestPath)[.size] as? Int) ?? 1
let largestRSS = try peakRSS([cliPath, "convert", "--from", "yeastar", "--to", "srt", "-o", srtOut, largestPath])
// The process's fixed footprint (runtime, libraries), from a page with no records: what the
// memory target is about is the part that grows with the page.
let emptyPath = scratch + "/empty.json"
try Data(#"{"errcode":0,"errmsg":"SUCCESS","data":{}}"#.utf8).write(to: URL(fileURLWithPath: emptyPath))
let emptyRSS = try peakRSS([cliPath, "convert", "--from", "yeastar", "--to", "srt", "-o", srtOut, emptyPath])
// The CLI's start-up: a whole process converting that empty page, best of 20. What a job that
// starts one process per file pays on every file (see docs/batch.md).
var startUp = Double.infinity
for _ in 0 ..< 20 {
    startUp = min(startUp, try runProcess([cliPath, "convert", "--from", "yeastar", "--to", "srt", "-o", srtOut, emptyPath]).seconds)
}

// MARK: Report

@MainActor func best(_ name: String) -> Pipeline { pipelines.first { $0.name == name }! }
func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
func mb(_ bytes: Int) -> String { f(Double(bytes) / 1_000_000, 1) }

let foundationMemory = best("Foundation JSONDecoder→SRT in memory")
let foundationProcess = best("Foundation JSONDecoder→SRT (process)")
let pythonJSON = best("Python json→SRT (process)")
let pythonOrjson = best("Python orjson→SRT (process)")

print("""

## TranscriptKit benchmark: Yeastar page of \(items) items, \(mb(yeastar.count)) MB (best of \(rounds) interleaved rounds)

MB/s, items/s and the × Foundation and × Python columns are from each pipeline's best time. "× yajl
no-op" is the median over the rounds of yajl's no-op parse of the same bytes, timed just before,
÷ the pipeline (the lowest and highest round in brackets).

| pipeline | MB/s | items/s | × yajl no-op | × Foundation | × Python json | × Python orjson | peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|---:|
""")
for p in pipelines {
    let mbs = Double(p.bytes) / p.best / 1e6
    let itemsPerSecond = Double(p.items) / p.best
    let vsYajl = p.paired.isEmpty ? "1.00" : "\(f(p.pairedRatio)) (\(f(p.paired.min()!))–\(f(p.paired.max()!)))"
    let foundation = p.kind == .process ? foundationProcess : foundationMemory
    let isLibrary = !p.name.hasPrefix("Foundation") && !p.name.hasPrefix("Python") && !p.name.hasPrefix("yajl") && !p.name.hasPrefix("dispatch") && !p.name.hasPrefix("floor") && !p.name.hasPrefix("stage")
    let isYeastar = p.limitName == "yajl no-op parse" && !p.name.contains("canonical")
    let vsFoundation = isLibrary && isYeastar ? f(foundation.best / p.best, 1) + "×" : ""
    let vsPython = isLibrary && p.kind == .process ? f(pythonJSON.best / p.best, 1) + "×" : ""
    let vsOrjson = isLibrary && p.kind == .process ? f(pythonOrjson.best / p.best, 1) + "×" : ""
    let rss = p.kind == .process ? mb(p.maxRSS) : ""
    print("| \(p.name) | \(f(mbs, 1)) | \(Int(itemsPerSecond).formatted()) | \(vsYajl) | \(vsFoundation) | \(vsPython) | \(vsOrjson) | \(rss) |")
}

print("""

CLI start-up (a whole process converting an empty page, best of 20): \(f(startUp * 1000, 1)) ms, \(mb(emptyRSS)) MB peak RSS.
""")

let reference = curve.first { $0.items == 10_000 } ?? curve.first!
let referenceName = reference.items == 10_000 ? "10k" : reference.items.formatted()
let referencePerItem = reference.best / Double(reference.items)
let referenceFreshPerItem = reference.freshBest / Double(reference.items)
let referenceYajlPerItem = reference.yajlBest / Double(reference.items)
print("""

### Scale: decode --from yeastar, cost per item

"Fresh memory": freed memory handed back to the kernel before each decode, so every size starts
on new pages, as in a new process. "Recycled": repeated in one process, where glibc hands a small
page's columns pages already faulted in but a large page's always new ones (see main.swift).

| items | MB | ns per item, fresh memory | × at \(referenceName) | ms per page, recycled | ns per item, recycled | × at \(referenceName) | yajl no-op ns per item | yajl no-op × at \(referenceName) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
""")
for point in curve {
    let perItem = point.best / Double(point.items)
    let freshPerItem = point.freshBest / Double(point.items)
    let yajlPerItem = point.yajlBest / Double(point.items)
    let fresh = measuresFreshMemory ? "\(f(freshPerItem * 1e9, 0)) | \(f(freshPerItem / referenceFreshPerItem))" : "n/a | n/a"
    print("| \(point.items.formatted()) | \(mb(point.bytes.count)) | \(fresh) | \(f(point.best * 1000, 1)) | \(f(perItem * 1e9, 0)) | \(f(perItem / referencePerItem)) | \(f(yajlPerItem * 1e9, 0)) | \(f(yajlPerItem / referenceYajlPerItem)) |")
}

// MARK: Targets

struct Check { var name: String; var value: Double; var target: Double; var floor: Double; var higherIsBetter: Bool }
let cli = best("CLI JSON→SRT --from yeastar (process)")
let cliAuto = best("CLI JSON→SRT auto (process)")
let cliNone = best("CLI JSON→SRT --preset none (process)")
let decode = best("decode --from yeastar")
let decodeAuto = best("decode auto-detected")
let largestCurve = curve.max { $0.items < $1.items }!
var checks = [
    Check(name: "decode ÷ yajl no-op throughput", value: decode.pairedRatio, target: 0.8, floor: 0.22, higherIsBetter: true),
] + pipelines.filter { $0.name.hasPrefix("decode ") && $0.limitName != "yajl no-op parse" }.map { p in
    Check(name: "\(p.name) ÷ yajl no-op on the same bytes", value: p.pairedRatio, target: 0.8, floor: 0.1, higherIsBetter: true)
} + [
    Check(name: "CLI JSON→SRT (process, file to file) ÷ yajl no-op", value: cli.pairedRatio, target: 0.6, floor: 0.035, higherIsBetter: true),
    Check(name: "CLI ÷ Foundation JSONDecoder baseline (process)", value: foundationProcess.best / cli.best, target: 10, floor: 1.7, higherIsBetter: true),
    Check(name: "in-memory JSON→SRT ÷ Foundation baseline (in memory)", value: foundationMemory.best / best("JSON→SRT in memory").best, target: 10, floor: 2.5, higherIsBetter: true),
    Check(name: "CLI ÷ Python json baseline (process)", value: pythonJSON.best / cli.best, target: 10, floor: 2, higherIsBetter: true),
    Check(name: "CLI ÷ Python orjson baseline (process)", value: pythonOrjson.best / cli.best, target: 10, floor: 1.5, higherIsBetter: true),
    // The baselines' own work: one cue a record, no line breaking (see the rows above the table).
    Check(name: "CLI --preset none ÷ Foundation JSONDecoder baseline (process; the same work)", value: foundationProcess.best / cliNone.best, target: 10, floor: 4, higherIsBetter: true),
    Check(name: "CLI --preset none ÷ Python json baseline (process; the same work)", value: pythonJSON.best / cliNone.best, target: 10, floor: 3, higherIsBetter: true),
    Check(name: "CLI --preset none ÷ Python orjson baseline (process; the same work)", value: pythonOrjson.best / cliNone.best, target: 10, floor: 3, higherIsBetter: true),
    Check(name: "auto-detect overhead: decode auto ÷ --from yeastar time (from their ratios to yajl)", value: decode.pairedRatio / decodeAuto.pairedRatio, target: 1.03, floor: 1.5, higherIsBetter: false),
    Check(name: "peak RSS ÷ file size (CLI, \(largest.formatted()) items, \(mb(largestSize)) MB; \(mb(largestRSS)) MB)", value: Double(largestRSS) / Double(largestSize), target: 0.75, floor: 6.0, higherIsBetter: false),
    Check(name: "peak RSS above an empty page's \(mb(emptyRSS)) MB ÷ file size", value: Double(largestRSS - emptyRSS) / Double(largestSize), target: 0.75, floor: 4.0, higherIsBetter: false),
] + (measuresFreshMemory ? [
    Check(name: "ns/item at \(largestCurve.items.formatted()) ÷ at \(reference.items.formatted()), fresh memory at both", value: (largestCurve.freshBest / Double(largestCurve.items)) / referenceFreshPerItem, target: 1.3, floor: 2.0, higherIsBetter: false),
    // The small page on recycled memory, the large one on fresh: what a long-running process sees
    // (not gated: part of it is the kernel's cost of new memory, see the fresh-memory curve).
    Check(name: "ns/item at \(largestCurve.items.formatted()) ÷ at \(reference.items.formatted()), recycled memory (informational)", value: (largestCurve.best / Double(largestCurve.items)) / referencePerItem, target: 1.3, floor: 100, higherIsBetter: false),
] : [
    // No fresh-memory curve here (not glibc): the recycled one is all there is, and it is gated.
    Check(name: "ns/item at \(largestCurve.items.formatted()) ÷ at \(reference.items.formatted()), recycled memory", value: (largestCurve.best / Double(largestCurve.items)) / referencePerItem, target: 1.3, floor: 2.0, higherIsBetter: false),
]) + [
    // The same ratio for yajl's no-op parse: what the machine allows (not gated).
    Check(name: "yajl no-op ns/item at \(largestCurve.items.formatted()) ÷ at \(reference.items.formatted()) (the limit, for reference)", value: (largestCurve.yajlBest / Double(largestCurve.items)) / referenceYajlPerItem, target: 1.3, floor: 100, higherIsBetter: false),
]
_ = cliAuto
checks.append(Check(name: "dispatch: class via Unmanaged ÷ struct via raw pointer time (from their ratios to yajl)",
                    value: best("dispatch probe: struct via raw pointer").pairedRatio / best("dispatch probe: class via Unmanaged").pairedRatio,
                    target: 1.0, floor: 0.0, higherIsBetter: true))

print("""

### Targets (ratios from this run; CI fails only below the floor)

The floors are regression guards, set about 40 % under the ratios measured when they were
recorded (the end-to-end ones re-based on 2026-12-02 for the readable-captions captioner; the
auto-detect one wide, since it divides two ratios of 3 rounds that each move ±20 %). Not all
targets are met yet: see Benchmarks/README.md.

| ratio | value | target | CI floor | |
|---|---:|---:|---:|---|
""")
var failed = false
for check in checks {
    let meets = check.higherIsBetter ? check.value >= check.target : check.value <= check.target
    let aboveFloor = check.higherIsBetter ? check.value >= check.floor : check.value <= check.floor
    if !aboveFloor { failed = true }
    let op = check.higherIsBetter ? "≥" : "≤"
    let verdict = meets ? "meets" : (aboveFloor ? "below target" : "FAILS floor")
    print("| \(check.name) | \(f(check.value)) | \(op) \(f(check.target, 2)) | \(op) \(f(check.floor, 2)) | \(verdict) |")
}
for note in notes { print("Note: \(note)") }
let floorDecode = best("floor: minimal Yeastar decode into columns")
print("""

What 0.8× can mean for this design: a minimal Yeastar decoder into columns (MinimalYeastarProbe:
keys matched, text copied into one arena, two numbers parsed, one row appended; no JSON path, no
errors, no UTF-8 repair of its own, no speaker interning, no duplicate ids, no sort) runs at \(f(floorDecode.pairedRatio))×
yajl's no-op; decode --from yeastar runs at \(f(decode.pairedRatio / floorDecode.pairedRatio))× that floor.
""")
// End to end can be no faster than its stages run one after the other: the captions cannot start
// before the page is decoded, as its records must first be sorted. So a ratio r_d for the decode and
// r_c for captions + SRT bound it by 1 / (1/r_d + 1/r_c), before the process's own start-up and I/O.
@MainActor func bound(_ stage: Pipeline) -> Double { 1 / (1 / decode.pairedRatio + 1 / stage.pairedRatio) }
let stageDefault = best("stage: captions + SRT of the decoded page")
let stageNone = best("stage: one cue a segment + SRT of the decoded page (--preset none)")
print("""

What end to end ≥ 0.6× can mean: its stages run one after the other (the records are sorted
before the first cue), so the decode (\(f(decode.pairedRatio))× yajl's no-op) and the captions + SRT of the
decoded page bound it by 1 / (1/decode + 1/captions), before process start-up and file I/O:
default captions \(f(stageDefault.pairedRatio))× → at most \(f(bound(stageDefault)))× (the CLI: \(f(cli.pairedRatio))×);
`--preset none` \(f(stageNone.pairedRatio))× → at most \(f(bound(stageNone)))× (the CLI: \(f(cliNone.pairedRatio))×).
""")
print("")
print("Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpuModel()), \(Date().formatted(.iso8601))")

func cpuModel() -> String {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) else { return "unknown CPU" }
    return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
}

if ciMode, failed {
    print("bench-ratios: a ratio fell below its CI floor")
    exit(1)
}
