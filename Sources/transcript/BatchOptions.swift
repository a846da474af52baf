import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The options of a batch conversion (many inputs, directories, several formats).
struct BatchOptions: ParsableArguments {
    @Option(name: .customLong("output-dir"), help: ArgumentHelp(
        "Write outputs under DIR (created when missing), mirroring each input's path relative to the directory it was found in.",
        valueName: "dir"))
    var outputDirectory: String?

    @Flag(name: .long, help: "Overwrite existing outputs.")
    var force = false

    @Flag(name: .long, help: "Skip an input whose outputs all exist and are newer than it (resumable jobs); stale outputs are rewritten.")
    var skipExisting = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Inputs converted in parallel (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Convert only shard K of N (0 ≤ K < N): a stable split of the inputs by path hash, for job arrays.",
        valueName: "k/n"))
    var shard: Shard?

    @Option(name: .long, help: ArgumentHelp("Write a JSON report of every input to FILE.", valueName: "file"))
    var report: String?

    @Flag(name: .shortAndLong, help: "No progress and no summary (errors are still reported).")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 || jobs > 1024 {
            throw ValidationError("--jobs must be between 1 and 1024, not \(jobs)")
        }
        if let outputDirectory, outputDirectory.isEmpty {
            throw ValidationError("--output-dir must not be empty")
        }
    }

    /// The first option given that only a batch can honour, for error messages.
    var batchOnlyOptionGiven: String? {
        if outputDirectory != nil { return "--output-dir" }
        if skipExisting { return "--skip-existing" }
        if shard != nil { return "--shard" }
        if report != nil { return "--report" }
        if jobs != nil { return "--jobs" }
        return nil
    }

    /// `--jobs`, or the number of online cores.
    var workerCount: Int {
        if let jobs { return jobs }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

/// `--shard K/N`: this machine converts the inputs whose path hash is K modulo N.
///
/// The hash is 64-bit FNV-1a of the input's relative path (the same path its outputs are named
/// after) — fixed, unlike Swift's per-process seeded `Hasher` — so every machine of a job array,
/// listing the same inputs, computes the same split: the shards are disjoint and together
/// cover every input.
struct Shard: ExpressibleByArgument, Sendable, Equatable, CustomStringConvertible {
    var index: Int
    var count: Int

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
              count >= 1, index >= 0, index < count
        else { return nil }
        self.init(index: index, count: count)
    }

    static var defaultCompletionKind: CompletionKind { .default }

    var description: String { "\(index)/\(count)" }

    /// Whether the input with relative path `key` belongs to this shard.
    func contains(_ key: String) -> Bool {
        Int(Self.fnv1a(key) % UInt64(count)) == index
    }

    /// 64-bit FNV-1a of the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
