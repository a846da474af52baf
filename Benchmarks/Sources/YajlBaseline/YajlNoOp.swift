import CYajlBench

/// yajl with callbacks that do nothing: the throughput limit of any decoder built on yajl's
/// callbacks. Numbers are delivered raw (`yajl_number`), as TranscriptKit's bridge asks, so yajl
/// does no number conversion here either.
public enum YajlNoOp {
    /// Parses `bytes` as one or more JSON values; `false` when yajl reports an error.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Bool {
        runYajl(bytes, callbacks: noOpCallbacks, context: nil)
    }
}

nonisolated(unsafe) private let noOpCallbacks: UnsafeMutablePointer<yajl_callbacks> = {
    let callbacks = UnsafeMutablePointer<yajl_callbacks>.allocate(capacity: 1)
    callbacks.initialize(to: yajl_callbacks(
        yajl_null: { _ in 1 },
        yajl_boolean: { _, _ in 1 },
        yajl_integer: nil,
        yajl_double: nil,
        yajl_number: { _, _, _ in 1 },
        yajl_string: { _, _, _ in 1 },
        yajl_start_map: { _ in 1 },
        yajl_map_key: { _, _, _ in 1 },
        yajl_end_map: { _ in 1 },
        yajl_start_array: { _ in 1 },
        yajl_end_array: { _ in 1 }
    ))
    return callbacks
}()
