import Foundation
import Testing
import TranscriptKit

/// Hands out `bytes` in chunks of random sizes (seeded), yielding to other tasks between them
/// as a network body would.
struct RandomChunks: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    let bytes: [UInt8]
    let seed: UInt64
    let maximumChunk: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        var random: SplitMix64
        let maximumChunk: Int
        var offset = 0

        mutating func next() async throws -> ArraySlice<UInt8>? {
            guard offset < bytes.count else { return nil }
            await Task.yield()
            // Empty chunks too: a body may deliver them.
            let size = Int.random(in: 0 ... maximumChunk, using: &random)
            let end = Swift.min(offset + size, bytes.count)
            defer { offset = end }
            return bytes[offset ..< end]
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(bytes: bytes, random: SplitMix64(seed: seed), maximumChunk: maximumChunk)
    }
}

/// Endless whitespace, so that only cancellation can end the decode.
struct EndlessWhitespace: AsyncSequence, Sendable {
    struct AsyncIterator: AsyncIteratorProtocol {
        mutating func next() async throws -> [UInt8]? {
            await Task.yield()
            return [UInt8](repeating: 0x20, count: 64)
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}

@Suite("Async decoding and output")
struct AsyncDecodingTests {
    /// Every corpus file, plus a few generated ones (long enough for many chunks).
    static func samples() throws -> [(name: String, bytes: [UInt8])] {
        var samples: [(String, [UInt8])] = []
        let corpus = TestPaths.corpus
        // Not Corpus/generated/: benchmark pages of hundreds of MB may be there.
        for relative in filesUnder(corpus) where !relative.hasPrefix("generated/") && (relative.hasSuffix(".json") || relative.hasSuffix(".jsonl")) {
            samples.append((relative, Array(try Data(contentsOf: corpus.appendingPathComponent(relative)))))
        }
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        try ManyTranscripts.writeYeastar(into: temporary.url, count: 8, broken: 4, seed: 11)
        for relative in filesUnder(temporary.url) {
            samples.append(("generated/" + relative, Array(try Data(contentsOf: temporary.url.appendingPathComponent(relative)))))
        }
        return samples
    }

    @Test("a file delivered in random-sized chunks decodes to what one buffer gives (transcript or error)")
    func randomChunksEqualOneBuffer() async throws {
        let samples = try Self.samples()
        #expect(samples.count > 12)
        for (index, sample) in samples.enumerated() {
            let whole = Result { () throws(TranscriptError) in try Transcript(decoding: sample.bytes) }
            for trial in 0 ..< 12 {
                let seed = UInt64(index * 1000 + trial)
                let maximumChunk = [1, 7, 64, 4096][trial % 4]
                let chunks = RandomChunks(bytes: sample.bytes, seed: seed, maximumChunk: maximumChunk)
                do {
                    let streamed = try await Transcript(decoding: chunks)
                    #expect(whole == .success(streamed), "\(sample.name), seed \(seed), chunks ≤ \(maximumChunk)")
                } catch let error as TranscriptError {
                    #expect(whole == .failure(error), "\(sample.name), seed \(seed), chunks ≤ \(maximumChunk)")
                }
            }
        }
    }

    @Test("a byte-by-byte sequence (like URLSession.AsyncBytes) decodes the same")
    func byteSequence() async throws {
        for sample in try Self.samples().prefix(6) {
            let whole = Result { () throws(TranscriptError) in try Transcript(decoding: sample.bytes) }
            let stream = AsyncStream<UInt8> { continuation in
                for byte in sample.bytes { continuation.yield(byte) }
                continuation.finish()
            }
            do {
                let streamed = try await Transcript(decoding: stream)
                #expect(whole == .success(streamed), "\(sample.name)")
            } catch let error as TranscriptError {
                #expect(whole == .failure(error), "\(sample.name)")
            }
        }
    }

    @Test("pages pushed from async sequences merge like pages from files")
    func asyncPages() async throws {
        let pages = ["yeastar/page1.json", "yeastar/page2.json"].map { TestPaths.corpus.appendingPathComponent($0).path }
        try #require(pages.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "Corpus/ is missing")
        var decoder = try TranscriptDecoder()
        for (index, page) in pages.enumerated() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: page)))
            try await decoder.decode(RandomChunks(bytes: bytes, seed: UInt64(index), maximumChunk: 100))
            try decoder.endPage()
        }
        let merged = try decoder.finish()
        #expect(merged == (try Transcript(mergingPagesAt: pages)))
    }

    @Test("cancellation stops a decode between chunks")
    func cancellation() async throws {
        let task = Task { try await Transcript(decoding: EndlessWhitespace()) }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }

    @Test("output as async chunks concatenates to the rendered bytes, at any chunk size; files are written atomically")
    func outputChunksAndFiles() async throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        for sample in try Self.samples() {
            guard let transcript = try? Transcript(decoding: sample.bytes) else { continue }
            for format in OutputFormat.allCases {
                let rendered = try transcript.rendered(format)
                for chunkSize in [1, 100, 1 << 16] {
                    var joined: [UInt8] = []
                    var chunks = 0
                    for try await chunk in transcript.outputChunks(format, chunkSize: chunkSize) {
                        #expect(!chunk.isEmpty && chunk.count <= chunkSize)
                        joined += chunk
                        chunks += 1
                    }
                    #expect(joined == rendered, "\(sample.name) as \(format), chunks of \(chunkSize)")
                    #expect(chunks == (rendered.count + chunkSize - 1) / chunkSize)
                }
                let path = temporary.path("out.\(format.fileExtension)")
                try transcript.write(format, toFile: path)
                #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == rendered)
            }
        }
        #expect(filesUnder(temporary.url) == ["out.json", "out.srt", "out.vtt"], "no temporary files left")
    }

    @Test("decode(contentsOf:) reports the bytes read and keeps the detected format")
    func decodeFileKeepsFormat() throws {
        let path = TestPaths.corpus.appendingPathComponent("yeastar/page1.json").path
        try #require(FileManager.default.fileExists(atPath: path), "Corpus/ is missing")
        var decoder = try TranscriptDecoder()
        let bytes = try decoder.decode(contentsOf: path)
        #expect(bytes == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        #expect(decoder.format == .yeastar)
        #expect(try decoder.finish() == Transcript(contentsOf: path))
    }
}
