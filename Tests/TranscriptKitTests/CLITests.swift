import Foundation
import Testing
import TranscriptKit

@Suite("transcript CLI")
struct CLITests {
    static let yeastar = TestPaths.corpus.appendingPathComponent("yeastar/page1.json")
    static let yeastarError = TestPaths.corpus.appendingPathComponent("yeastar/error.json")

    static func requireCorpus() throws {
        try #require(FileManager.default.fileExists(atPath: yeastar.path), "Corpus/ is missing")
    }

    @Test("one input goes to standard output, as the library renders it")
    func singleInputToStandardOutput() throws {
        try Self.requireCorpus()
        let result = try runCLI(["convert", "--to", "srt", Self.yeastar.path])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "no progress or summary for a single conversion")
        #expect(Array(result.stdout) == (try Transcript(contentsOf: Self.yeastar.path).rendered(.srt)))
    }

    @Test("standard input, -o FILE (replaced when it exists), --origin and --from still work")
    func singleInputOptions() throws {
        try Self.requireCorpus()
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let target = temporary.path("call.vtt")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        let input = try Data(contentsOf: Self.yeastar)
        let result = try runCLI(["convert", "--from", "yeastar", "--to", "vtt", "--origin", "0", "-o", target, "-"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let options = DecodeOptions(format: .yeastar, origin: 0)
        let expected = try Transcript(decoding: Array(input), options: options).rendered(.vtt)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: target))) == expected)
    }

    @Test("--merge still treats the inputs as pages of one transcript")
    func mergeStillWorks() throws {
        try Self.requireCorpus()
        let pages = ["yeastar/page1.json", "yeastar/page2.json"].map { TestPaths.corpus.appendingPathComponent($0).path }
        let result = try runCLI(["convert", "--merge", "--to", "json"] + pages)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Array(result.stdout) == (try Transcript(mergingPagesAt: pages).rendered(.json)))
    }

    @Test("several inputs without --output-dir: outputs beside the inputs; a failure gives exit 1 and a line on stderr")
    func severalInputsBesideThem() throws {
        try Self.requireCorpus()
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let good = temporary.url.appendingPathComponent("good.json")
        let bad = temporary.url.appendingPathComponent("bad.json")
        try FileManager.default.copyItem(at: Self.yeastar, to: good)
        try FileManager.default.copyItem(at: Self.yeastarError, to: bad)
        let result = try runCLI(["convert", "--to", "srt,vtt", good.path, bad.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(bad.path): vendor-error"))
        #expect(result.stderr.contains("1 converted, 0 skipped, 1 failed"), "\(result.stderr)")
        #expect(filesUnder(temporary.url) == ["bad.json", "good.json", "good.srt", "good.vtt"])
    }

    @Test("an existing output is kept without --force, replaced with it; --skip-existing skips it until the input changes")
    func overwriteRules() throws {
        try Self.requireCorpus()
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let input = temporary.url.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let source = input.appendingPathComponent("call.json")
        try FileManager.default.copyItem(at: Self.yeastar, to: source)
        let out = temporary.url.appendingPathComponent("out")
        let output = out.appendingPathComponent("call.srt")
        let report = temporary.path("report.json")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: output)
        let expected = try Transcript(contentsOf: source.path).rendered(.srt)
        func status() throws -> String? { try BatchTests.readReport(report).first?["status"] as? String }

        let refused = try runCLI(["convert", "--to", "srt", "--output-dir", out.path, "--report", report, input.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("exists"))
        #expect(try Data(contentsOf: output) == Data("keep me".utf8))

        // Older than the input: --skip-existing rewrites it.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: output.path)
        let stale = try runCLI(["convert", "--to", "srt", "--output-dir", out.path, "--report", report, "--skip-existing", input.path])
        #expect(stale.status == 0)
        #expect(try status() == "converted")
        #expect(Array(try Data(contentsOf: output)) == expected)

        // Newer than the input: skipped.
        let skipped = try runCLI(["convert", "--to", "srt", "--output-dir", out.path, "--report", report, "--skip-existing", input.path])
        #expect(skipped.status == 0)
        #expect(try status() == "skipped")

        // --force replaces it whatever its age.
        try Data("replace me".utf8).write(to: output)
        let forced = try runCLI(["convert", "--to", "srt", "--output-dir", out.path, "--force", input.path])
        #expect(forced.status == 0)
        #expect(Array(try Data(contentsOf: output)) == expected)
    }

    @Test("outputs are never written outside --output-dir, nor over an input")
    func staysInsideTheOutputDirectory() throws {
        try Self.requireCorpus()
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let input = temporary.url.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.yeastar, to: input.appendingPathComponent("sub/call.json"))
        try FileManager.default.copyItem(at: Self.yeastar, to: input.appendingPathComponent("top.json"))
        let out = temporary.url.appendingPathComponent("out")
        let elsewhere = temporary.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        // out/sub is a link leading out of the output directory.
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("sub"), withDestinationURL: elsewhere)

        let result = try runCLI(["convert", "--to", "srt", "--output-dir", out.path, input.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not writing through it"))
        #expect(filesUnder(elsewhere).isEmpty)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("top.srt").path))

        // --to json beside a .json input would replace it.
        let beside = try runCLI(["convert", "--to", "json,srt", input.appendingPathComponent("top.json").path])
        #expect(beside.status == 1)
        #expect(beside.stderr.contains("would replace an input"))
        #expect(Array(try Data(contentsOf: input.appendingPathComponent("top.json"))) == Array(try Data(contentsOf: Self.yeastar)))
    }

    @Test("an output directory inside the input directory is not walked", arguments: [false, true])
    func outputInsideInput(secondRun: Bool) throws {
        try Self.requireCorpus()
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        try FileManager.default.copyItem(at: Self.yeastar, to: temporary.url.appendingPathComponent("a.json"))
        let out = temporary.url.appendingPathComponent("converted")
        for _ in 0 ..< (secondRun ? 2 : 1) {
            let result = try runCLI(["convert", "--to", "json", "--output-dir", out.path, "--skip-existing", temporary.url.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(filesUnder(out) == ["a.json"])
    }

    @Test("usage errors exit with 2", arguments: [
        ["convert", "--to", "srt", "--shard", "3/3", "x.json"],
        ["convert", "--to", "srt", "--shard", "x", "x.json"],
        ["convert", "--to", "srt", "--jobs", "0", "x.json"],
        ["convert", "--to", "srt,nope", "x.json"],
        ["convert", "--to", "srt", "-o", "not-a-directory", "a.json", "b.json"],
        ["convert", "--merge", "--to", "srt,vtt", "a.json", "b.json"],
        ["convert", "--to", "srt", "--shard", "0/2", "-"],
        ["convert", "--to", "srt", "-", "-"],
        ["inspect", "--from", "nope", "x.json"],
        ["convert", "--to", "srt", "--min-gap=-1", "x.json"],
        ["convert", "--to", "srt", "--min-duration=-9223372036854775808", "x.json"],
        ["convert", "--to", "srt", "--max-duration=-5", "x.json"],
        ["convert", "--to", "srt", "--max-words=-3", "x.json"],
    ])
    func usageErrors(arguments: [String]) throws {
        let result = try runCLI(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("Error") || result.stderr.contains("error"))
    }

    @Test("a missing input fails the run (exit 1), it is not a usage error")
    func missingInput() throws {
        let result = try runCLI(["convert", "--to", "srt", "/nonexistent/call.json"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/call.json: io"))
    }

    @Test("inspect shows the detected format and a summary; a broken file shows its error and exits 1")
    func inspect() throws {
        try Self.requireCorpus()
        let transcript = try Transcript(contentsOf: Self.yeastar.path)
        let good = try runCLI(["inspect", Self.yeastar.path])
        #expect(good.status == 0)
        let text = good.stdoutText
        #expect(text.contains("format:     yeastar (detected)"))
        #expect(text.contains("segments:   \(transcript.segments.count)"))
        #expect(text.contains("speakers:   \(transcript.speakers.count)"))
        #expect(text.contains("origin:     \(TimeText.formatISO8601(transcript.origin ?? 0))"))
        for name in transcript.speakers.names where !name.isEmpty { #expect(text.contains(name)) }

        let bad = try runCLI(["inspect", Self.yeastarError.path])
        #expect(bad.status == 1)
        #expect(bad.stdoutText.contains("yeastar (detected)"))
        #expect(bad.stdoutText.contains("error:      vendor-error"))
    }
}
