import ArgumentParser
import TranscriptKit

/// Where one output goes.
enum OutputDestination: Sendable, Equatable {
    case standardOutput
    case file(String)

    var name: String {
        switch self {
        case .standardOutput: return "-"
        case .file(let path): return path
        }
    }
}

/// One output of one input.
struct PlannedOutput: Sendable {
    var format: OutputFormat
    var destination: OutputDestination
}

/// One input and the outputs it makes.
struct BatchJob: Sendable {
    /// The input's path, or `-` for standard input.
    var input: String
    /// The input's path relative to where it was found (its outputs are named after it; the
    /// shard hashes it).
    var key: String
    var outputs: [PlannedOutput]
    /// Why the job fails before it starts (e.g. its output is another input's too).
    var failure: TranscriptError?
}

/// What a `convert` run does: the inputs, expanded and sharded, with their outputs.
struct BatchPlan: Sendable {
    var jobs: [BatchJob]
    /// A batch shows progress and a summary; a single conversion (one input to one output)
    /// behaves like a filter.
    var isBatch: Bool
    /// Replace an existing output without asking (the single output named by -o).
    var replacesExisting: Bool
    var force: Bool
    var skipExisting: Bool
    var workers: Int
    var quiet: Bool
    var shard: Shard?
    /// Where outputs go (`--output-dir`), `nil` when beside their inputs.
    var outputRoot: String?
    /// Inputs found before sharding.
    var inputsFound: Int

    /// Extensions a directory walk picks up.
    static let inputExtensions: Set<String> = ["json", "jsonl"]

    /// Expands `inputs` (files, directories, `-`) into jobs.
    /// - Throws: `ValidationError` for a usage error.
    static func make(inputs: [String], formats: [OutputFormat], output: String?, options: BatchOptions) throws -> BatchPlan {
        let hasDirectory = inputs.contains { $0 != "-" && FileSystem.isDirectory($0) }
        // `-o DIR` with an existing directory puts even one output there.
        let outputIsDirectory = output.map { $0 != "-" && FileSystem.isDirectory($0) } ?? false
        let isBatch = options.outputDirectory != nil || formats.count > 1 || inputs.count > 1 || hasDirectory
            || outputIsDirectory
        if options.shard != nil, inputs.contains("-") {
            throw ValidationError("--shard cannot split standard input")
        }
        var plan = BatchPlan(
            jobs: [], isBatch: isBatch, replacesExisting: !isBatch, force: options.force,
            skipExisting: options.skipExisting, workers: isBatch ? options.workerCount : 1,
            quiet: options.quiet, shard: options.shard, outputRoot: nil, inputsFound: 0)

        if !isBatch {
            let input = inputs[0]
            let destination: OutputDestination = output == nil || output == "-" ? .standardOutput : .file(output!)
            plan.jobs = [BatchJob(
                input: input, key: input == "-" ? "stdin" : FileSystem.baseName(input),
                outputs: [PlannedOutput(format: formats[0], destination: destination)])]
        } else {
            if let output {
                guard options.outputDirectory == nil else {
                    throw ValidationError("give the output directory once: -o DIR or --output-dir DIR")
                }
                guard output != "-", FileSystem.isDirectory(output) else {
                    throw ValidationError("with several inputs or formats, -o must name an existing directory (or use --output-dir DIR)")
                }
                plan.outputRoot = output
            } else if let directory = options.outputDirectory {
                do {
                    try FileSystem.makeDirectories(directory)
                } catch {
                    throw ValidationError("--output-dir: \(error.message)")
                }
                plan.outputRoot = directory
            }
            plan.jobs = expand(inputs, formats: formats, outputRoot: plan.outputRoot)
            claimOutputs(&plan.jobs)
        }
        plan.inputsFound = plan.jobs.count
        if let shard = options.shard {
            plan.jobs.removeAll { !shard.contains($0.key) }
        }
        return plan
    }

    /// One job per file; directories walked.
    private static func expand(_ inputs: [String], formats: [OutputFormat], outputRoot: String?) -> [BatchJob] {
        let excluded = outputRoot.flatMap(FileSystem.info)
        var jobs: [BatchJob] = []
        for input in inputs {
            if input == "-" {
                let outputs: [PlannedOutput] = outputRoot == nil && formats.count == 1
                    ? [PlannedOutput(format: formats[0], destination: .standardOutput)]
                    : outputsFor(key: "stdin", formats: formats, under: outputRoot ?? "")
                jobs.append(BatchJob(input: input, key: "stdin", outputs: outputs))
            } else if FileSystem.isDirectory(input) {
                let walk = FileSystem.walk(input, extensions: inputExtensions, excluding: excluded)
                for relative in walk.files {
                    jobs.append(BatchJob(
                        input: FileSystem.join(input, relative), key: relative,
                        outputs: outputsFor(key: relative, formats: formats, under: outputRoot ?? input)))
                }
                // An unreadable directory fails as one input; the rest of the tree goes on.
                for (relative, error) in walk.unreadable {
                    jobs.append(BatchJob(
                        input: relative.isEmpty ? input : FileSystem.join(input, relative),
                        key: relative.isEmpty ? FileSystem.baseName(input) : relative, outputs: [], failure: error))
                }
            } else {
                // A file named on the command line is converted whatever its extension.
                let key = FileSystem.baseName(input)
                jobs.append(BatchJob(
                    input: input, key: key,
                    outputs: outputsFor(key: key, formats: formats, under: outputRoot ?? FileSystem.directoryName(input))))
            }
        }
        return jobs
    }

    private static func outputsFor(key: String, formats: [OutputFormat], under directory: String) -> [PlannedOutput] {
        formats.map { format in
            PlannedOutput(format: format, destination: .file(FileSystem.join(directory, replacingExtension(of: key, with: format.fileExtension))))
        }
    }

    /// `a/b.json` → `a/b.srt`; a name without an extension gains one.
    static func replacingExtension(of path: String, with fileExtension: String) -> String {
        let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        if let dot = path[nameStart...].lastIndex(of: "."), dot > nameStart {
            return String(path[..<dot]) + "." + fileExtension
        }
        return path + "." + fileExtension
    }

    /// Fails the jobs whose output is an input, or already another job's output: the first
    /// job (in the plan's order, the same on every machine) keeps it.
    private static func claimOutputs(_ jobs: inout [BatchJob]) {
        let inputs = Set(jobs.map(\.input))
        var claimed: [String: String] = [:]
        for index in jobs.indices where jobs[index].failure == nil {
            for output in jobs[index].outputs {
                guard case .file(let path) = output.destination else { continue }
                if inputs.contains(path) {
                    jobs[index].failure = TranscriptError(.usage, "its output \(path) would replace an input; use --output-dir")
                    break
                }
                if let other = claimed[path] {
                    jobs[index].failure = TranscriptError(.usage, "its output \(path) is also the output of \(other)")
                    break
                }
            }
            if jobs[index].failure == nil {
                for output in jobs[index].outputs {
                    if case .file(let path) = output.destination { claimed[path] = jobs[index].input }
                }
            }
        }
    }
}
