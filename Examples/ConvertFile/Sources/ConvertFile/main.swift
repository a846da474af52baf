// Converts one transcript file the way a service would handle a download: the bytes arrive as
// an async sequence of chunks, the result goes out as an async sequence of chunks.
//
//   swift run ConvertFile [INPUT] [srt|vtt|json]      (default: the Yeastar seed, as SRT)

import Foundation
import TranscriptKit

let arguments = CommandLine.arguments
let input = arguments.count > 1 ? arguments[1] : "../../Corpus/yeastar/seed-two-legs.json"
guard let format = arguments.count > 2 ? OutputFormat(rawValue: arguments[2]) : .srt else {
    FileHandle.standardError.write(Data("usage: ConvertFile [INPUT] [srt|vtt|json]\n".utf8))
    exit(2)
}

/// The file's bytes in uneven chunks, as a network body would deliver them.
func body(of path: String) throws -> AsyncStream<ArraySlice<UInt8>> {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    return AsyncStream { continuation in
        var offset = 0
        var size = 1000
        while offset < bytes.count {
            let end = min(offset + size, bytes.count)
            continuation.yield(bytes[offset ..< end])
            offset = end
            size = size * 7 % 4093 + 1   // vary the chunk size
        }
        continuation.finish()
    }
}

do {
    let transcript = try await Transcript(decoding: try body(of: input))

    // The same file decoded in one go must agree.
    guard transcript == (try Transcript(contentsOf: input)) else {
        FileHandle.standardError.write(Data("ConvertFile: streamed and whole-file decoding differ\n".utf8))
        exit(1)
    }

    for try await chunk in transcript.outputChunks(format, chunkSize: 4096) {
        FileHandle.standardOutput.write(Data(chunk))
    }
    let summary = "ConvertFile: \(input): \(transcript.source), \(transcript.speakers.count) speakers, "
        + "\(transcript.segments.count) segments, \(transcript.words.count) words → \(format.rawValue)\n"
    FileHandle.standardError.write(Data(summary.utf8))
} catch {
    FileHandle.standardError.write(Data("ConvertFile: \(input): \(error)\n".utf8))
    exit(1)
}
