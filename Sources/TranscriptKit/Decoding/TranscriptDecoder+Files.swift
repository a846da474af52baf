extension TranscriptDecoder {
    /// Feeds a whole file (or standard input for `-`) as the current page, streaming it in
    /// chunks; returns the number of bytes read.
    ///
    /// Unlike ``Transcript/init(contentsOf:options:)`` this keeps the decoder, so the caller can
    /// read ``format`` (what was detected), end the page, add more pages, then ``finish()``.
    @discardableResult
    public mutating func decode(contentsOf path: String) throws(TranscriptError) -> Int {
        var bytes = 0
        // For a regular file the size is known, and lets the columns be sized once.
        var size: Int?
        try FileChunkReader.forEachChunk(of: path, size: { size = $0 }) { (chunk) throws(TranscriptError) in
            if let known = size {
                expectPageBytes(known)
                size = nil
            }
            bytes += chunk.count
            try decode(chunk)
        }
        // The file's errors come from this call, with or without a helper thread.
        try catchUpWithHelperThread()
        return bytes
    }
}
