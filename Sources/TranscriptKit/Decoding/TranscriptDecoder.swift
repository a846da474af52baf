/// Decodes a transcript from bytes pushed in chunks of any size, page after page.
///
/// ```swift
/// var decoder = try TranscriptDecoder(options: DecodeOptions(format: .auto))
/// try decoder.decode(firstChunk)
/// try decoder.decode(secondChunk)
/// let page = try decoder.endPage()        // optional: paging info of this document
/// let transcript = try decoder.finish()   // normalised: one clock, time order
/// ```
///
/// Every page is one JSON document (several values for JSON Lines formats); pages of one
/// transcript may come in any order and may repeat records, which appear once.
///
/// The decoder is noncopyable: it owns a yajl handle. It is `Sendable` because it can only be
/// moved, never shared, between tasks.
public struct TranscriptDecoder: ~Copyable, @unchecked Sendable {
    private let options: DecodeOptions
    private var decoder: (any VendorDecoder)?
    private var detector: FormatDetector?
    private var parser: JSONStreamParser?
    private var failed = false
    private var pages = 0
    private var totalBytes = 0
    /// ``totalBytes`` where the current page began, and the page's size when known.
    private var pageStartBytes = 0
    private var expectedPageBytes: Int?
    /// The current page's size when told, until the helper thread is decided on.
    private var pageBytesHint: Int?
    /// Pages whose decoding moved to a helper thread; for tests.
    private(set) var pagesOnHelperThread = 0
    private var pageStartExtent = TranscriptBuilder.Extent()

    /// - Throws: ``TranscriptError/Kind/usage`` for a format no decoder reads, an origin outside
    ///   ``TranscriptBuilder/validTimes`` or limits that are not positive.
    public init(options: DecodeOptions = DecodeOptions()) throws(TranscriptError) {
        self.options = options
        if let origin = options.origin, !TranscriptBuilder.validTimes.contains(origin) {
            throw TranscriptError(.usage, "origin \(origin) ms is outside 1970-01-01 … 9999-12-31")
        }
        let limits = options.limits
        guard limits.maximumDepth > 0, limits.maximumInputBytes >= 0, limits.maximumTokenBytes > 0, limits.maximumItems >= 0 else {
            throw TranscriptError(.usage, "decode limits must be positive")
        }
        if options.format != .auto {
            guard let type = VendorRegistry.decoder(for: options.format) else {
                throw TranscriptError(.usage, "unknown format \"\(options.format)\"; known: \(SourceFormat.known.map(\.rawValue).joined(separator: ", "))")
            }
            decoder = type.init(limits: options.limits)
        }
    }

    /// The format being decoded: the one asked for, or the detected one (`nil` until known).
    public var format: SourceFormat? {
        if let decoder { return type(of: decoder).format }
        if let chosen = detector?.chosen { return type(of: chosen).format }
        return nil
    }

    /// Feeds the next bytes of the current page.
    ///
    /// While a helper thread decodes the page (see ``DecodeOptions/allowsHelperThread``), an
    /// error in these bytes may be thrown by a later call, or by ``endPage()`` or ``finish()``:
    /// the same error, with the same offset and path, as on one thread. ``decode(contentsOf:)``
    /// throws the errors of its file itself.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError) {
        guard !failed else { throw TranscriptError(.usage, "the decoder already failed") }
        if parser == nil { startPage() }
        startHelperThreadIfWorthIt()
        if let expected = expectedPageBytes {
            // A large buffer in one call (a page held in memory): decode its sample first, so the
            // columns are sized before the rest is read, not grown by doubling as it is.
            let head = Self.sampleBytes(expected: expected) - (totalBytes - pageStartBytes)
            if head > 0, head < bytes.count {
                try decode(UnsafeRawBufferPointer(rebasing: bytes[..<head]))
                try decode(UnsafeRawBufferPointer(rebasing: bytes[head...]))
                return
            }
        }
        totalBytes += bytes.count
        if totalBytes > options.limits.maximumInputBytes {
            failed = true
            // An error the helper thread found in earlier bytes comes first, as on one thread.
            try parser?.settleThrowing()
            throw TranscriptError(.limitExceeded, "input is larger than the limit of \(options.limits.maximumInputBytes) bytes",
                                  byteOffset: options.limits.maximumInputBytes)
        }
        do {
            try parser!.parse(bytes)
        } catch {
            failed = true
            throw error
        }
        if let expected = expectedPageBytes { reserveIfSampled(expected: expected) }
        startHelperThreadIfWorthIt()
    }

    /// Once the format is known and the columns sized, moves the rest of a large page's
    /// decoding to a helper thread (see ``DecodeOptions/allowsHelperThread``).
    private mutating func startHelperThreadIfWorthIt() {
        guard let hint = pageBytesHint, expectedPageBytes == nil, options.allowsHelperThread,
              decoder != nil || detector?.chosen != nil else { return }
        pageBytesHint = nil
        if hint - (totalBytes - pageStartBytes) >= options.helperThreadMinimumBytes,
           parser!.startPipeline(blockBytes: options.helperThreadBlockBytes) {
            pagesOnHelperThread += 1
        }
    }

    /// Waits for a helper thread decoding the page, if any, to catch up, ending it, and throws
    /// the error it stopped on: what the fed bytes held is then thrown here, as on one thread.
    mutating func catchUpWithHelperThread() throws(TranscriptError) {
        do { try parser?.settleThrowing() } catch { failed = true; throw error }
    }

    /// Tells the decoder how many bytes the current page holds in all (a file's size, an HTTP
    /// `Content-Length`), counting from the page's first byte. Optional: once a sample of the
    /// page is decoded, the columns are sized for the whole page in one step, which lowers peak
    /// memory on large pages (see `Benchmarks/README.md`). A wrong hint costs only that.
    public mutating func expectPageBytes(_ count: Int) {
        // Once a helper thread decodes the page, its columns are the helper's: no sizing now.
        if parser?.isPipelined == true { return }
        pageBytesHint = count
        // Pages under twice the sample need no sizing: the hint is dropped.
        expectedPageBytes = count >= 2 * Self.sampleBytes(expected: count) ? count : nil
    }

    /// How much of a page of `expected` bytes is decoded before the columns are sized: big
    /// enough to hold many records, small beside the page. Pages under twice this need no sizing.
    private static func sampleBytes(expected: Int) -> Int { max(1 << 18, expected / 64) }

    /// Past a sample of a large page, sizes the columns for all of it (once).
    private mutating func reserveIfSampled(expected: Int) {
        let fed = totalBytes - pageStartBytes
        let sample = Self.sampleBytes(expected: expected)
        guard fed >= sample, parser?.isPipelined != true, let decoder = decoder ?? detector?.chosen else { return }
        expectedPageBytes = nil
        decoder.builder.reserve(projecting: Double(fed) / Double(expected), since: pageStartExtent)
    }

    /// Feeds the next bytes of the current page (see ``decode(_:)-(UnsafeRawBufferPointer)``).
    public mutating func decode(_ bytes: [UInt8]) throws(TranscriptError) {
        let result: Result<Void, TranscriptError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(TranscriptError) in try decode(buffer) }
        }
        try result.get()
    }

    private mutating func startPage() {
        pageStartBytes = totalBytes
        pageStartExtent = decoder?.builder.extent ?? TranscriptBuilder.Extent()
        let handler: any JSONEventHandler
        if let decoder {
            decoder.beginDocument()
            handler = decoder
        } else {
            let detector = FormatDetector(limits: options.limits)
            self.detector = detector
            handler = detector
        }
        parser = JSONStreamParser(handler: handler, limits: options.limits, rejectsInvalidUTF8: options.rejectsInvalidUTF8)
    }

    /// Ends the current page (JSON document) and returns what it said about paging.
    @discardableResult
    public mutating func endPage() throws(TranscriptError) -> PageInfo {
        guard !failed else { throw TranscriptError(.usage, "the decoder already failed") }
        if parser == nil { startPage() }
        expectedPageBytes = nil
        pageBytesHint = nil
        do {
            try parser!.finish()
            parser = nil
            pages += 1
            if decoder == nil, let detector {
                // Auto-detection: the first page decides the format for all pages.
                guard let chosen = detector.chosen else {
                    // An empty page (no bytes, or only whitespace): nothing to decode yet.
                    self.detector = nil
                    return PageInfo()
                }
                decoder = chosen
                self.detector = nil
            }
            return try decoder!.endDocument()
        } catch {
            failed = true
            throw error
        }
    }

    /// Ends the last page and returns the normalised transcript.
    public consuming func finish() throws(TranscriptError) -> Transcript {
        if parser != nil || pages == 0 { try endPage() }
        guard let decoder else {
            // Nothing but empty pages: a valid, empty transcript.
            var empty = Transcript(source: options.format == .auto ? "unknown" : options.format.rawValue)
            empty.origin = options.origin
            return empty
        }
        var builder = decoder.builder
        // Leave the decoder nothing of the columns: held twice, every column the normaliser
        // reorders (and the arena, were it touched) would be copied, not replaced in place.
        decoder.builder = TranscriptBuilder(source: builder.transcript.source, limits: builder.limits)
        let fileOrigin = (decoder as? CanonicalJSONDecoder)?.origin
        try Normalizer.normalize(
            &builder.transcript, timeBase: builder.timeBase, explicitOrigin: options.origin,
            fileOrigin: fileOrigin, sort: true, readingTimes: builder.readingTimes)
        return builder.transcript
    }
}
