import Foundation
import Testing
@testable import TranscriptKit

/// Every corpus file is recognised, any chunking decodes it the same, and the vendor files
/// match their golden SRT, WebVTT and JSON.
@Suite("Vendor corpus")
struct DetectionTests {
    static let vendors = ["dingtalk", "symbl", "tencent"]

    /// Every file under Corpus/ (but the generated ones), with the vendor its folder names.
    static let allCorpusFiles: [URL] = {
        let root = TestSupport.repoRoot.appendingPathComponent("Corpus").resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker {
            let relative = url.path.dropFirst(root.path.count + 1)
            if relative.hasPrefix("generated") { continue }
            if url.pathExtension == "json" || url.pathExtension == "jsonl" { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }()

    /// The files of our vendors that hold a transcript (not an error body).
    static let transcriptFiles: [URL] = vendors.flatMap { TestSupport.corpusFiles($0) }
        .filter { !$0.lastPathComponent.hasPrefix("error") }

    static func vendor(of file: URL) -> String { file.deletingLastPathComponent().lastPathComponent }

    @Test func theCorpusIsThere() {
        for vendor in Self.vendors + ["yeastar"] {
            #expect(Self.allCorpusFiles.contains { Self.vendor(of: $0) == vendor }, "no corpus for \(vendor)")
        }
    }

    @Test(arguments: allCorpusFiles)
    func autoDetectionNamesTheFolder(file: URL) throws {
        var decoder = try TranscriptDecoder()
        var failure: TranscriptError?
        do {
            try decoder.decode(try TestSupport.bytes(file))
            try decoder.endPage()
        } catch {
            failure = error as? TranscriptError
        }
        #expect(decoder.format?.rawValue == Self.vendor(of: file), "\(file.lastPathComponent)")
        if let failure {
            // Only the vendors' own error bodies may fail, and as vendor errors.
            #expect(file.lastPathComponent.hasPrefix("error"), "\(failure)")
            #expect(failure.kind == .vendorError, "\(failure)")
        }
    }

    @Test(arguments: transcriptFiles)
    func chunkSizeDoesNotMatter(file: URL) throws {
        let bytes = try TestSupport.bytes(file)
        let whole = try Transcript(decoding: bytes)
        for size in [1, 7, bytes.count] {
            let chunked = try TestSupport.decodeChunked(bytes, chunk: size)
            #expect(chunked == whole, "chunk size \(size)")
            #expect(try chunked.rendered(.json) == whole.rendered(.json), "chunk size \(size)")
        }
    }

    @Test(arguments: transcriptFiles)
    func explicitFormatGivesTheSameTranscript(file: URL) throws {
        let bytes = try TestSupport.bytes(file)
        let detected = try Transcript(decoding: bytes)
        let named = try Transcript(decoding: bytes, options: DecodeOptions(format: SourceFormat(Self.vendor(of: file))))
        #expect(named == detected)
    }

    @Test(arguments: transcriptFiles)
    func matchesGolden(file: URL) throws {
        let t = try Transcript(contentsOf: file.path)
        let name = file.deletingPathExtension().lastPathComponent
        for format in OutputFormat.allCases {
            let golden = "\(Self.vendor(of: file))/\(name).\(format.fileExtension)"
            #expect(try TestSupport.matchesGolden(try t.rendered(format), golden), "\(golden)")
        }
    }

    @Test(arguments: transcriptFiles)
    func canonicalJSONRoundTrips(file: URL) throws {
        let t = try Transcript(contentsOf: file.path)
        let json = try t.rendered(.json)
        let back = try Transcript(decoding: json)
        #expect(try back.rendered(.json) == json)
    }

    @Test func unknownJSONSaysItIsNotATranscript() {
        for text in [#"{"conversationId":"1","jobId":"2"}"#, #"[{"foo":1}]"#, #"{"paragraphs":[]}"#] {
            #expect {
                _ = try Transcript(decoding: Array(text.utf8))
            } throws: { error in
                (error as? TranscriptError)?.kind == .notATranscript
            }
        }
    }

    @Test func rootKeysPickTheVendor() throws {
        let cases: [(String, String)] = [
            (#"{"hasMore":false,"paragraphList":[]}"#, "dingtalk"),
            (#"{"paragraphList":[],"hasMore":false}"#, "dingtalk"),
            (#"{"messages":[]}"#, "symbl"),
            (#"{"type":10001,"sender":"bot","payload":{}}"#, "tencent"),
            (#"[{"type":10000,"sender":"a","payload":{"text":"x","start_time_ms":0,"end_time_ms":5}}]"#, "tencent"),
            (#"{"type":"subtitle","userid":"u","text":"x","start_time_ms":0}"#, "tencent"),
            ("[]", "tencent"),
        ]
        for (text, vendor) in cases {
            var decoder = try TranscriptDecoder()
            try decoder.decode(Array(text.utf8))
            try decoder.endPage()
            #expect(decoder.format?.rawValue == vendor, "\(text)")
        }
    }
}
