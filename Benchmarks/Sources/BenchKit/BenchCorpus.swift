import Foundation

/// The generated pages the benchmarks read. Large files are never committed: they are made by
/// `Corpus/generate.py` (deterministic for a seed) on first use and kept under
/// `Corpus/generated/bench/` (ignored by git), or under `$TRANSCRIPT_BENCH_CORPUS`.
public enum BenchCorpus {
    /// The seed every benchmark page is generated with, so all runs measure the same bytes.
    public static let seed = 7

    /// The repository's root (this file is Benchmarks/Sources/BenchKit/BenchCorpus.swift).
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0 ..< 4 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static var directory: String {
        ProcessInfo.processInfo.environment["TRANSCRIPT_BENCH_CORPUS"] ?? repositoryRoot + "/Corpus/generated/bench"
    }

    /// The path of the `vendor` page with `items` records, generating it when missing.
    public static func path(vendor: String, items: Int) throws -> String {
        let ext = vendor == "tencent" ? "jsonl" : "json"
        let path = "\(directory)/\(vendor)-\(items).\(ext)"
        if FileManager.default.fileExists(atPath: path) { return path }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot + "/Corpus/generate.py", "--vendor", vendor,
                             "--items", String(items), "--seed", String(seed), "--out", directory, "--quiet"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: path) else {
            throw BenchError("Corpus/generate.py failed to make \(path)")
        }
        return path
    }

    /// The bytes of the `vendor` page with `items` records.
    public static func load(vendor: String, items: Int) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path(vendor: vendor, items: items))))
    }
}

public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
