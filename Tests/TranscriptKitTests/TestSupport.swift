import Foundation
@testable import TranscriptKit

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The repository's root, found from this file's path.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func corpus(_ relative: String) -> URL { repoRoot.appendingPathComponent("Corpus").appendingPathComponent(relative) }

    static func corpusFiles(_ vendor: String) -> [URL] {
        let dir = repoRoot.appendingPathComponent("Corpus").appendingPathComponent(vendor)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") }.sorted().map { dir.appendingPathComponent($0) }
    }

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// Golden files live in the source tree (Tests/TranscriptKitTests/Golden) so that
    /// `UPDATE_GOLDEN=1 swift test` can rewrite them; review every rewrite by eye.
    static let goldenRoot = repoRoot.appendingPathComponent("Tests/TranscriptKitTests/Golden")

    /// Compares `actual` with the golden file, or writes it when UPDATE_GOLDEN is set.
    static func matchesGolden(_ actual: [UInt8], _ relative: String) throws -> Bool {
        let url = goldenRoot.appendingPathComponent(relative)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual).write(to: url)
            return true
        }
        let expected = try bytes(url)
        return expected == actual
    }

    /// Decodes `bytes` fed in chunks of `size` bytes.
    static func decodeChunked(_ bytes: [UInt8], chunk size: Int, options: DecodeOptions = DecodeOptions()) throws -> Transcript {
        var decoder = try TranscriptDecoder(options: options)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + size, bytes.count)
            try decoder.decode(Array(bytes[offset ..< end]))
            offset = end
        }
        return try decoder.finish()
    }

    /// Runs `executable` with `arguments`, feeding `input` on stdin; returns (status, stdout, stderr).
    static func run(_ executable: String, _ arguments: [String], input: [UInt8] = []) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
