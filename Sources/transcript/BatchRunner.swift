import Synchronization
import TranscriptKit

/// What happened to one input.
struct BatchResult: Sendable {
    enum Status: String, Sendable {
        case converted, skipped, failed
    }

    var status: Status
    /// The source format, as detected (or as given by --from); `nil` when unknown.
    var format: String?
    var segments = 0
    var words = 0
    /// Input bytes read (or the input's size, when it was skipped).
    var bytes = 0
    var milliseconds = 0.0
    /// The outputs written.
    var outputs: [String] = []
    var error: TranscriptError?
}

/// The results of a run, in the plan's order, with totals.
struct BatchOutcome: Sendable {
    var results: [BatchResult]
    var converted = 0
    var skipped = 0
    var failed = 0
    var bytes = 0
    var seconds = 0.0
}

/// Runs a plan's jobs on a fixed pool of workers. Each worker holds at most one transcript at a
/// time, so memory stays within workers × one transcript.
struct BatchRunner: Sendable {
    let plan: BatchPlan
    let decodeOptions: DecodeOptions
    let settings: OutputSettings

    func run() -> BatchOutcome {
        let jobs = plan.jobs
        let style: BatchProgress.Style = !plan.isBatch || plan.quiet ? .silent : BatchProgress.stderrIsTerminal ? .bar : .lines
        let progress = BatchProgress(style: style, total: jobs.count)
        let shared = SharedResults(count: jobs.count)
        let workers = min(plan.workers, max(jobs.count, 1))
        var decodeOptions = decodeOptions
        // Several files at once keep the cores busy already; a helper thread per decode would
        // only make them take turns.
        var settings = settings
        if workers > 1 {
            decodeOptions.allowsHelperThread = false
            settings.captioner.allowsHelperThread = false
        }
        let converter = JobConverter(plan: plan, decodeOptions: decodeOptions, settings: settings)

        WorkerPool.run(workers: workers) { _ in
            while true {
                let index = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < jobs.count else { return }
                let result = converter.convert(jobs[index])
                shared.results.withLock { $0[index] = result }
                progress.record(input: jobs[index].input, result: result)
            }
        }

        var outcome = BatchOutcome(results: shared.results.withLock { $0.map { $0! } })
        for result in outcome.results {
            outcome.bytes += result.bytes
            switch result.status {
            case .converted: outcome.converted += 1
            case .skipped: outcome.skipped += 1
            case .failed: outcome.failed += 1
            }
        }
        outcome.seconds = progress.elapsedSeconds
        progress.finish(outcome, plan: plan)
        return outcome
    }

    private final class SharedResults: Sendable {
        let next = Atomic<Int>(0)
        let results: Locked<[BatchResult?]>
        init(count: Int) { results = Locked([BatchResult?](repeating: nil, count: count)) }
    }
}

/// Converts one input: checks its outputs, decodes it once, writes every format atomically.
struct JobConverter: Sendable {
    let plan: BatchPlan
    let decodeOptions: DecodeOptions
    let settings: OutputSettings

    func convert(_ job: BatchJob) -> BatchResult {
        let clock = ContinuousClock()
        let started = clock.now
        var result = BatchResult(status: .failed)
        do {
            try convert(job, into: &result)
        } catch {
            result.status = .failed
            result.error = error
            result.outputs = []
        }
        result.milliseconds = (clock.now - started).seconds * 1000
        return result
    }

    private func convert(_ job: BatchJob, into result: inout BatchResult) throws(TranscriptError) {
        if let failure = job.failure { throw failure }
        let inputInfo = job.input == "-" ? nil : FileSystem.info(job.input)
        if let inputInfo {
            if inputInfo.isDirectory { throw TranscriptError(.io, "\(job.input) is a directory") }
            result.bytes = inputInfo.size
        }
        let pending = try outputsToWrite(job, inputInfo: inputInfo)
        if pending.isEmpty, !job.outputs.isEmpty {
            result.status = .skipped
            return
        }

        var decoder = try TranscriptDecoder(options: decodeOptions)
        do {
            result.bytes = try decoder.decode(contentsOf: job.input)
        } catch {
            result.format = decoder.format?.rawValue
            throw error
        }
        result.format = decoder.format?.rawValue
        let transcript = try decoder.finish()
        result.segments = transcript.segments.count
        result.words = transcript.words.count

        // Every file is written to a temporary first and moved into place only when all are
        // complete: a failed input leaves no outputs, old or partial.
        var sinks: [AtomicFileSink] = []
        do {
            for output in pending {
                switch output.destination {
                case .standardOutput:
                    var sink = FileDescriptorSink(descriptor: 1)
                    try transcript.write(output.format, to: &sink, captioner: settings.captioner, options: settings.writerOptions)
                case .file(let path):
                    try makeParentDirectories(of: path)
                    var sink = try AtomicFileSink(path: path)
                    sinks.append(sink)
                    try transcript.write(output.format, to: &sink, captioner: settings.captioner, options: settings.writerOptions)
                }
            }
            for index in sinks.indices { try sinks[index].commit() }
        } catch {
            for index in sinks.indices { sinks[index].discard() }
            throw error
        }
        result.outputs = pending.map(\.destination.name)
        result.status = .converted
    }

    /// The outputs to (re)write; throws when an existing one may not be replaced.
    private func outputsToWrite(_ job: BatchJob, inputInfo: FileInfo?) throws(TranscriptError) -> [PlannedOutput] {
        var pending: [PlannedOutput] = []
        for output in job.outputs {
            guard case .file(let path) = output.destination, let existing = FileSystem.info(path) else {
                pending.append(output)
                continue
            }
            if existing.isDirectory { throw TranscriptError(.io, "output \(path) is a directory") }
            if let inputInfo, existing.isSameFile(as: inputInfo) {
                throw TranscriptError(.usage, "output \(path) would replace the input")
            }
            if plan.skipExisting, let inputInfo, existing.modified >= inputInfo.modified { continue }
            guard plan.replacesExisting || plan.force || plan.skipExisting else {
                throw TranscriptError(.io, "output \(path) exists; --force overwrites it, --skip-existing skips inputs whose outputs are up to date")
            }
            pending.append(output)
        }
        return pending
    }

    /// Creates the directories between the output root and `path`, never through a link.
    private func makeParentDirectories(of path: String) throws(TranscriptError) {
        guard let root = plan.outputRoot else { return }
        let prefix = FileSystem.join(root, "")
        guard path.hasPrefix(prefix) else { return }
        let directory = FileSystem.directoryName(String(path.dropFirst(prefix.count)))
        if !directory.isEmpty { try FileSystem.makeDirectories(directory, under: root) }
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
