/// Decoding from asynchronous byte streams, e.g. an HTTP response body as it downloads.
///
/// The result equals decoding the same bytes from one buffer, however they are split into
/// chunks. Cancellation is checked between chunks: a cancelled task stops with
/// `CancellationError` and the partial transcript is dropped.
extension TranscriptDecoder {
    /// Feeds every chunk of `chunks` as the current page (call ``endPage()`` or ``finish()`` after).
    ///
    /// Chunks with contiguous storage (`[UInt8]`, `ArraySlice<UInt8>`, `Data`, NIO's
    /// `ByteBufferView`, ...) are parsed in place; others are copied once into a reused buffer.
    ///
    /// - Parameters:
    ///   - chunks: the page's bytes, in chunks of any size (empty ones included).
    ///   - isolation: where the decoding runs; by default the caller's actor, so the sequence
    ///     need not be `Sendable`.
    /// - Throws: ``TranscriptError`` for bad input, `CancellationError` when the task is
    ///   cancelled, or whatever the sequence throws.
    public mutating func decode<Chunks: AsyncSequence>(
        _ chunks: Chunks, isolation: isolated (any Actor)? = #isolation
    ) async throws where Chunks.Element: Sequence, Chunks.Element.Element == UInt8 {
        var copy: [UInt8] = []
        var iterator = chunks.makeAsyncIterator()
        while true {
            try Task.checkCancellation()
            guard let chunk = try await iterator.next(isolation: isolation) else { break }
            let parsedInPlace: Bool? = try chunk.withContiguousStorageIfAvailable { buffer in
                try decode(UnsafeRawBufferPointer(buffer))
                return true
            }
            if parsedInPlace == nil {
                copy.removeAll(keepingCapacity: true)
                copy.append(contentsOf: chunk)
                try decode(copy)
            }
        }
    }

    /// Feeds a sequence of single bytes (e.g. `URLSession.AsyncBytes`) as the current page,
    /// gathering them into 64 KiB chunks.
    ///
    /// - Parameters:
    ///   - bytes: the page's bytes.
    ///   - isolation: where the decoding runs; by default the caller's actor.
    /// - Throws: ``TranscriptError`` for bad input, `CancellationError` when the task is
    ///   cancelled, or whatever the sequence throws.
    public mutating func decode<Bytes: AsyncSequence>(
        _ bytes: Bytes, isolation: isolated (any Actor)? = #isolation
    ) async throws where Bytes.Element == UInt8 {
        let chunkSize = 1 << 16
        var chunk: [UInt8] = []
        chunk.reserveCapacity(chunkSize)
        var iterator = bytes.makeAsyncIterator()
        while let byte = try await iterator.next(isolation: isolation) {
            chunk.append(byte)
            if chunk.count == chunkSize {
                try Task.checkCancellation()
                try decode(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try Task.checkCancellation()
        if !chunk.isEmpty { try decode(chunk) }
    }
}

extension Transcript {
    /// Decodes one document arriving as an asynchronous sequence of byte chunks.
    ///
    /// ```swift
    /// // AsyncHTTPClient: response.body is an AsyncSequence of ByteBuffer
    /// let transcript = try await Transcript(decoding: response.body.map { $0.readableBytesView })
    /// ```
    ///
    /// - Throws: ``TranscriptError`` for bad input, `CancellationError` when the task is
    ///   cancelled between chunks, or whatever the sequence throws.
    public init<Chunks: AsyncSequence>(
        decoding chunks: Chunks, options: DecodeOptions = DecodeOptions(),
        isolation: isolated (any Actor)? = #isolation
    ) async throws where Chunks.Element: Sequence, Chunks.Element.Element == UInt8 {
        var decoder = try TranscriptDecoder(options: options)
        try await decoder.decode(chunks, isolation: isolation)
        self = try decoder.finish()
    }

    /// Decodes one document arriving byte by byte (e.g. `URLSession.AsyncBytes`).
    public init<Bytes: AsyncSequence>(
        decoding bytes: Bytes, options: DecodeOptions = DecodeOptions(),
        isolation: isolated (any Actor)? = #isolation
    ) async throws where Bytes.Element == UInt8 {
        var decoder = try TranscriptDecoder(options: options)
        try await decoder.decode(bytes, isolation: isolation)
        self = try decoder.finish()
    }
}
