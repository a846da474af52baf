import Foundation
import Testing
import TranscriptKit

// Shared by the CLI, batch and async tests: where things are, running the built `transcript`
// binary, temporary directories, and a generated corpus.

enum TestPaths {
    /// The package root (this file is Tests/TranscriptKitTests/…).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var corpus: URL { packageRoot.appendingPathComponent("Corpus") }

    /// The `transcript` binary built with the tests: beside the test bundle (SwiftPM puts every
    /// product of a configuration in one directory), else the usual build paths.
    static let cliBinary: URL? = {
        var candidates: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("transcript"))
        }
        if let arg0 = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: arg0).deletingLastPathComponent().appendingPathComponent("transcript"))
        }
        for configuration in ["debug", "release"] {
            candidates.append(packageRoot.appendingPathComponent(".build/\(configuration)/transcript"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}

struct CLIResult {
    var status: Int32
    var stdout: Data
    var stderr: String
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs the built CLI with `arguments`; standard input from `stdin` (or empty).
func runCLI(_ arguments: [String], stdin: Data = Data(), in directory: URL? = nil) throws -> CLIResult {
    let binary = try #require(TestPaths.cliBinary, "the transcript binary was not found beside the tests; run `swift build` first")
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let outURL = scratch.url.appendingPathComponent("stdout")
    let errURL = scratch.url.appendingPathComponent("stderr")
    let inURL = scratch.url.appendingPathComponent("stdin")
    try stdin.write(to: inURL)
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    // Files, not pipes: a large output cannot fill a pipe and stall the child.
    process.standardInput = try FileHandle(forReadingFrom: inURL)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    return CLIResult(
        status: process.terminationStatus,
        stdout: try Data(contentsOf: outURL),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// A fresh directory under the system's temporary directory.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("transcriptkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }
}

/// Every regular file under `root`, as sorted relative paths (hidden ones included).
func filesUnder(_ root: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path, isDirectory: &isDirectory),
           !isDirectory.boolValue {
            files.append(relative)
        }
    }
    return files.sorted()
}

/// A directory of many transcripts, a few deliberately broken.
enum ManyTranscripts {
    /// Fills `directory` with `count` files, `broken` of them deliberately broken and named
    /// `*broken*`. Uses the corpus generator (`Corpus/generate.py --many N --broken K --out DIR`,
    /// all four vendors in nested directories) when python3 runs it, otherwise writes Yeastar
    /// responses itself (100 per subdirectory).
    static func generate(into directory: URL, count: Int, broken: Int, seed: UInt64 = 7) throws {
        let script = TestPaths.corpus.appendingPathComponent("generate.py")
        if FileManager.default.fileExists(atPath: script.path) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path, "--many", "\(count)", "--broken", "\(broken)", "--out", directory.path]
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus == 0 { return }
        }
        try writeYeastar(into: directory, count: count, broken: broken, seed: seed)
    }

    static func writeYeastar(into directory: URL, count: Int, broken: Int, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let brokenIndices = (0 ..< broken).map { count / max(broken, 1) * $0 + 3 }
        let words = ["hello", "the", "router", "is", "blinking", "orange", "since", "this", "morning",
                     "could", "you", "restart", "it", "please", "thanks", "Grüße", "好的", "“quoted”", "a&b", "<i>"]
        for index in 0 ..< count {
            let folder = directory.appendingPathComponent(String(format: "batch-%02d", index / 100))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let callStart = 1_767_610_800_000 + Int64(index) * 3_600_000
            var records: [String] = []
            var time = callStart
            let recordCount = Int.random(in: 4 ... 60, using: &random)
            for r in 0 ..< recordCount {
                let speaker = r % 2 == 0 ? ("6100", "Front Desk") : ("\(2000 + index % 50)", "Caller \(index)")
                let text = (0 ..< Int.random(in: 3 ... 25, using: &random))
                    .map { _ in words[Int.random(in: 0 ..< words.count, using: &random)] }.joined(separator: " ")
                time += Int64.random(in: 500 ... 9000, using: &random)
                records.append("""
                    {"id":"\(speaker.0):\(callStart):\(r + 1)","content":\(jsonString(text)),"created_at":\(callStart / 1000),\
                    "timestamp":\(time),"duration":\(Int.random(in: 0 ... 8, using: &random)),"source_number":"\(speaker.0)",\
                    "type":"speak","avatar":"","name":\(jsonString(speaker.1))}
                    """)
            }
            var document = "{\"errcode\":0,\"errmsg\":\"SUCCESS\",\"data\":{\"leg_1\":{\"context\":[\n"
                + records.joined(separator: ",\n") + "\n]}},\"offset\":-1}\n"
            if let kind = brokenIndices.firstIndex(of: index) {
                switch kind % 4 {
                case 0: document = String(document.prefix(document.count / 2))             // cut short
                case 1: document = document.replacingOccurrences(of: "\"timestamp\":", with: "\"timestamp\":{},\"x\":")
                case 2: document = "{\"errcode\":10002,\"errmsg\":\"FAILURE\"}"             // vendor error
                default: document = "{\"hello\":\"world\"}"                                  // not a transcript
                }
            }
            let name = String(format: "call-%05d", index) + (brokenIndices.contains(index) ? "-broken.json" : ".json")
            try Data(document.utf8).write(to: folder.appendingPathComponent(name))
        }
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

@Suite("CLI test harness")
struct CLIHarnessTests {
    @Test("the transcript binary is found beside the tests")
    func binaryIsFound() throws {
        let result = try runCLI(["--help"])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("convert"))
        #expect(result.stdoutText.contains("inspect"))
    }
}
