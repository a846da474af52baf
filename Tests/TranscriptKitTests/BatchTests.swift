import Foundation
import Testing
import TranscriptKit

@Suite("Batch conversion")
struct BatchTests {
    /// The report's entries, by input path.
    static func readReport(_ path: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["schema"] as? String == "transcript-batch-report/1")
        return try #require(root["inputs"] as? [[String: Any]])
    }

    /// The inputs a walk of `root` must find: *.json and *.jsonl, nothing hidden, relative paths.
    static func expectedInputs(under root: URL) -> [String] {
        filesUnder(root).filter { relative in
            let components = relative.split(separator: "/")
            return !components.contains { $0.hasPrefix(".") }
                && (relative.lowercased().hasSuffix(".json") || relative.lowercased().hasSuffix(".jsonl"))
        }
    }

    static func replacingExtension(_ relative: String, with fileExtension: String) -> String {
        let url = URL(fileURLWithPath: relative)
        let name = url.deletingPathExtension().lastPathComponent + "." + fileExtension
        let directory = (relative as NSString).deletingLastPathComponent
        return directory.isEmpty ? name : directory + "/" + name
    }

    @Test("a batch over the corpus and 1,000 generated files: good files converted, broken ones reported, exit 1, no partial outputs; then resumed")
    func corpusAndManyFiles() throws {
        try #require(FileManager.default.fileExists(atPath: TestPaths.corpus.path), "Corpus/ is missing")
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        // The committed corpus, copied: Corpus/generated/ may hold benchmark pages of hundreds of MB.
        let corpus = temporary.url.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for vendor in ["yeastar", "dingtalk", "symbl", "tencent"] {
            try FileManager.default.copyItem(at: TestPaths.corpus.appendingPathComponent(vendor), to: corpus.appendingPathComponent(vendor))
        }
        let generated = temporary.url.appendingPathComponent("generated")
        try ManyTranscripts.generate(into: generated, count: 1000, broken: 5)
        // Decoys the walk must pass over.
        let decoy = Data("{\"hello\":".utf8)
        try FileManager.default.createDirectory(at: generated.appendingPathComponent(".cache"), withIntermediateDirectories: true)
        try decoy.write(to: generated.appendingPathComponent(".cache/stale.json"))
        try decoy.write(to: generated.appendingPathComponent(".hidden.json"))
        try decoy.write(to: generated.appendingPathComponent("notes.txt"))

        let out = temporary.url.appendingPathComponent("out")
        let report = temporary.path("report.json")
        let formats: [OutputFormat] = [.srt, .vtt, .json]
        let result = try runCLI([
            "convert", "--to", "srt,vtt,json", "--output-dir", out.path, "--report", report, "--jobs", "2",
            corpus.path, generated.path,
        ])
        #expect(result.status == 1, "some inputs are broken: exit 1")

        let roots = [corpus, generated]
        let expected = roots.flatMap { root in Self.expectedInputs(under: root).map { (root, $0) } }
        #expect(expected.count >= 1000)
        let entries = try Self.readReport(report)
        var entryByInput: [String: [String: Any]] = [:]
        for entry in entries { entryByInput[entry["input"] as? String ?? ""] = entry }
        #expect(entries.count == expected.count && entryByInput.count == expected.count, "every input once")
        #expect(Set(entryByInput.keys) == Set(expected.map { $0.0.appendingPathComponent($0.1).path }),
                "every *.json and *.jsonl; hidden files and other extensions skipped")

        // The library, in process, is the oracle for every input.
        var expectedOutputs: [String] = []
        var brokenCount = 0
        for (root, relative) in expected {
            let input = root.appendingPathComponent(relative).path
            let entry = try #require(entryByInput[input])
            switch Result(catching: { () throws(TranscriptError) in try Transcript(contentsOf: input) }) {
            case .success(let transcript):
                // The generator's "broken-empty" files are empty, and empty input is valid input;
                // its "broken-invalid-utf8" ones are repaired to U+FFFD by default (docs/bad-input.md).
                if relative.contains("broken") {
                    if !relative.contains("invalid-utf8") {
                        #expect(transcript.segments.count == 0, "\(input) is meant to be broken")
                    }
                    brokenCount += 1
                }
                #expect(entry["status"] as? String == "converted", "\(input)")
                #expect(entry["segments"] as? Int == transcript.segments.count, "\(input)")
                #expect(entry["words"] as? Int == transcript.words.count, "\(input)")
                for format in formats {
                    let output = Self.replacingExtension(relative, with: format.fileExtension)
                    expectedOutputs.append(output)
                    let written = try? Data(contentsOf: out.appendingPathComponent(output))
                    let rendered = try transcript.rendered(format)
                    #expect(written.map { Array($0) } == rendered, "\(output)")
                }
            case .failure(let error):
                #expect(entry["status"] as? String == "failed", "\(input)")
                let reported = entry["error"] as? [String: Any]
                #expect(reported?["kind"] as? String == error.kind.rawValue, "\(input)")
                #expect(reported?["message"] as? String == error.message, "\(input)")
                #expect(result.stderr.contains("\(input): \(error)"), "each failure is reported on stderr")
                if relative.contains("broken") { brokenCount += 1 }
            }
        }
        #expect(brokenCount == 5, "the deliberately broken files are all there")
        #expect(filesUnder(out) == expectedOutputs.sorted(),
                "exactly the good inputs' outputs: nothing for failed inputs, no temporary files left")

        // Resumed: everything up to date is skipped; the broken inputs fail again.
        let rerun = try runCLI([
            "convert", "--to", "srt,vtt,json", "--output-dir", out.path, "--report", report, "--skip-existing",
            corpus.path, generated.path,
        ])
        #expect(rerun.status == 1)
        let statuses = try Self.readReport(report).compactMap { $0["status"] as? String }
        let converted = expectedOutputs.count / formats.count
        #expect(statuses.filter { $0 == "skipped" }.count == converted)
        #expect(statuses.filter { $0 == "converted" }.isEmpty)
        #expect(statuses.filter { $0 == "failed" }.count == expected.count - converted)
    }

    @Test("--shard K/N: the parts are disjoint, together complete, and stable (FNV-1a of the relative path)")
    func shardsPartitionTheInputs() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let input = temporary.url.appendingPathComponent("in")
        try ManyTranscripts.generate(into: input, count: 1000, broken: 5)
        let all = Self.expectedInputs(under: input)
        let shardCount = 3

        var seen: [String: Int] = [:]
        var outputs: [Set<String>] = []
        for index in 0 ..< shardCount {
            let out = temporary.url.appendingPathComponent("out-\(index)")
            let report = temporary.path("report-\(index).json")
            let result = try runCLI([
                "convert", "--to", "srt", "--output-dir", out.path, "--report", report, "--shard", "\(index)/\(shardCount)",
                "--quiet", input.path,
            ])
            #expect(result.status == 0 || result.status == 1)
            let entries = try Self.readReport(report)
            var converted: Set<String> = []
            for entry in entries {
                let path = try #require(entry["input"] as? String)
                let relative = String(path.dropFirst(input.path.count + 1))
                #expect(seen[relative] == nil, "\(relative) is in shard \(seen[relative] ?? -1) and \(index)")
                seen[relative] = index
                #expect(Int(Self.fnv1a(relative) % UInt64(shardCount)) == index, "\(relative) hashes to another shard")
                if entry["status"] as? String == "converted" { converted.insert(Self.replacingExtension(relative, with: "srt")) }
            }
            #expect(Set(filesUnder(out)) == converted, "shard \(index) writes exactly its own outputs")
            outputs.append(converted)
        }
        #expect(Set(seen.keys) == Set(all), "together the shards cover every input")
        #expect(outputs.allSatisfy { !$0.isEmpty }, "1,000 inputs leave no shard empty")

        // Another process computes the same split (no per-process hash seed).
        let again = temporary.path("again.json")
        _ = try runCLI(["convert", "--to", "srt", "--output-dir", temporary.path("again"), "--report", again,
                        "--shard", "1/\(shardCount)", "--quiet", input.path])
        let second = try Self.readReport(again).compactMap { ($0["input"] as? String).map { String($0.dropFirst(input.path.count + 1)) } }
        #expect(Set(second) == Set(seen.filter { $0.value == 1 }.keys))
    }

    /// 64-bit FNV-1a, written independently of the CLI's.
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
