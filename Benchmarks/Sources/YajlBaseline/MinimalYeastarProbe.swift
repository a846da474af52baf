import CYajlBench
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: The least a decoder into columns must do

/// A floor under decode, not a decoder: a Yeastar page decoded into columns with nothing a
/// library owes its users — no JSON path, no error reporting (a surprise just skips), no UTF-8
/// repair of its own (yajl's check is left on, as in the no-op parse), no speaker interning, no
/// duplicate ids, no time-base checks, no sort. What it keeps is what any decoder into columns
/// must do per record: match its keys, copy its text into one arena, parse its two numbers and
/// append one row. The context is concrete and inline, every call inlined; storage is raw and
/// grows by doubling.
///
/// Its ratio to yajl's no-op parse bounds what the target "decode ≥ 0.8× yajl" can mean for this
/// design: whatever the real decoders do beyond this is the price of correctness, not of the
/// bridge.
public enum MinimalYeastarProbe {
    /// Parses a Yeastar page; the records kept, or -1 when yajl fails.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Int {
        let context = UnsafeMutablePointer<MinimalContext>.allocate(capacity: 1)
        context.initialize(to: MinimalContext())
        defer {
            context.pointee.release()
            context.deinitialize(count: 1)
            context.deallocate()
        }
        guard runYajl(bytes, callbacks: minimalCallbacks, context: UnsafeMutableRawPointer(context)) else { return -1 }
        return context.pointee.rows.count
    }
}

/// A growable raw buffer: the probe's stand-in for the library's column storage.
struct RawColumn<Element: BitwiseCopyable> {
    var base: UnsafeMutablePointer<Element>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    @inline(__always) mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always) mutating func append(_ element: Element) {
        reserve(1)
        (base + count).initialize(to: element)
        count += 1
    }

    func release() { base.deallocate() }
}

/// One record's columns, as the library's `SegmentColumns` holds them.
struct MinimalRows {
    var start = RawColumn<Int64>(capacity: 1024)
    var end = RawColumn<Int64>(capacity: 1024)
    var channel = RawColumn<Int32>(capacity: 1024)
    var textStart = RawColumn<UInt32>(capacity: 1024)
    var textCount = RawColumn<UInt32>(capacity: 1024)
    var idStart = RawColumn<UInt32>(capacity: 1024)
    var speakerStart = RawColumn<UInt32>(capacity: 1024)
    var count: Int { start.count }

    func release() {
        start.release(); end.release(); channel.release(); textStart.release()
        textCount.release(); idStart.release(); speakerStart.release()
    }
}

struct MinimalContext {
    enum Field { case none, id, content, timestamp, duration, sourceNumber, name }

    var rows = MinimalRows()
    var arena = RawColumn<UInt8>(capacity: 1 << 16)
    var depth = 0
    var channel: Int32 = -1
    var field = Field.none
    // The record being read.
    var start: Int64 = 0
    var duration: Int64 = 0
    var textStart: UInt32 = 0
    var textCount: UInt32 = 0
    var idStart: UInt32 = 0
    var speakerStart: UInt32 = 0

    func release() {
        rows.release()
        arena.release()
    }

    // Depths: 1 root, 2 data, 3 leg, 4 context array, 5 record.
    @inline(__always) mutating func startMap() -> Int32 {
        depth += 1
        if depth == 3 { channel += 1 }
        if depth == 5 { start = 0; duration = 0; textStart = 0; textCount = 0; idStart = 0; speakerStart = 0 }
        field = .none
        return 1
    }

    @inline(__always) mutating func endMap() -> Int32 {
        if depth == 5 {
            rows.start.append(start)
            rows.end.append(start &+ duration &* 1000)
            rows.channel.append(channel)
            rows.textStart.append(textStart)
            rows.textCount.append(textCount)
            rows.idStart.append(idStart)
            rows.speakerStart.append(speakerStart)
        }
        depth -= 1
        return 1
    }

    @inline(__always) mutating func startArray() -> Int32 { depth += 1; return 1 }
    @inline(__always) mutating func endArray() -> Int32 { depth -= 1; return 1 }

    @inline(__always) mutating func key(_ key: UnsafeRawBufferPointer) -> Int32 {
        guard depth == 5 else { field = .none; return 1 }
        switch key.count {
        case 2 where key[0] == 0x69 && key[1] == 0x64: field = .id
        case 4 where Self.equals(key, "name"): field = .name
        case 7 where Self.equals(key, "content"): field = .content
        case 8 where Self.equals(key, "duration"): field = .duration
        case 9 where Self.equals(key, "timestamp"): field = .timestamp
        case 13 where Self.equals(key, "source_number"): field = .sourceNumber
        default: field = .none
        }
        return 1
    }

    @inline(__always) static func equals(_ key: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        memcmp(key.baseAddress.unsafelyUnwrapped, literal.utf8Start, literal.utf8CodeUnitCount) == 0
    }

    @inline(__always) mutating func store(_ value: UnsafeRawBufferPointer) -> UInt32 {
        let at = arena.count
        arena.reserve(value.count)
        if let source = value.baseAddress {
            UnsafeMutableRawPointer(arena.base + at).copyMemory(from: source, byteCount: value.count)
        }
        arena.count += value.count
        return UInt32(truncatingIfNeeded: at)
    }

    @inline(__always) mutating func string(_ value: UnsafeRawBufferPointer) -> Int32 {
        switch field {
        case .content: textStart = store(value); textCount = UInt32(truncatingIfNeeded: value.count)
        case .id: idStart = store(value)
        case .sourceNumber, .name: speakerStart = store(value)
        default: break
        }
        return 1
    }

    @inline(__always) mutating func number(_ raw: UnsafeRawBufferPointer) -> Int32 {
        switch field {
        case .timestamp: start = Self.integer(raw)
        case .duration: duration = Self.integer(raw)
        default: break
        }
        return 1
    }

    /// Decimal digits; anything else ends the number (a floor needs no error path).
    @inline(__always) static func integer(_ raw: UnsafeRawBufferPointer) -> Int64 {
        var value: Int64 = 0
        for byte in raw {
            let digit = byte &- 0x30
            if digit > 9 { break }
            value = value &* 10 &+ Int64(digit)
        }
        return value
    }
}

@inline(__always) private func mctx(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<MinimalContext> {
    raw.unsafelyUnwrapped.assumingMemoryBound(to: MinimalContext.self)
}

// A table of its own for the same reason as the concrete dispatch probe's: a C function pointer
// cannot name a generic parameter.
nonisolated(unsafe) private let minimalCallbacks: UnsafeMutablePointer<yajl_callbacks> = {
    let c = UnsafeMutablePointer<yajl_callbacks>.allocate(capacity: 1)
    c.initialize(to: yajl_callbacks(
        yajl_null: { _ in 1 },
        yajl_boolean: { _, _ in 1 },
        yajl_integer: nil, yajl_double: nil,
        yajl_number: { x, t, n in mctx(x).pointee.number(buf(t, n)) },
        yajl_string: { x, t, n in mctx(x).pointee.string(buf(t, n)) },
        yajl_start_map: { x in mctx(x).pointee.startMap() },
        yajl_map_key: { x, t, n in mctx(x).pointee.key(buf(t, n)) },
        yajl_end_map: { x in mctx(x).pointee.endMap() },
        yajl_start_array: { x in mctx(x).pointee.startArray() },
        yajl_end_array: { x in mctx(x).pointee.endArray() }))
    return c
}()
