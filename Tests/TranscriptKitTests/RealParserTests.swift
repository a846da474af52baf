import Foundation
import Testing
@testable import TranscriptKit

/// Outputs are read back by independent, real parsers: python `srt` and `webvtt-py`
/// (installed by scripts/ensure-deps.sh --test).
@Suite("Real parsers")
struct RealParserTests {
    static let files = TestSupport.corpusFiles("yeastar").filter { !$0.lastPathComponent.hasPrefix("error") }

    static let script = #"""
    import sys, json, io
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "srt":
        import srt
        cues = list(srt.parse(open(path, encoding="utf-8").read()))
        print(json.dumps([c.content for c in cues]))
    else:
        import webvtt
        cues = webvtt.read(path)
        print(json.dumps([c.raw_text if hasattr(c, "raw_text") else c.text for c in cues]))
    """#

    @Test(arguments: files)
    func pythonParsersReadEveryCue(file: URL) throws {
        let t = try Transcript(contentsOf: file.path)
        let cues = Captioner().cues(for: t)
        for format in [OutputFormat.srt, .vtt] {
            let out = FileManager.default.temporaryDirectory
                .appendingPathComponent("tk-\(UUID().uuidString).\(format.fileExtension)")
            try Data(try t.rendered(format)).write(to: out)
            defer { try? FileManager.default.removeItem(at: out) }
            let (status, stdout, stderr) = try TestSupport.run("python3", ["-c", Self.script, format.rawValue, out.path])
            #expect(status == 0, "\(format) parser failed: \(stderr)")
            let texts = try JSONDecoder().decode([String].self, from: Data(stdout.utf8))
            #expect(texts.count == cues.count, "\(format): \(texts.count) cues read, \(cues.count) written")
            if format == .srt {
                // SRT text comes back as written (speaker label prefix aside; markup-like text neutralised).
                for (i, text) in texts.enumerated() { #expect(text.hasSuffix(SRTWriter.displayText(cues.text(i)))) }
            }
        }
    }
}

/// The canonical JSON validates against Schema/transcript-1.schema.json (python `jsonschema`).
@Suite("JSON Schema")
struct JSONSchemaTests {
    @Test(arguments: RealParserTests.files)
    func canonicalJSONMatchesTheSchema(file: URL) throws {
        let t = try Transcript(contentsOf: file.path)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tk-\(UUID().uuidString).json")
        try Data(try t.rendered(.json)).write(to: out)
        defer { try? FileManager.default.removeItem(at: out) }
        let schema = TestSupport.repoRoot.appendingPathComponent("Schema/transcript-1.schema.json").path
        let script = "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1]))); print('ok')"
        let (status, stdout, stderr) = try TestSupport.run("python3", ["-c", script, schema, out.path])
        #expect(status == 0 && stdout.hasPrefix("ok"), "\(stderr)")
    }
}
