import CYajl

/// The yajl bridge: pushes bytes through one yajl handle and turns its callbacks into
/// ``JSONEventHandler`` calls, tracking depth, the JSON path and the limits on the way.
///
/// Unsafe code is fenced in here: the parser owns one heap-allocated ``ParserContext``, whose
/// address is yajl's `ctx`. A struct reached through a raw pointer avoids the retain/release
/// and exclusivity checks a class reached through `Unmanaged` costs on every callback.
struct JSONStreamParser: ~Copyable {
    private let handle: yajl_handle
    private let context: UnsafeMutablePointer<ParserContext>
    /// Bytes handed to yajl before the current `yajl_parse` call, for error offsets.
    private var bytesBefore = 0
    /// Bytes fed since the last callback; bounds yajl's token buffer (see ``DecodeLimits/maximumTokenBytes``).
    private var bytesWithoutEvent = 0
    private let limits: DecodeLimits
    private var finished = false
    /// True while every byte fed was JSON whitespace: such input is an empty document, not an error.
    private var onlyWhitespace = true

    /// yajl splits no work of its own; feeding it at most this many bytes at a time lets the
    /// token-size limit trip before yajl buffers a huge string.
    private static let sliceBytes = 1 << 16

    init(handler: any JSONEventHandler, limits: DecodeLimits) {
        self.limits = limits
        context = .allocate(capacity: 1)
        context.initialize(to: ParserContext(handler: handler, maximumDepth: limits.maximumDepth))
        // yajl keeps the callbacks pointer for the handle's life: it points at a process-wide constant.
        handle = yajl_alloc(yajlCallbacks, nil, UnsafeMutableRawPointer(context))
        // Several top-level values are allowed by yajl; the handler decides whether it takes them
        // (JSON Lines), otherwise a second value is reported as a syntax error by the context.
        _ = tk_yajl_config_flag(handle, yajl_allow_multiple_values, 1)
    }

    deinit {
        yajl_free(handle)
        context.deinitialize(count: 1)
        context.deallocate()
    }

    /// Total bytes fed so far.
    var bytesFed: Int { bytesBefore }

    /// Number of top-level values completed so far.
    var topLevelValues: Int { context.pointee.topLevelValues }

    /// Feeds `bytes`; any chunking gives the same events.
    mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError) {
        guard !finished else { throw TranscriptError(.usage, "bytes fed after the end of the document") }
        guard bytesBefore + bytes.count <= limits.maximumInputBytes else {
            throw TranscriptError(.limitExceeded, "input is larger than the limit of \(limits.maximumInputBytes) bytes",
                                  byteOffset: limits.maximumInputBytes)
        }
        guard var base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        if onlyWhitespace {
            onlyWhitespace = bytes.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        }
        var remaining = bytes.count
        while remaining > 0 {
            let slice = min(remaining, Self.sliceBytes)
            let eventsBefore = context.pointee.eventCount
            let status = yajl_parse(handle, base, slice)
            if status != yajl_status_ok { throw failure(status) }
            bytesBefore += slice
            base += slice
            remaining -= slice
            if context.pointee.eventCount == eventsBefore {
                bytesWithoutEvent += slice
                if bytesWithoutEvent > limits.maximumTokenBytes {
                    throw TranscriptError(
                        .limitExceeded,
                        "a single JSON token is longer than the limit of \(limits.maximumTokenBytes) bytes",
                        byteOffset: bytesBefore, path: context.pointee.path.rendered)
                }
            } else {
                bytesWithoutEvent = 0
            }
        }
    }

    /// Ends the document: a value cut short is a syntax error.
    mutating func finish() throws(TranscriptError) {
        guard !finished else { return }
        finished = true
        // Empty input (or only whitespace) is a valid, empty document.
        if onlyWhitespace { return }
        let status = yajl_complete_parse(handle)
        if status != yajl_status_ok { throw failure(status) }
    }

    /// The error for a failed `yajl_parse`: either one a callback stored, or yajl's own.
    private func failure(_ status: yajl_status) -> TranscriptError {
        let offset = bytesBefore + Int(yajl_get_bytes_consumed(handle))
        if var error = context.pointee.error {
            error.byteOffset = error.byteOffset ?? offset
            return error
        }
        var message = "malformed JSON"
        if let cString = yajl_get_error(handle, 0, nil, 0) {
            let text = String(cString: cString)
            yajl_free_error(handle, cString)
            // yajl says e.g. "lexical error: invalid char in json text.\n"; keep the reason.
            message = text.trimmingWhitespace()
            if let colon = message.firstIndex(of: ":") {
                message = String(message[message.index(after: colon)...]).trimmingWhitespace()
            }
            if message.hasSuffix(".") { message.removeLast() }
        }
        if status == yajl_status_error, context.pointee.depth == 0, context.pointee.topLevelValues == 0,
           bytesBefore == 0 || message.contains("premature EOF") {
            message = message.isEmpty ? "malformed JSON" : message
        }
        return TranscriptError(.syntax, message, byteOffset: offset, path: context.pointee.path.rendered)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}

/// What the callbacks reach through yajl's `ctx`.
struct ParserContext {
    var handler: any JSONEventHandler
    var path = JSONPathTracker()
    var depth = 0
    /// > 0 while inside a container the handler chose to skip.
    var skipDepth = 0
    /// The next value belongs to a key the handler chose to skip.
    var skipNextValue = false
    var topLevelValues = 0
    var eventCount = 0
    var error: TranscriptError?
    let maximumDepth: Int
    /// True while the handler is a ``FormatDetector`` that has not chosen yet. Once it has, the
    /// context calls the chosen decoder directly, sparing every later event the detector's
    /// forwarding hop (measured at 5 % of a whole conversion under callgrind).
    var awaitingHandoff: Bool

    init(handler: any JSONEventHandler, maximumDepth: Int) {
        self.handler = handler
        self.maximumDepth = maximumDepth
        awaitingHandoff = handler is FormatDetector
    }

    /// Called after the events a detector decides on (a key, the end of a container).
    @inline(never)
    mutating func handOffIfDecided() {
        guard let detector = handler as? FormatDetector, let chosen = detector.chosen else { return }
        handler = chosen
        // The detector never skips, so the context's own skip state is clear here; take over the
        // skipping the chosen decoder asked for while the detector replayed to it.
        skipDepth = detector.residualSkip
        if detector.residualSkipNextValue { skipNextValue = true }
        awaitingHandoff = false
    }

    /// Records `error` (with the current path) and tells yajl to stop.
    @inline(never)
    mutating func fail(_ error: TranscriptError) -> Int32 {
        var error = error
        if error.path.isEmpty { error.path = path.rendered }
        self.error = error
        return 0
    }

    /// Bookkeeping common to every value; returns false when a further top-level value is refused.
    @inline(__always)
    mutating func beginValue() -> Bool {
        eventCount &+= 1
        if depth == 0, topLevelValues > 0, skipDepth == 0, !handler.acceptsAnotherTopLevelValue() {
            _ = fail(TranscriptError(.syntax, "more than one top-level JSON value"))
            return false
        }
        path.beginValue()
        return true
    }

    @inline(__always)
    mutating func scalar(_ deliver: (any JSONEventHandler) throws(TranscriptError) -> Void) -> Int32 {
        guard beginValue() else { return 0 }
        if depth == 0 { topLevelValues += 1 }
        if skipDepth > 0 { return 1 }
        if skipNextValue { skipNextValue = false; return 1 }
        do { try deliver(handler) } catch { return fail(error) }
        return 1
    }

    @inline(__always)
    mutating func start(isArray: Bool) -> Int32 {
        guard beginValue() else { return 0 }
        depth += 1
        if depth > maximumDepth {
            return fail(TranscriptError(.limitExceeded, "nesting deeper than the limit of \(maximumDepth)"))
        }
        path.push(isArray: isArray)
        if skipDepth > 0 { skipDepth += 1; return 1 }
        if skipNextValue { skipNextValue = false; skipDepth = 1; return 1 }
        do {
            let descend = isArray ? try handler.startArray() : try handler.startObject()
            if !descend { skipDepth = 1 }
        } catch { return fail(error) }
        return 1
    }

    @inline(__always)
    mutating func end(isArray: Bool) -> Int32 {
        eventCount &+= 1
        depth -= 1
        path.pop()
        if depth == 0 { topLevelValues += 1 }
        if skipDepth > 0 { skipDepth -= 1; return 1 }
        do {
            if isArray { try handler.endArray() } else { try handler.endObject() }
        } catch { return fail(error) }
        if awaitingHandoff { handOffIfDecided() }
        return 1
    }

    @inline(__always)
    mutating func key(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        eventCount &+= 1
        path.setKey(bytes)
        if skipDepth > 0 { return 1 }
        do {
            if try !handler.key(bytes) { skipNextValue = true }
        } catch { return fail(error) }
        if awaitingHandoff { handOffIfDecided() }
        return 1
    }
}

// MARK: - The C callbacks

@inline(__always)
private func ctx(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<ParserContext> {
    raw.unsafelyUnwrapped.assumingMemoryBound(to: ParserContext.self)
}

@inline(__always)
private func buffer(_ pointer: UnsafeRawPointer?, _ count: Int) -> UnsafeRawBufferPointer {
    // yajl passes a NULL pointer for some empty strings; an empty buffer needs no address.
    UnsafeRawBufferPointer(start: count == 0 ? nil : pointer, count: count)
}

/// The callbacks every handle shares. yajl keeps the pointer for the handle's whole life, so it
/// points at storage that is never freed; it is immutable after initialisation.
nonisolated(unsafe) private let yajlCallbacks: UnsafeMutablePointer<yajl_callbacks> = {
    let callbacks = UnsafeMutablePointer<yajl_callbacks>.allocate(capacity: 1)
    callbacks.initialize(to: yajl_callbacks(
        yajl_null: { c in ctx(c).pointee.scalar { h throws(TranscriptError) in try h.null() } },
        yajl_boolean: { c, value in ctx(c).pointee.scalar { h throws(TranscriptError) in try h.bool(value != 0) } },
        yajl_integer: nil,
        yajl_double: nil,
        // With yajl_number set, numbers arrive as raw text and yajl_integer/yajl_double are unused.
        yajl_number: { c, text, count in
            ctx(c).pointee.scalar { h throws(TranscriptError) in try h.number(buffer(text, count)) }
        },
        yajl_string: { c, text, count in
            ctx(c).pointee.scalar { h throws(TranscriptError) in try h.string(buffer(text, count)) }
        },
        yajl_start_map: { c in ctx(c).pointee.start(isArray: false) },
        yajl_map_key: { c, text, count in ctx(c).pointee.key(buffer(text, count)) },
        yajl_end_map: { c in ctx(c).pointee.end(isArray: false) },
        yajl_start_array: { c in ctx(c).pointee.start(isArray: true) },
        yajl_end_array: { c in ctx(c).pointee.end(isArray: true) }
    ))
    return callbacks
}()
