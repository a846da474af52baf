import CYajlBench

/// A micro-benchmark of the two ways a yajl bridge can reach its state from the C callbacks:
/// a struct through a raw pointer (what TranscriptKit's `JSONStreamParser` does) or a class
/// through `Unmanaged`. Both forward every event to a class-existential handler and keep the
/// same bookkeeping (depth, event count), so the difference is the dispatch style alone.
public protocol DispatchProbeHandler: AnyObject {
    func startContainer() -> Bool
    func endContainer()
    func key(_ bytes: UnsafeRawBufferPointer) -> Bool
    func scalar(_ bytes: UnsafeRawBufferPointer)
}

/// Counts events and bytes, so the work cannot be optimised away. The counters skip the dynamic
/// exclusivity checks every class property pays otherwise (as TranscriptKit's decoders do): with
/// them, `swift_beginAccess` and its bookkeeping were ~29 M of the probe's ~126 M instructions
/// on a 10k Yeastar page, and the probe measured those checks rather than the dispatch.
public final class CountingProbeHandler: DispatchProbeHandler {
    @exclusivity(unchecked) public private(set) var events = 0
    @exclusivity(unchecked) public private(set) var bytes = 0
    public init() {}
    public func startContainer() -> Bool { events &+= 1; return true }
    public func endContainer() { events &+= 1 }
    public func key(_ key: UnsafeRawBufferPointer) -> Bool { events &+= 1; bytes &+= key.count; return true }
    public func scalar(_ value: UnsafeRawBufferPointer) { events &+= 1; bytes &+= value.count }
}

public enum DispatchStyle: String, CaseIterable, Sendable {
    case structViaRawPointer = "struct via raw pointer"
    case classViaUnmanaged = "class via Unmanaged"

    /// A name without spaces, for package-benchmark.
    public var benchmarkName: String {
        switch self {
        case .structViaRawPointer: return "struct_via_raw_pointer"
        case .classViaUnmanaged: return "class_via_unmanaged"
        }
    }

    /// Parses `bytes`, forwarding every event to `handler` in this style.
    public func parse(_ bytes: UnsafeRawBufferPointer, handler: any DispatchProbeHandler) -> Bool {
        switch self {
        case .structViaRawPointer:
            let context = UnsafeMutablePointer<StructProbeContext>.allocate(capacity: 1)
            context.initialize(to: StructProbeContext(handler: handler))
            defer { context.deinitialize(count: 1); context.deallocate() }
            return runYajl(bytes, callbacks: structCallbacks, context: UnsafeMutableRawPointer(context))
        case .classViaUnmanaged:
            let context = ClassProbeContext(handler: handler)
            return withExtendedLifetime(context) {
                runYajl(bytes, callbacks: classCallbacks, context: Unmanaged.passUnretained(context).toOpaque())
            }
        }
    }
}

/// Parses `bytes` (one or more JSON values) with `callbacks` reaching `context`; `false` when yajl
/// reports an error.
func runYajl(_ bytes: UnsafeRawBufferPointer, callbacks: UnsafePointer<yajl_callbacks>, context: UnsafeMutableRawPointer?) -> Bool {
    let handle = yajl_alloc(callbacks, nil, context)
    defer { yajl_free(handle) }
    _ = tk_bench_yajl_config_flag(handle, yajl_allow_multiple_values, 1)
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
    guard yajl_parse(handle, base, bytes.count) == yajl_status_ok else { return false }
    return yajl_complete_parse(handle) == yajl_status_ok
}

struct StructProbeContext {
    var handler: any DispatchProbeHandler
    var depth = 0
    var eventCount = 0
    var skipDepth = 0

    @inline(__always) mutating func start() -> Int32 {
        eventCount &+= 1; depth += 1
        if skipDepth > 0 { skipDepth += 1; return 1 }
        if !handler.startContainer() { skipDepth = 1 }
        return 1
    }
    @inline(__always) mutating func end() -> Int32 {
        eventCount &+= 1; depth -= 1
        if skipDepth > 0 { skipDepth -= 1; return 1 }
        handler.endContainer(); return 1
    }
    @inline(__always) mutating func key(_ b: UnsafeRawBufferPointer) -> Int32 {
        eventCount &+= 1
        if skipDepth > 0 { return 1 }
        _ = handler.key(b); return 1
    }
    @inline(__always) mutating func scalar(_ b: UnsafeRawBufferPointer) -> Int32 {
        eventCount &+= 1
        if skipDepth > 0 { return 1 }
        handler.scalar(b); return 1
    }
}

final class ClassProbeContext {
    var handler: any DispatchProbeHandler
    var depth = 0
    var eventCount = 0
    var skipDepth = 0
    init(handler: any DispatchProbeHandler) { self.handler = handler }

    @inline(__always) func start() -> Int32 {
        eventCount &+= 1; depth += 1
        if skipDepth > 0 { skipDepth += 1; return 1 }
        if !handler.startContainer() { skipDepth = 1 }
        return 1
    }
    @inline(__always) func end() -> Int32 {
        eventCount &+= 1; depth -= 1
        if skipDepth > 0 { skipDepth -= 1; return 1 }
        handler.endContainer(); return 1
    }
    @inline(__always) func key(_ b: UnsafeRawBufferPointer) -> Int32 {
        eventCount &+= 1
        if skipDepth > 0 { return 1 }
        _ = handler.key(b); return 1
    }
    @inline(__always) func scalar(_ b: UnsafeRawBufferPointer) -> Int32 {
        eventCount &+= 1
        if skipDepth > 0 { return 1 }
        handler.scalar(b); return 1
    }
}

@inline(__always) private func sctx(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<StructProbeContext> {
    raw.unsafelyUnwrapped.assumingMemoryBound(to: StructProbeContext.self)
}
@inline(__always) private func cctx(_ raw: UnsafeMutableRawPointer?) -> ClassProbeContext {
    Unmanaged<ClassProbeContext>.fromOpaque(raw.unsafelyUnwrapped).takeUnretainedValue()
}
@inline(__always) func buf(_ p: UnsafeRawPointer?, _ n: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: n == 0 ? nil : p, count: n)
}
nonisolated(unsafe) private let noBytes = UnsafeRawBufferPointer(start: nil, count: 0)

nonisolated(unsafe) private let structCallbacks: UnsafeMutablePointer<yajl_callbacks> = {
    let c = UnsafeMutablePointer<yajl_callbacks>.allocate(capacity: 1)
    c.initialize(to: yajl_callbacks(
        yajl_null: { x in sctx(x).pointee.scalar(noBytes) },
        yajl_boolean: { x, _ in sctx(x).pointee.scalar(noBytes) },
        yajl_integer: nil, yajl_double: nil,
        yajl_number: { x, t, n in sctx(x).pointee.scalar(buf(t, n)) },
        yajl_string: { x, t, n in sctx(x).pointee.scalar(buf(t, n)) },
        yajl_start_map: { x in sctx(x).pointee.start() },
        yajl_map_key: { x, t, n in sctx(x).pointee.key(buf(t, n)) },
        yajl_end_map: { x in sctx(x).pointee.end() },
        yajl_start_array: { x in sctx(x).pointee.start() },
        yajl_end_array: { x in sctx(x).pointee.end() }))
    return c
}()

nonisolated(unsafe) private let classCallbacks: UnsafeMutablePointer<yajl_callbacks> = {
    let c = UnsafeMutablePointer<yajl_callbacks>.allocate(capacity: 1)
    c.initialize(to: yajl_callbacks(
        yajl_null: { x in cctx(x).scalar(noBytes) },
        yajl_boolean: { x, _ in cctx(x).scalar(noBytes) },
        yajl_integer: nil, yajl_double: nil,
        yajl_number: { x, t, n in cctx(x).scalar(buf(t, n)) },
        yajl_string: { x, t, n in cctx(x).scalar(buf(t, n)) },
        yajl_start_map: { x in cctx(x).start() },
        yajl_map_key: { x, t, n in cctx(x).key(buf(t, n)) },
        yajl_end_map: { x in cctx(x).end() },
        yajl_start_array: { x in cctx(x).start() },
        yajl_end_array: { x in cctx(x).end() }))
    return c
}()

// MARK: Concrete handler

/// The struct context with the counting handler stored inline as a struct: no existential, no
/// class, every call inlined — what reaching Swift from yajl's callbacks costs when nothing is
/// dynamic, the floor under any decoder's dispatch.
public struct InlineCountingHandler {
    public var events = 0
    public var bytes = 0
    public init() {}
}

struct ConcreteProbeContext {
    var handler = InlineCountingHandler()
    var depth = 0
    var eventCount = 0
    var skipDepth = 0

    @inline(__always) mutating func start() -> Int32 {
        eventCount &+= 1; depth += 1
        if skipDepth > 0 { skipDepth += 1; return 1 }
        handler.events &+= 1
        return 1
    }
    @inline(__always) mutating func end() -> Int32 {
        eventCount &+= 1; depth -= 1
        if skipDepth > 0 { skipDepth -= 1; return 1 }
        handler.events &+= 1; return 1
    }
    @inline(__always) mutating func key(_ b: UnsafeRawBufferPointer) -> Int32 {
        eventCount &+= 1
        if skipDepth > 0 { return 1 }
        handler.events &+= 1; handler.bytes &+= b.count; return 1
    }
    @inline(__always) mutating func scalar(_ b: UnsafeRawBufferPointer) -> Int32 {
        eventCount &+= 1
        if skipDepth > 0 { return 1 }
        handler.events &+= 1; handler.bytes &+= b.count; return 1
    }
}

@inline(__always) private func kctx(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<ConcreteProbeContext> {
    raw.unsafelyUnwrapped.assumingMemoryBound(to: ConcreteProbeContext.self)
}

// The same table as `structCallbacks` with another context type: a C function pointer cannot
// refer to a generic parameter, so each concrete context needs its own closures — the price a
// decoder-specific (non-existential) bridge would pay too.
nonisolated(unsafe) private let concreteCallbacks: UnsafeMutablePointer<yajl_callbacks> = {
    let c = UnsafeMutablePointer<yajl_callbacks>.allocate(capacity: 1)
    c.initialize(to: yajl_callbacks(
        yajl_null: { x in kctx(x).pointee.scalar(noBytes) },
        yajl_boolean: { x, _ in kctx(x).pointee.scalar(noBytes) },
        yajl_integer: nil, yajl_double: nil,
        yajl_number: { x, t, n in kctx(x).pointee.scalar(buf(t, n)) },
        yajl_string: { x, t, n in kctx(x).pointee.scalar(buf(t, n)) },
        yajl_start_map: { x in kctx(x).pointee.start() },
        yajl_map_key: { x, t, n in kctx(x).pointee.key(buf(t, n)) },
        yajl_end_map: { x in kctx(x).pointee.end() },
        yajl_start_array: { x in kctx(x).pointee.start() },
        yajl_end_array: { x in kctx(x).pointee.end() }))
    return c
}()

public enum ConcreteDispatchProbe {
    /// Parses `bytes` with the inline handler; the events counted.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Int {
        let context = UnsafeMutablePointer<ConcreteProbeContext>.allocate(capacity: 1)
        context.initialize(to: ConcreteProbeContext())
        defer { context.deinitialize(count: 1); context.deallocate() }
        guard runYajl(bytes, callbacks: concreteCallbacks, context: UnsafeMutableRawPointer(context)) else { return -1 }
        return context.pointee.handler.events
    }
}

