import Foundation
import Testing
@testable import TranscriptKit

/// Decoding on two threads (``DecodeOptions/allowsHelperThread``: yajl on the calling thread,
/// the decoder on a helper replaying a tape of events) gives exactly what one thread gives:
/// the same transcript, or the same error, with the same message, byte offset and JSON path.
///
/// The helper normally starts only on large pages; here it starts at the first byte of every
/// page (``DecodeOptions/helperThreadMinimumBytes`` = 0), with tape blocks as small as 32 bytes
/// so that blocks go round, wait for each other and grow for long strings.
@Suite("Decoding on a helper thread", .timeLimit(.minutes(20)))
struct HelperThreadTests {
    /// The outcome of decoding `bytes` (its size told, as files and buffers are), fed in chunks
    /// of `chunk` bytes, and whether the helper thread ran.
    static func decode(_ bytes: [UInt8], _ options: DecodeOptions, chunk: Int? = nil)
        -> (outcome: Result<Transcript, TranscriptError>, helper: Bool) {
        var helper = false
        let outcome = Result { () throws(TranscriptError) -> Transcript in
            var decoder = try TranscriptDecoder(options: options)
            decoder.expectPageBytes(bytes.count)
            let size = max(1, chunk ?? bytes.count)
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + size)
                do throws(TranscriptError) {
                    try decoder.decode(Array(bytes[offset ..< end]))
                } catch {
                    helper = helper || decoder.pagesOnHelperThread > 0
                    throw error
                }
                offset = end
            }
            helper = helper || decoder.pagesOnHelperThread > 0
            return try decoder.finish()
        }
        return (outcome, helper)
    }

    static func options(_ format: SourceFormat, strict: Bool = false, helper: Bool, blockBytes: Int = 1 << 18) -> DecodeOptions {
        var options = DecodeOptions(format: format, rejectsInvalidUTF8: strict, allowsHelperThread: helper)
        options.helperThreadMinimumBytes = 0
        options.helperThreadBlockBytes = blockBytes
        return options
    }

    /// Decodes `bytes` both ways and expects the very same outcome; returns whether the helper ran.
    @discardableResult
    static func expectSame(_ bytes: [UInt8], _ format: SourceFormat, strict: Bool = false, blockBytes: Int, chunk: Int? = nil,
                           _ context: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let one = decode(bytes, options(format, strict: strict, helper: false), chunk: chunk)
        let two = decode(bytes, options(format, strict: strict, helper: true, blockBytes: blockBytes), chunk: chunk)
        #expect(!one.helper, "\(context): the helper ran though it was not allowed", sourceLocation: sourceLocation)
        switch (one.outcome, two.outcome) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "\(context): transcripts differ", sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "\(context): one thread: \(a); two: \(b)", sourceLocation: sourceLocation)
        default:
            Issue.record("\(context): one thread gave \(one.outcome), two gave \(two.outcome)", sourceLocation: sourceLocation)
        }
        return two.helper
    }

    static let vendors = ["yeastar", "tencent", "symbl", "dingtalk"]
    static let corpus: [URL] = vendors.flatMap { TestSupport.corpusFiles($0) }

    @Test(arguments: corpus)
    func corpusFilesDecodeTheSame(file: URL) throws {
        let bytes = try TestSupport.bytes(file)
        let name = file.lastPathComponent
        for format in [SourceFormat.auto] + SourceFormat.known {
            for blockBytes in [32, 1000, 1 << 18] {
                let ran = Self.expectSame(bytes, format, blockBytes: blockBytes, "\(name) as \(format), blocks of \(blockBytes)")
                // The format must be known for the helper to start: given, or detected.
                if format != .auto { #expect(ran, "\(name) as \(format): the helper never started") }
            }
            Self.expectSame(bytes, format, strict: true, blockBytes: 64, "\(name) as \(format), strict UTF-8")
            Self.expectSame(bytes, format, blockBytes: 64, chunk: 37, "\(name) as \(format), chunks of 37")
        }
    }

    /// The corpus once more, cut short and with bytes changed: the errors must match to the
    /// byte offset and path, whichever thread found them.
    @Test(arguments: corpus)
    func damagedCorpusFilesFailTheSame(file: URL) throws {
        let bytes = try TestSupport.bytes(file)
        let name = file.lastPathComponent
        var rng = SplitMix64(seed: 0xD1CE)
        let formats: [SourceFormat] = [.auto] + SourceFormat.known
        for cut in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 23)) {
            for format in formats {
                Self.expectSame(Array(bytes[..<cut]), format, blockBytes: 48, "\(name) cut at \(cut) as \(format)")
            }
        }
        let replacements: [UInt8] = Array("{}[]\",:0-e.\\ \u{7F}x".utf8) + [0xC3, 0xFF, 0xED, 0x0C, 0x00]
        for _ in 0 ..< 40 where !bytes.isEmpty {
            var damaged = bytes
            for _ in 0 ..< 1 + Int(rng.next() % 3) {
                damaged[Int(rng.next() % UInt64(bytes.count))] = replacements[Int(rng.next() % UInt64(replacements.count))]
            }
            let target = formats[Int(rng.next() % UInt64(formats.count))]
            Self.expectSame(damaged, target, strict: rng.next() % 2 == 0, blockBytes: 40, "\(name) damaged as \(target)")
        }
    }

    @Test func jsonTestSuiteDecodesTheSame() throws {
        let folder = JSONTestSuiteTests.folder
        #expect(JSONTestSuiteTests.files.count >= 300, "JSONTestSuite not found at \(folder.path)")
        for name in JSONTestSuiteTests.files {
            let bytes = try TestSupport.bytes(folder.appendingPathComponent(name))
            for format in JSONTestSuiteTests.formats {
                Self.expectSame(bytes, format, blockBytes: 32, "\(name) as \(format)")
                Self.expectSame(bytes, format, strict: true, blockBytes: 32, chunk: 5, "\(name) as \(format), strict, chunks of 5")
            }
        }
    }

    /// Strings longer than a block (the block grows), an unpaired surrogate escape, and the
    /// token-size limit, which the parsing thread checks while the helper decodes.
    @Test func longStringsEscapesAndLimits() throws {
        let long = String(repeating: "长", count: 25_000) // 75 kB: longer than a block and a slice
        let page = Robustness.yeastar(Robustness.record(content: long) + "," + Robustness.record(id: "7000:1778682581785:2", content: #"a\uD800b"#))
        for strict in [false, true] {
            #expect(Self.expectSame(Array(page.utf8), .yeastar, strict: strict, blockBytes: 64, "long string, strict \(strict)"))
        }
        // 3.75 MB of text fed in 4 KiB chunks: over a 1 MiB token limit it fails, under 4 MiB it decodes.
        let huge = Array(Robustness.yeastar(Robustness.record(content: String(repeating: "word ", count: 3 << 18))).utf8)
        for limit in [1 << 20, 4 << 20] {
            var one = Self.options(.yeastar, helper: false), two = Self.options(.yeastar, helper: true, blockBytes: 4096)
            one.limits = DecodeLimits(maximumTokenBytes: limit)
            two.limits = one.limits
            let a = Self.decode(huge, one, chunk: 4096), b = Self.decode(huge, two, chunk: 4096)
            #expect(b.helper)
            switch (a.outcome, b.outcome) {
            case (.failure(let x), .failure(let y)):
                #expect(limit == 1 << 20 && x == y && x.kind == .limitExceeded, "\(x) / \(y)")
            case (.success(let x), .success(let y)):
                #expect(limit == 4 << 20 && x == y)
            default:
                Issue.record("token limit \(limit): one thread gave \(a.outcome), two gave \(b.outcome)")
            }
        }
    }

    /// The helper stops on a fatal error (a second top-level value) while the parsing thread
    /// reads on and finds an error of its own further on: the helper's, earlier in the
    /// document, wins, as it would have stopped a single-threaded parse there.
    @Test(arguments: ["form feed", "syntax error", "a token over the limit", "input over the limit"])
    func helpersFatalErrorComesFirst(later: String) throws {
        let tail: [UInt8] = switch later {
        case "form feed": [0x0C]
        case "syntax error": Array("]".utf8)
        case "a token over the limit": Array(("\"" + String(repeating: "x", count: 300_000)).utf8)
        default: Array(repeating: UInt8(ascii: " "), count: 2_100_000)
        }
        // 600 kB of records first, so that on a page told to be large the helper starts (after
        // the 256 kB sample) before the second value.
        let records = (0 ..< 5000).map { Robustness.record(id: "7000:1778682581785:\($0)", content: "Sentence \($0) of a page.") }
        let head = Array(Robustness.yeastar(records.joined(separator: ",")).utf8) + Array(#"{"x":1}"#.utf8)
        let page = head + Array(repeating: UInt8(ascii: " "), count: 5000) + tail
        // Small blocks hand the second value over at once; a large one holds it, unpublished,
        // while the parsing thread reads on.
        for chunk in [nil, 1 << 18, 4096, 1000] { for blockBytes in [64, 1 << 18] {
            var one = Self.options(.yeastar, helper: false), two = Self.options(.yeastar, helper: true, blockBytes: blockBytes)
            // (Whitespace counts towards the token limit: only the token case sets it low.)
            let limits = DecodeLimits(maximumInputBytes: 2_000_000, maximumTokenBytes: later == "a token over the limit" ? 100_000 : 16 << 20)
            one.limits = limits
            two.limits = limits
            let a = Self.decode(page, one, chunk: chunk), b = Self.decode(page, two, chunk: chunk)
            // Whole, the page over the input limit is refused before a byte is parsed.
            #expect(b.helper || (chunk == nil && later == "input over the limit"), "\(later), chunks of \(String(describing: chunk))")
            let x = try #require(Robustness.error(a.outcome)), y = try #require(Robustness.error(b.outcome))
            #expect(x == y, "\(later), chunks of \(String(describing: chunk)): one thread \(x), two \(y)")
            if chunk != nil || later != "input over the limit" {
                #expect(y.message.contains("more than one top-level"), "\(later): \(y)")
            }
        } }
    }

    /// `decode(contentsOf:)` throws the errors of its file itself, with or without a helper
    /// (which starts mid-page, after the sample, as by default); an error only the end of the
    /// page can reveal comes from `finish()` either way.
    @Test(arguments: [("a second value", #"{"x":1}"#), ("a wrong type", ""), ("cut short", "")])
    func fileErrorsComeFromTheSameCall(what: String, trailer: String) throws {
        var records: [String] = []
        for i in 0 ..< 12_000 {
            let timestamp = what == "a wrong type" && i == 11_990 ? "true" : String(1_778_682_581_785 + i * 1000)
            records.append(Robustness.record(id: "7000:1778682581785:\(i)", content: "Sentence number \(i), long enough to fill a page of a few megabytes soon.",
                                             timestamp: timestamp))
        }
        var page = Robustness.yeastar(records.joined(separator: ",")) + trailer
        if what == "cut short" { page.removeLast(3) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("helper-\(UUID().uuidString).json")
        try Data(page.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var outcomes: [String] = []
        for helper in [false, true] {
            var decoder = try TranscriptDecoder(options: DecodeOptions(format: .yeastar, allowsHelperThread: helper))
            do {
                try decoder.decode(contentsOf: url.path)
            } catch {
                #expect(decoder.pagesOnHelperThread == (helper ? 1 : 0))
                outcomes.append("decode: \(error)")
                continue
            }
            #expect(decoder.pagesOnHelperThread == (helper ? 1 : 0))
            do { _ = try decoder.finish(); outcomes.append("decoded") } catch { outcomes.append("finish: \(error)") }
        }
        #expect(outcomes.count == 2 && outcomes[0] == outcomes[1], "\(what): \(outcomes)")
        #expect(outcomes.first?.hasPrefix(what == "a second value" ? "decode:" : "finish:") == true, "\(what): \(outcomes)")
    }

    /// A page size told again mid-page, after the helper started, changes nothing (the
    /// columns are the helper's then; sizing them from this thread would race it).
    @Test func pageSizeToldAgainMidPage() throws {
        let bytes = Self.largePage
        let whole = try Transcript(decoding: bytes, options: DecodeOptions(allowsHelperThread: false))
        var decoder = try TranscriptDecoder(options: Self.options(.yeastar, helper: true))
        decoder.expectPageBytes(bytes.count)
        let first = 300_000 // past the 256 kB sample: the columns are sized, the helper starts
        try decoder.decode(Array(bytes[..<first]))
        #expect(decoder.pagesOnHelperThread == 1)
        decoder.expectPageBytes(bytes.count)
        try decoder.decode(Array(bytes[first...]))
        #expect(try decoder.finish() == whole)
    }

    /// 12,000 Yeastar records, 2.3 MB.
    static let largePage: [UInt8] = {
        let records = (0 ..< 12_000).map { i in
            Robustness.record(id: "7000:1778682581785:\(i)", content: "Sentence number \(i), long enough to fill a page of a few megabytes soon.",
                              timestamp: String(1_778_682_581_785 + i * 1000))
        }
        return Array(Robustness.yeastar(records.joined(separator: ",")).utf8)
    }()

    /// A decoder dropped mid-page, its helper still running, ends it without waiting forever.
    @Test func abandonedDecoderStopsItsHelper() throws {
        let bytes = try TestSupport.bytes(TestSupport.corpus("yeastar/page1.json"))
        for blockBytes in [32, 1 << 18] {
            var decoder = try TranscriptDecoder(options: Self.options(.yeastar, helper: true, blockBytes: blockBytes))
            decoder.expectPageBytes(bytes.count)
            try decoder.decode(Array(bytes[..<(bytes.count / 2)]))
            #expect(decoder.pagesOnHelperThread == 1)
            _ = consume decoder
        }
    }

    /// By default only a page with at least a mebibyte left once its format is known goes to
    /// a helper thread; a small one decodes on the calling thread.
    @Test func onlyLargePagesUseTheHelperByDefault() throws {
        let small = try TestSupport.bytes(TestSupport.corpus("yeastar/page1.json"))
        #expect(!Self.decode(small, DecodeOptions(format: .yeastar)).helper)
        let large = Self.largePage
        #expect(large.count > 2 << 20)
        let two = Self.decode(large, DecodeOptions(format: .yeastar))
        #expect(two.helper)
        let one = Self.decode(large, DecodeOptions(format: .yeastar, allowsHelperThread: false))
        #expect(!one.helper)
        #expect(try two.outcome.get() == one.outcome.get())
        #expect(try two.outcome.get().segments.count == 12_000)
    }
}
