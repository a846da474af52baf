#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Transcript {
    /// Decodes one document held in memory.
    public init(decoding bytes: UnsafeRawBufferPointer, options: DecodeOptions = DecodeOptions()) throws(TranscriptError) {
        var decoder = try TranscriptDecoder(options: options)
        decoder.expectPageBytes(bytes.count)
        try decoder.decode(bytes)
        self = try decoder.finish()
    }

    /// Decodes one document held in memory.
    public init(decoding bytes: [UInt8], options: DecodeOptions = DecodeOptions()) throws(TranscriptError) {
        let result: Result<Transcript, TranscriptError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(TranscriptError) in try Transcript(decoding: buffer, options: options) }
        }
        self = try result.get()
    }

    /// Decodes a file, streaming it in chunks (never loading it whole). `-` reads standard input.
    public init(contentsOf path: String, options: DecodeOptions = DecodeOptions()) throws(TranscriptError) {
        var decoder = try TranscriptDecoder(options: options)
        try decoder.decode(contentsOf: path)
        self = try decoder.finish()
    }

    /// Decodes several files as the pages of one transcript.
    public init(mergingPagesAt paths: [String], options: DecodeOptions = DecodeOptions()) throws(TranscriptError) {
        var decoder = try TranscriptDecoder(options: options)
        for path in paths {
            try decoder.decode(contentsOf: path)
            try decoder.endPage()
        }
        self = try decoder.finish()
    }
}

/// Reads a file (or standard input for `-`) in fixed-size chunks.
enum FileChunkReader {
    static let chunkSize = 1 << 18

    /// Reads `path` (`-`: standard input) in chunks; `size` first learns a regular file's size.
    static func forEachChunk(of path: String, size: (Int) -> Void = { _ in },
                             _ body: (UnsafeRawBufferPointer) throws(TranscriptError) -> Void) throws(TranscriptError) {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TranscriptError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { if fd != 0 { close(fd) } }
        var status = stat()
        if fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 { size(Int(status.st_size)) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw TranscriptError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0 ..< n]))
        }
    }
}
