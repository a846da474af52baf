import Foundation
import Testing
@testable import TranscriptKit

/// Every file of Nicolas Seriot's JSONTestSuite (`test_parsing/`) through every decoder and
/// auto-detection, whole and in small chunks.
///
/// - `n_` (not JSON): a ``TranscriptError/Kind/syntax`` error with a byte offset — except the
///   files that hold no JSON value at all, which are empty input, and empty input is valid input
///   (an empty transcript), and the files whose only fault is a second top-level value, which
///   a JSON Lines format reads as a stream; see `docs/bad-input.md`.
/// - `y_` (JSON): converted, or rejected as not a transcript / a value of the wrong type.
/// - `i_` (either): any outcome but a crash or a hang.
///
/// The suite lives beside the checkout (`../shared/testdata/JSONTestSuite`), as CI clones it;
/// when it is missing the test fails rather than skips.
@Suite("JSONTestSuite", .timeLimit(.minutes(30)))
struct JSONTestSuiteTests {
    static let folder = TestSupport.repoRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/testdata/JSONTestSuite/test_parsing")

    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".json") }.sorted()

    /// n_ files without any JSON value: empty input, only whitespace, only a byte order mark
    /// (which TranscriptKit skips).
    static let emptyInputFiles: Set<String> = [
        "n_structure_no_data.json", "n_single_space.json", "n_structure_UTF8_BOM_no_data.json",
    ]

    /// n_ files whose only fault is a second top-level value: a valid stream for a format that
    /// reads JSON Lines / concatenated JSON (Tencent TRTC), where the second value is then read
    /// or rejected on its merits.
    static let severalValuesFiles: Set<String> = [
        "n_structure_double_array.json", "n_structure_object_with_trailing_garbage.json",
    ]

    /// Whether `format` takes several top-level values (auto: when it may pick such a format).
    static func acceptsSeveralValues(_ format: SourceFormat) -> Bool {
        let types = format == .auto ? VendorRegistry.decoders : VendorRegistry.decoder(for: format).map { [$0] } ?? []
        return types.contains { $0.init(limits: DecodeLimits()).acceptsAnotherTopLevelValue() }
    }

    static let formats: [SourceFormat] = [.auto] + SourceFormat.known

    @Test func suiteIsPresent() {
        #expect(Self.files.count >= 300, "JSONTestSuite not found at \(Self.folder.path): clone it beside the repository")
        #expect(Self.files.contains { $0.hasPrefix("n_") } && Self.files.contains { $0.hasPrefix("y_") })
    }

    @Test(arguments: files)
    func everyDecoder(name: String) throws {
        let bytes = try TestSupport.bytes(Self.folder.appendingPathComponent(name))
        for format in Self.formats {
            let whole = Robustness.decode(bytes, DecodeOptions(format: format))
            // Chunking must not change the outcome; one-byte chunks for the small files.
            let chunk = bytes.count <= 4096 ? 1 : 997
            let chunked = Robustness.decode(bytes, DecodeOptions(format: format), chunk: chunk)
            #expect(Robustness.sameOutcome(whole, chunked), "\(name) \(format): chunks of \(chunk) gave \(chunked), whole gave \(whole)")
            check(name: name, format: format, outcome: whole)
        }
    }

    private func check(name: String, format: SourceFormat, outcome: Result<Transcript, TranscriptError>) {
        if Self.severalValuesFiles.contains(name), Self.acceptsSeveralValues(format) {
            if case .success(let transcript) = outcome { Robustness.expectWritable(transcript, "\(name) \(format)") }
            return
        }
        switch (name.prefix(2), outcome) {
        case ("n_", .success(let transcript)):
            #expect(Self.emptyInputFiles.contains(name), "\(name) \(format): accepted, not JSON")
            #expect(transcript.segments.isEmpty)
        case ("n_", .failure(let error)):
            #expect(!Self.emptyInputFiles.contains(name), "\(name) \(format): empty input must give an empty transcript, got \(error)")
            #expect(error.kind == .syntax, "\(name) \(format): \(error)")
            #expect(error.byteOffset != nil, "\(name) \(format): no offset in \(error)")
        case ("y_", .success(let transcript)):
            Robustness.expectWritable(transcript, "\(name) \(format)")
        case ("y_", .failure(let error)):
            #expect([.notATranscript, .wrongType].contains(error.kind), "\(name) \(format): \(error)")
        case (_, .success(let transcript)):
            Robustness.expectWritable(transcript, "\(name) \(format)")
        case (_, .failure(let error)):
            Robustness.expectWellFormed(error, inputCount: Int.max, "\(name) \(format)")
        }
    }

    /// Counts per outcome, printed for the record (`swift test --filter JSONTestSuite`).
    @Test func summary() throws {
        var counts: [String: Int] = [:]
        for name in Self.files {
            let bytes = try TestSupport.bytes(Self.folder.appendingPathComponent(name))
            for format in Self.formats {
                let key: String
                switch Robustness.decode(bytes, DecodeOptions(format: format)) {
                case .success: key = "\(name.prefix(1)) converted"
                case .failure(let error): key = "\(name.prefix(1)) \(error.kind.rawValue)"
                }
                counts[key, default: 0] += 1
            }
        }
        print("JSONTestSuite outcomes (files × \(Self.formats.count) formats):",
              counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        #expect(counts.values.reduce(0, +) == Self.files.count * Self.formats.count)
    }
}
