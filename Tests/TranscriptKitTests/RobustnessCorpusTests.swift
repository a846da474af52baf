import Foundation
import Testing
@testable import TranscriptKit

/// Damaged corpus files — every byte-prefix truncation, and a seeded sample of byte changes —
/// each give a clean error or a valid result, whatever the damage.
@Suite("Robustness: damaged corpus", .timeLimit(.minutes(30)))
struct RobustnessCorpusTests {
    static let files: [URL] = ["yeastar", "dingtalk", "symbl", "tencent"].flatMap { TestSupport.corpusFiles($0) }

    @Test func corpusIsPresent() {
        #expect(Self.files.count >= 20, "Corpus/ not found under \(TestSupport.repoRoot.path)")
    }

    /// Every `stride`-th prefix only when `TK_TRUNCATION_STRIDE` says so: scripts/sanitizers.sh
    /// sets it under ThreadSanitizer, where every prefix of every file would take most of an hour.
    static let stride = max(1, Int(ProcessInfo.processInfo.environment["TK_TRUNCATION_STRIDE"] ?? "") ?? 1)

    /// A half-finished download: every prefix, decoded with auto-detection (as the CLI does).
    @Test(arguments: files)
    func everyTruncation(file: URL) throws {
        let bytes = try TestSupport.bytes(file)
        let full = Robustness.decode(bytes)
        for length in Swift.stride(from: 0, to: bytes.count, by: Self.stride) {
            let prefix = Array(bytes[..<length])
            let context = "\(file.lastPathComponent) cut at \(length)"
            switch Robustness.decode(prefix) {
            case .success(let t):
                // Only a prefix holding whole documents (JSON Lines, whitespace) decodes, and it
                // never holds more than the whole file.
                if case .success(let whole) = full { #expect(t.segments.count <= whole.segments.count, "\(context)") }
                Robustness.expectWritable(t, context)
            case .failure(let error):
                Robustness.expectWellFormed(error, inputCount: length, context)
                #expect(error.byteOffset != nil, "\(context): \(error)")
            }
        }
    }

    /// Random damage: one to four bytes replaced (by a random byte, a bit flip, or a JSON
    /// delimiter), decoded whole and in small chunks; both must agree.
    @Test(arguments: files)
    func byteFlips(file: URL) throws {
        let bytes = try TestSupport.bytes(file)
        guard !bytes.isEmpty else { return }
        var rng = SplitMix64(seed: FNV1a.hash(bytes.withUnsafeBytes { $0 }))
        let delimiters = Array(#"{}[]:,"\ "#.utf8) + [0x00, 0xFF, 0xED, 0xA0]
        for trial in 0 ..< 150 {
            var damaged = bytes
            for _ in 0 ... Int(rng.next() % 4) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: damaged[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: damaged[at] ^= 1 << (rng.next() % 8)
                default: damaged[at] = delimiters[Int(rng.next() % UInt64(delimiters.count))]
                }
            }
            let context = "\(file.lastPathComponent) trial \(trial)"
            let whole = Robustness.decode(damaged)
            let chunked = Robustness.decode(damaged, DecodeOptions(), chunk: 1 + Int(rng.next() % 64))
            #expect(Robustness.sameOutcome(whole, chunked), "\(context): \(whole) vs \(chunked)")
            switch whole {
            case .success(let t): Robustness.expectWritable(t, context)
            case .failure(let error): Robustness.expectWellFormed(error, inputCount: damaged.count, context)
            }
        }
    }
}
