extension Array where Element == UInt8 {
    /// Appends raw bytes with one `memcpy`.
    ///
    /// `append(contentsOf:)` given an `UnsafeRawBufferPointer` copies byte by byte through its
    /// iterator (the raw buffer offers no contiguous typed storage); seen as the top
    /// non-yajl cost under callgrind. Viewing the bytes as `UInt8` takes the memcpy path.
    @inline(__always)
    mutating func appendBytes(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress, !raw.isEmpty else { return }
        append(contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: raw.count))
    }
}
