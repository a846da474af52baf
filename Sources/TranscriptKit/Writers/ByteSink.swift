#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a writer's bytes go: a file, standard output, memory, or anything that takes bytes.
public protocol ByteSink {
    /// Takes `bytes`, valid only during the call.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError)
}

/// Collects output in memory.
public struct MemorySink: ByteSink, Sendable {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError) {
        self.bytes.append(contentsOf: bytes)
    }
    /// The output as text.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Writes to a file descriptor (standard output is `FileDescriptorSink(descriptor: 1)`).
public struct FileDescriptorSink: ByteSink, Sendable {
    public let descriptor: Int32
    public init(descriptor: Int32) { self.descriptor = descriptor }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw TranscriptError(.io, "write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}

/// Buffers small writes into large ones; writers format straight into its byte array.
struct OutputBuffer<Sink: ByteSink>: ~Copyable {
    var bytes: [UInt8] = []
    var sink: Sink
    static var flushThreshold: Int { 1 << 16 }

    init(sink: consuming Sink) {
        self.sink = sink
        bytes.reserveCapacity(Self.flushThreshold + 4096)
    }

    @inline(__always)
    mutating func flushIfNeeded() throws(TranscriptError) {
        if bytes.count >= Self.flushThreshold { try flush() }
    }

    mutating func flush() throws(TranscriptError) {
        guard !bytes.isEmpty else { return }
        let result: Result<Void, TranscriptError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(TranscriptError) in try sink.write(buffer) }
        }
        try result.get()
        bytes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A non-negative integer, zero-padded to `width` digits (more digits when needed).
    @inline(__always)
    mutating func appendPadded(_ value: Int64, width: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[19 - count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            } while v > 0
            while count < width, count < 20 { d[19 - count] = 48; count += 1 }
            if value < 0 { bytes.append(45) }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(20 - count)...]))
        }
    }

    /// A signed integer in decimal.
    @inline(__always)
    mutating func appendInteger(_ value: Int64) { appendPadded(value, width: 1) }
}
