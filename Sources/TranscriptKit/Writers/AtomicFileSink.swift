#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file atomically: bytes go to a temporary file beside the target, which replaces the
/// target only on ``commit()``. An interrupted or failed conversion never leaves a half-written
/// output; ``discard()`` (or forgetting to commit) removes the temporary file.
public struct AtomicFileSink: ByteSink, Sendable {
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32

    /// Creates the temporary file for `path`.
    public init(path: String) throws(TranscriptError) {
        self.path = path
        var template = Array("\(path).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw TranscriptError(.io, "cannot create a temporary file for \(path): \(String(cString: strerror(errno)))")
        }
        fchmod(fd, 0o644)
        descriptor = fd
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError) {
        var inner = FileDescriptorSink(descriptor: descriptor)
        try inner.write(bytes)
    }

    /// Moves the finished file into place.
    public mutating func commit() throws(TranscriptError) {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw TranscriptError(.io, "cannot move the output into place at \(path): \(reason)")
        }
    }

    /// Removes the temporary file.
    public mutating func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }
}
