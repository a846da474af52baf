extension Transcript {
    /// Writes the transcript as `format` to the file at `path`, atomically: the file appears
    /// complete or not at all (see ``AtomicFileSink``). An existing file is replaced.
    public func write(
        _ format: OutputFormat, toFile path: String,
        captioner: Captioner = Captioner(), options: CaptionWriterOptions = CaptionWriterOptions()
    ) throws(TranscriptError) {
        var sink = try AtomicFileSink(path: path)
        do {
            try write(format, to: &sink, captioner: captioner, options: options)
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
    }

    /// The transcript as `format`, delivered as an asynchronous sequence of byte chunks — e.g.
    /// to stream an HTTP response body.
    ///
    /// ```swift
    /// for try await chunk in transcript.outputChunks(.vtt) {
    ///     try await writer.write(chunk)
    /// }
    /// ```
    ///
    /// The output is rendered when the first chunk is asked for, then handed out `chunkSize`
    /// bytes at a time; memory is one output's size. Cancellation is checked between chunks.
    public func outputChunks(
        _ format: OutputFormat, chunkSize: Int = 1 << 16,
        captioner: Captioner = Captioner(), options: CaptionWriterOptions = CaptionWriterOptions()
    ) -> TranscriptOutputChunks {
        TranscriptOutputChunks(
            transcript: self, format: format, chunkSize: max(1, chunkSize), captioner: captioner, options: options)
    }
}

/// A transcript's output as an `AsyncSequence` of byte chunks; see ``Transcript/outputChunks(_:chunkSize:captioner:options:)``.
///
/// Each iteration renders afresh, so the sequence can be iterated more than once.
public struct TranscriptOutputChunks: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    let transcript: Transcript
    let format: OutputFormat
    let chunkSize: Int
    let captioner: Captioner
    let options: CaptionWriterOptions

    public func makeAsyncIterator() -> Iterator {
        Iterator(source: self)
    }

    /// Hands out the rendered output in chunks.
    public struct Iterator: AsyncIteratorProtocol {
        let source: TranscriptOutputChunks
        var rendered: [UInt8]?
        var offset = 0

        /// The next chunk, `nil` after the last.
        /// - Throws: ``TranscriptError`` when writing fails, `CancellationError` when cancelled.
        public mutating func next() async throws -> [UInt8]? {
            try Task.checkCancellation()
            if rendered == nil {
                rendered = try source.transcript.rendered(source.format, captioner: source.captioner, options: source.options)
            }
            guard let bytes = rendered, offset < bytes.count else {
                rendered = []
                return nil
            }
            let end = Swift.min(offset + source.chunkSize, bytes.count)
            defer { offset = end }
            return Array(bytes[offset ..< end])
        }
    }
}
