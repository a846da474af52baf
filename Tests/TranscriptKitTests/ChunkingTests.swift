import Foundation
import Testing
@testable import TranscriptKit

/// Any chunking of the input gives exactly the same transcript.
@Suite("Chunking")
struct ChunkingTests {
    static let files = TestSupport.corpusFiles("yeastar").filter { !$0.lastPathComponent.hasPrefix("error") }

    @Test(arguments: files)
    func chunkSizeDoesNotMatter(file: URL) throws {
        let bytes = try TestSupport.bytes(file)
        let whole = try Transcript(decoding: bytes)
        for size in [1, 7, 64 * 1024] {
            let chunked = try TestSupport.decodeChunked(bytes, chunk: size)
            #expect(chunked == whole, "chunk size \(size)")
            #expect(try chunked.rendered(.json) == whole.rendered(.json), "chunk size \(size)")
        }
    }

    @Test(arguments: files)
    func randomChunkingDoesNotMatter(file: URL) throws {
        let bytes = try TestSupport.bytes(file)
        let whole = try Transcript(decoding: bytes)
        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0 ..< 5 {
            var decoder = try TranscriptDecoder()
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + Int(rng.next() % 300) + 1)
                try decoder.decode(Array(bytes[offset ..< end]))
                offset = end
            }
            #expect(try decoder.finish() == whole)
        }
    }

    @Test func errorsAreTheSameWhateverTheChunking() throws {
        let text = Array(#"{"errcode":0,"data":{"leg_1":{"context":[{"id":"a","timestamp":"soon"}]}}}"#.utf8)
        var errors: [TranscriptError] = []
        for size in [1, 7, text.count] {
            do { _ = try TestSupport.decodeChunked(text, chunk: size) } catch let error as TranscriptError { errors.append(error) }
        }
        #expect(errors.count == 3)
        #expect(Set(errors.map(\.description)).count == 1, "\(errors)")
    }
}

/// A tiny deterministic PRNG for repeatable property tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
