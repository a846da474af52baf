import CYajl
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The yajl bridge: pushes bytes through one yajl handle and turns its callbacks into
/// ``JSONEventHandler`` calls, tracking depth, the JSON path and the limits on the way.
///
/// Unsafe code is fenced in here: the parser owns one heap-allocated ``CallbackBridge``, whose
/// address is yajl's `ctx`, and the ``ParserContext`` it leads to. A struct reached through a
/// raw pointer avoids the retain/release and exclusivity checks a class reached through
/// `Unmanaged` costs on every callback.
///
/// On a large page the handler side can run on a helper thread (``startPipeline(blockBytes:)``, see
/// ``EventPipeline``). Whatever the parsing thread then finds wrong, it first ends the pipeline
/// (`settle`): the helper's fatal error, if it stopped on one, came earlier in the document
/// and wins, as it would have stopped a plain parse there; and the JSON path of an error is
/// the context's, which only the helper moved on.
struct JSONStreamParser: ~Copyable {
    private let handle: yajl_handle
    private let context: UnsafeMutablePointer<ParserContext>
    private let bridge: UnsafeMutablePointer<CallbackBridge>
    /// Bytes handed to yajl (or skipped, like a byte order mark) before the current
    /// `yajl_parse` call: the absolute offset of the next byte yajl sees, for error offsets.
    private var bytesBefore = 0
    /// Bytes received through ``parse(_:)``, fed or still held.
    private var bytesReceived = 0
    /// Bytes fed since the last callback; bounds yajl's token buffer (see ``DecodeLimits/maximumTokenBytes``).
    private var bytesWithoutEvent = 0
    /// Bytes received but not yet fed: an escape cut by a chunk boundary, a byte order mark
    /// cut short, or the rest of a long token (see ``parse(_:)``).
    private var held: [UInt8] = []
    /// Offsets (in the buffer being fed) of unpaired surrogate escapes; reused.
    private var badEscapes: [Int] = []
    /// Whether a byte other than JSON whitespace (or a leading byte order mark) was fed: input
    /// without one is empty, which is valid.
    private var sawContent = false
    private var checkedByteOrderMark = false
    private let limits: DecodeLimits
    private var finished = false

    /// yajl splits no work of its own; feeding it at most this many bytes at a time lets the
    /// token-size limit trip before yajl buffers a huge string.
    private static let sliceBytes = 1 << 16

    /// - Parameter rejectsInvalidUTF8: make ill-formed UTF-8 and unpaired surrogate escapes in
    ///   strings and keys an ``TranscriptError/Kind/invalidUTF8`` error instead of U+FFFD.
    init(handler: any JSONEventHandler, limits: DecodeLimits, rejectsInvalidUTF8: Bool = false) {
        self.limits = limits
        context = .allocate(capacity: 1)
        context.initialize(to: ParserContext(handler: handler, maximumDepth: limits.maximumDepth))
        bridge = .allocate(capacity: 1)
        bridge.initialize(to: CallbackBridge(context: context))
        // yajl keeps the callbacks pointer for the handle's life: it points at a process-wide constant.
        handle = yajl_alloc(yajlCallbacks, nil, UnsafeMutableRawPointer(bridge))
        context.pointee.handle = handle
        bridge.pointee.handle = handle
        context.pointee.rejectsInvalidUTF8 = rejectsInvalidUTF8
        // Several top-level values are allowed by yajl; the handler decides whether it takes them
        // (JSON Lines), otherwise a second value is reported as a syntax error by the context.
        _ = tk_yajl_config_flag(handle, yajl_allow_multiple_values, 1)
        // yajl's own UTF-8 check is loose (overlong forms, encoded surrogates and code points
        // above U+10FFFF pass) and all-or-nothing; TranscriptKit repairs (or, when asked,
        // rejects) every string itself, so yajl's check would only turn repairable text into
        // syntax errors.
        _ = tk_yajl_config_flag(handle, yajl_dont_validate_strings, 1)
    }

    deinit {
        // A parser dropped mid-page (its decoder abandoned) still owns a running helper.
        if let pipeline = bridge.pointee.pipeline { pipeline.close(used: bridge.pointee.tapeUsed) }
        yajl_free(handle)
        bridge.deinitialize(count: 1)
        bridge.deallocate()
        context.deinitialize(count: 1)
        context.deallocate()
    }

    /// Total bytes received so far.
    var bytesFed: Int { bytesReceived }

    /// Whether the handler side runs on a helper thread (see ``startPipeline(blockBytes:)``).
    var isPipelined: Bool { bridge.pointee.pipeline != nil }

    /// From the next event on, runs the handler side on a helper thread (see ``EventPipeline``);
    /// `false` when no thread could be started, and the parse goes on as before. Worth it only
    /// for large pages: starting and joining a thread costs tens of microseconds.
    @discardableResult
    mutating func startPipeline(blockBytes: Int) -> Bool {
        guard !finished, bridge.pointee.pipeline == nil, context.pointee.error == nil, EventPipeline.fitsTape(limits) else { return false }
        // Offsets go on the tape as steps from the last one; both sides start here.
        context.pointee.replayOffset = bytesBefore
        guard let pipeline = EventPipeline.start(context: context, blockBytes: blockBytes) else {
            context.pointee.replayOffset = -1
            return false
        }
        bridge.pointee.begin(pipeline, at: bytesBefore)
        return true
    }

    /// Ends the pipeline, if one runs, once the helper has replayed every recorded event: the
    /// context is this thread's again. Returns the fatal error the helper stopped on, if any;
    /// it precedes whatever this thread found (see the type's documentation).
    private mutating func settle() -> TranscriptError? {
        if let pipeline = bridge.pointee.pipeline {
            pipeline.close(used: bridge.pointee.tapeUsed)
            bridge.pointee.end()
        }
        return context.pointee.error
    }

    /// Ends the pipeline, if one runs, and throws the fatal error the helper stopped on, if
    /// any: for a caller about to throw an error of its own (that one came earlier in the
    /// document), or done feeding a page.
    mutating func settleThrowing() throws(TranscriptError) {
        if let error = settle() { throw error }
    }

    /// Feeds `bytes`; any chunking gives the same events.
    ///
    /// yajl re-reads a token cut by a chunk boundary from its start on every call, so feeding a
    /// long string in small pieces costs time quadratic in its length. While a token is longer
    /// than one slice, bytes are therefore held until there are as many as yajl has buffered and
    /// then fed at once: the re-reading stays linear, and memory stays within a few times
    /// ``DecodeLimits/maximumTokenBytes``.
    mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError) {
        guard !finished else { throw TranscriptError(.usage, "bytes fed after the end of the document") }
        guard bytes.count <= limits.maximumInputBytes - bytesReceived else {
            try settleThrowing()
            throw TranscriptError(.limitExceeded, "input is larger than the limit of \(limits.maximumInputBytes) bytes",
                                  byteOffset: limits.maximumInputBytes, path: context.pointee.path.rendered)
        }
        bytesReceived += bytes.count
        guard !bytes.isEmpty else { return }
        if held.isEmpty, bytesWithoutEvent < Self.sliceBytes {
            let decided = try feedDecided(bytes, isFinal: false)
            if decided < bytes.count { held.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[decided...])) }
        } else {
            held.append(contentsOf: bytes)
            let longTokenWaits = bytesWithoutEvent >= Self.sliceBytes && held.count < bytesWithoutEvent
                && bytesWithoutEvent + held.count <= limits.maximumTokenBytes
            if !longTokenWaits { try feedHeld(isFinal: false) }
        }
        // An error the helper already stopped on is thrown now, not at a later block.
        if bridge.pointee.pipeline?.hasStopped == true { try settleThrowing() }
    }

    /// Ends the document: a value cut short is a syntax error; no value at all (empty input,
    /// only whitespace) is an empty document. A deferred error (see ``ParserContext``) is
    /// thrown here, once the document proved well-formed.
    mutating func finish() throws(TranscriptError) {
        guard !finished else { return }
        try feedHeld(isFinal: true)
        // yajl's last events, if any, go straight to the handler.
        try settleThrowing()
        finished = true
        guard sawContent else { return }
        context.pointee.sliceStart = bytesBefore
        let status = yajl_complete_parse(handle)
        if status != yajl_status_ok {
            // yajl ends by lexing one byte of its own; an error there lies at the input's end.
            var error = failure(status)
            error.byteOffset = min(error.byteOffset ?? bytesBefore, bytesBefore)
            throw error
        }
        if let deferred = context.pointee.deferred { throw deferred }
    }

    /// Feeds what ``held`` holds, keeping what is still undecided.
    private mutating func feedHeld(isFinal: Bool) throws(TranscriptError) {
        guard !held.isEmpty else { return }
        let buffer = held
        held = []
        let result: Result<Int, TranscriptError> = buffer.withUnsafeBytes { bytes in
            Result { () throws(TranscriptError) in try feedDecided(bytes, isFinal: isFinal) }
        }
        let decided = try result.get()
        if decided < buffer.count { held.append(contentsOf: buffer[decided...]) }
    }

    /// Feeds the decided prefix of `bytes` (see ``SurrogateEscapes``), skipping a leading byte
    /// order mark and rewriting unpaired surrogate escapes; returns its length.
    private mutating func feedDecided(_ bytes: UnsafeRawBufferPointer, isFinal: Bool) throws(TranscriptError) -> Int {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var start = 0
        if !checkedByteOrderMark {
            // A UTF-8 byte order mark (as some Windows tools write) is not JSON; skip it.
            let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
            let seen = min(bytes.count, 3)
            if bytes.prefix(seen).elementsEqual(mark.prefix(seen)) {
                if seen < 3, !isFinal { return 0 }
                if seen == 3 { start = 3; bytesBefore += 3 }
            }
            checkedByteOrderMark = true
        }
        // A window at a time: its checks run while it is in cache, just before yajl reads it.
        // Scanning a large buffer whole first (a page held in memory) read it from memory twice.
        var at = start
        while true {
            let window = min(bytes.count - at, max(Self.sliceBytes, bytesWithoutEvent))
            let last = at + window == bytes.count
            let decided = try feedWindow(base + at, count: window, isFinal: isFinal && last)
            // Short of the window's end only for an escape cut by it, which needs at most 12 bytes.
            if last || decided == 0 { return at + decided }
            at += decided
        }
    }

    /// Feeds the decided prefix of `count` bytes at `base`, rewriting unpaired surrogate
    /// escapes; returns its length.
    private mutating func feedWindow(_ base: UnsafePointer<UInt8>, count: Int, isFinal: Bool) throws(TranscriptError) -> Int {
        badEscapes.removeAll(keepingCapacity: true)
        let decided = SurrogateEscapes.scan(base, count: count, isFinal: isFinal, found: &badEscapes)
        // yajl takes form feed and vertical tab for whitespace; JSON does not (and inside a
        // string every control character is an error anyway), so either byte is a syntax error.
        let stray = Self.firstFormFeedOrVerticalTab(base, count: decided)
        let end = stray ?? decided
        if badEscapes.isEmpty {
            try feedSlices(base, count: end)
        } else {
            // Rare: rewrite a copy; the caller's bytes are read-only.
            var copy = Array(UnsafeBufferPointer(start: base, count: end))
            for offset in badEscapes where offset < copy.count {
                if bridge.pointee.pipeline != nil {
                    guard bridge.pointee.recordBadEscape(at: bytesBefore + offset) else { throw failure(yajl_status_client_canceled) }
                } else if context.pointee.firstBadEscape == nil {
                    context.pointee.firstBadEscape = bytesBefore + offset
                }
                for (k, byte) in SurrogateEscapes.replacement.enumerated() { copy[offset + k] = byte }
            }
            let result: Result<Void, TranscriptError> = copy.withUnsafeBufferPointer { buffer in
                Result { () throws(TranscriptError) in try feedSlices(buffer.baseAddress!, count: buffer.count) }
            }
            try result.get()
        }
        if let stray {
            try settleThrowing()
            let name = base[stray] == 0x0C ? "form feed" : "vertical tab"
            throw TranscriptError(.syntax, "invalid char in json text (\(name))", byteOffset: bytesBefore, path: context.pointee.path.rendered)
        }
        return decided
    }

    /// The index of the first 0x0B or 0x0C byte, if any.
    private static func firstFormFeedOrVerticalTab(_ base: UnsafePointer<UInt8>, count: Int) -> Int? {
        guard count > 0 else { return nil }
        let formFeed = memchr(base, 0x0C, count).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base }
        let verticalTab = memchr(base, 0x0B, formFeed ?? count).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base }
        return verticalTab ?? formFeed
    }

    /// Hands `count` bytes to yajl, a slice at a time, checking the token-size limit.
    private mutating func feedSlices(_ base: UnsafePointer<UInt8>, count: Int) throws(TranscriptError) {
        var base = base
        var remaining = count
        if !sawContent {
            var k = 0
            while k < remaining, base[k] == 0x20 || base[k] == 0x0A || base[k] == 0x0D || base[k] == 0x09 { k += 1 }
            sawContent = k < remaining
        }
        while remaining > 0 {
            // Slices grow with a token in progress, so yajl's re-reading of it stays linear.
            let slice = min(remaining, max(Self.sliceBytes, bytesWithoutEvent))
            let eventsBefore = bridge.pointee.eventCount
            bridge.pointee.sliceStart = bytesBefore
            if bridge.pointee.pipeline == nil { context.pointee.sliceStart = bytesBefore }
            let status = yajl_parse(handle, base, slice)
            if status != yajl_status_ok { throw failure(status) }
            bytesBefore += slice
            base += slice
            remaining -= slice
            if bridge.pointee.eventCount == eventsBefore {
                bytesWithoutEvent += slice
                if bytesWithoutEvent > limits.maximumTokenBytes {
                    try settleThrowing()
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

    /// The error for a failed `yajl_parse`: either one a callback stored, or yajl's own.
    private mutating func failure(_ status: yajl_status) -> TranscriptError {
        let offset = bytesBefore + Int(yajl_get_bytes_consumed(handle))
        if var error = settle() {
            error.byteOffset = error.byteOffset ?? offset
            return error
        }
        var message = "malformed JSON"
        if let cString = yajl_get_error(handle, 0, nil, 0) {
            let text = String(cString: cString)
            yajl_free_error(handle, cString)
            // yajl says e.g. "lexical error: invalid char in json text.\n"; keep the reason.
            var reason = text.trimmingWhitespace()
            if let colon = reason.firstIndex(of: ":") {
                reason = String(reason[reason.index(after: colon)...]).trimmingWhitespace()
            }
            if reason.hasSuffix(".") { reason.removeLast() }
            if !reason.isEmpty { message = reason }
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
///
/// Errors come in two weights. Syntax errors and resource limits stop yajl at once. Every other
/// error (from the handler, the nesting limit, strict UTF-8) is *deferred*: the context records
/// the first, stops delivering events ("muted") and lets yajl read on to the end of the
/// document, so that a document broken further on is reported as the syntax error it is, and a
/// well-formed one as its first semantic error. ``JSONStreamParser/finish()`` throws it.
struct ParserContext: ~Copyable {
    var handler: any JSONEventHandler
    var path = JSONPathTracker()
    var depth = 0
    /// > 0 while inside a container the handler chose to skip.
    var skipDepth = 0
    /// The next value belongs to a key the handler chose to skip.
    var skipNextValue = false
    var topLevelValues = 0
    /// An error that stopped yajl (see the type's documentation).
    var error: TranscriptError?
    /// The first deferred error; once set, no event reaches the handler.
    var deferred: TranscriptError?
    var muted = false
    let maximumDepth: Int
    /// True while the handler is a ``FormatDetector`` that has not chosen yet. Once it has, the
    /// context calls the chosen decoder directly, sparing every later event the detector's
    /// forwarding hop (measured at 5 % of a whole conversion under callgrind).
    var awaitingHandoff: Bool
    /// Past ``maximumDepth`` only yajl's own stack (a byte a level) grows while the syntax is
    /// checked; past this depth parsing stops, so memory stays bounded whatever the input.
    static let syntaxCheckDepth = 1 << 20
    /// Set once the handle exists; read only on error paths and in strict UTF-8 mode.
    var handle: yajl_handle?
    /// Absolute offset of the bytes of the current `yajl_parse` call.
    var sliceStart = 0
    /// While events are replayed from a tape (see ``EventPipeline``), the offset recorded
    /// with the current one; -1 otherwise.
    var replayOffset = -1
    /// Whether ill-formed text is an error rather than repaired.
    var rejectsInvalidUTF8 = false
    /// Absolute offset of the first unpaired surrogate escape rewritten to `\uFFFD`.
    var firstBadEscape: Int?

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

    /// Records `error` (with the current path and offset): a fatal one stops yajl; any other
    /// is deferred and mutes the handler (see the type's documentation).
    @inline(never)
    mutating func fail(_ error: TranscriptError, fatal: Bool = false) -> Int32 {
        var error = error
        if error.path.isEmpty { error.path = path.rendered }
        if error.byteOffset == nil { error.byteOffset = currentOffset }
        if fatal {
            self.error = error
            return 0
        }
        if deferred == nil { deferred = error }
        muted = true
        return 1
    }

    /// Bookkeeping common to every value; returns false when a further top-level value is refused.
    @inline(__always)
    mutating func beginValue() -> Bool {
        if depth == 0, topLevelValues > 0, skipDepth == 0 || muted, !handler.acceptsAnotherTopLevelValue() {
            _ = fail(TranscriptError(.syntax, "more than one top-level JSON value"), fatal: true)
            return false
        }
        if depth <= maximumDepth { path.beginValue() }
        return true
    }

    /// Absolute offset just after the token being reported.
    var currentOffset: Int {
        if replayOffset >= 0 { return replayOffset }
        guard let handle else { return sliceStart }
        return sliceStart + Int(yajl_get_bytes_consumed(handle))
    }

    /// In strict mode, the error for a string or key that held ill-formed UTF-8 or an unpaired
    /// surrogate escape (see ``SurrogateEscapes``).
    @inline(never)
    func invalidText(_ bytes: UnsafeRawBufferPointer) -> TranscriptError? {
        let end = currentOffset
        if let bad = firstBadEscape, bad < end {
            return TranscriptError(.invalidUTF8, "text holds an unpaired UTF-16 surrogate escape", byteOffset: bad)
        }
        if let bad = UTF8Repair.firstInvalidIndex(bytes) {
            return TranscriptError(.invalidUTF8, "text is not valid UTF-8 (byte \(bad) of the string)", byteOffset: end)
        }
        return nil
    }

    /// A string value: checked in strict mode, then delivered.
    @inline(__always)
    mutating func string(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if rejectsInvalidUTF8, !muted, let error = invalidText(bytes) {
            guard beginValue() else { return 0 }
            if depth == 0 { topLevelValues += 1 }
            return fail(error)
        }
        return scalar { h throws(TranscriptError) in try h.string(bytes) }
    }

    @inline(__always)
    mutating func scalar(_ deliver: (any JSONEventHandler) throws(TranscriptError) -> Void) -> Int32 {
        guard beginValue() else { return 0 }
        if depth == 0 { topLevelValues += 1 }
        if muted || skipDepth > 0 { return 1 }
        if skipNextValue { skipNextValue = false; return 1 }
        do { try deliver(handler) } catch { return fail(error) }
        return 1
    }

    @inline(__always)
    mutating func start(isArray: Bool) -> Int32 {
        guard beginValue() else { return 0 }
        depth += 1
        if depth > maximumDepth {
            if depth > Self.syntaxCheckDepth {
                return fail(TranscriptError(.limitExceeded, "nesting deeper than \(Self.syntaxCheckDepth)"), fatal: true)
            }
            if !muted { _ = fail(TranscriptError(.limitExceeded, "nesting deeper than the limit of \(maximumDepth)")) }
            return 1
        }
        path.push(isArray: isArray)
        if muted { return 1 }
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
        if depth <= maximumDepth { path.pop() }
        depth -= 1
        if depth == 0 { topLevelValues += 1 }
        if muted { return 1 }
        if skipDepth > 0 { skipDepth -= 1; return 1 }
        do {
            if isArray { try handler.endArray() } else { try handler.endObject() }
        } catch { return fail(error) }
        if awaitingHandoff { handOffIfDecided() }
        return 1
    }

    @inline(__always)
    mutating func key(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if depth <= maximumDepth { path.setKey(bytes) }
        if muted { return 1 }
        if rejectsInvalidUTF8, let error = invalidText(bytes) { return fail(error) }
        if skipDepth > 0 { return 1 }
        do {
            if try !handler.key(bytes) { skipNextValue = true }
        } catch { return fail(error) }
        if awaitingHandoff { handOffIfDecided() }
        return 1
    }
}

// MARK: - The C callbacks

/// What yajl's `ctx` points at: the context the callbacks deliver to, or, while the handler side
/// runs on a helper thread, the tape they record on (see ``EventPipeline``).
struct CallbackBridge {
    let context: UnsafeMutablePointer<ParserContext>
    /// Callbacks so far, recorded or delivered: the token-size limit watches it.
    var eventCount = 0
    var handle: yajl_handle?
    /// Absolute offset of the bytes of the current `yajl_parse` call.
    var sliceStart = 0
    /// Set while the handler side runs on a helper thread.
    private(set) var pipeline: EventPipeline?
    /// Whether events are recorded (``pipeline`` is set): a flag, so the callbacks test a byte.
    private(set) var records = false
    /// The block being written: its start, the next byte, and its end.
    private var blockBase = UnsafeMutableRawPointer(bitPattern: 16).unsafelyUnwrapped
    private var cursor = UnsafeMutableRawPointer(bitPattern: 16).unsafelyUnwrapped
    private var blockEnd = UnsafeMutableRawPointer(bitPattern: 16).unsafelyUnwrapped
    /// The offset of the last event recorded: the tape holds each offset as a step from it.
    private var lastOffset = 0

    init(context: UnsafeMutablePointer<ParserContext>) { self.context = context }

    var tapeUsed: Int { cursor - blockBase }

    mutating func begin(_ pipeline: EventPipeline, at offset: Int) {
        self.pipeline = pipeline
        records = true
        lastOffset = offset
        use(pipeline.firstBlock)
    }

    /// After ``EventPipeline/close(used:)``: callbacks deliver to the context again.
    mutating func end() {
        pipeline = nil
        records = false
        context.pointee.replayOffset = -1
        // The blocks are freed with the pipeline.
        let nowhere = UnsafeMutableRawPointer(bitPattern: 16).unsafelyUnwrapped
        (blockBase, cursor, blockEnd) = (nowhere, nowhere, nowhere)
    }

    private mutating func use(_ block: EventPipeline.Block) {
        blockBase = block.base
        cursor = block.base
        blockEnd = block.base + block.capacity
    }

    /// How far past the last event's offset this one's is (just after its token), which
    /// becomes the last.
    @inline(__always)
    private mutating func step() -> UInt32 {
        let offset = sliceStart + Int(yajl_get_bytes_consumed(handle))
        defer { lastOffset = offset }
        return UInt32(truncatingIfNeeded: offset - lastOffset)
    }

    /// Records an event; 0 (stop) when the helper stopped on a fatal error.
    @inline(__always)
    mutating func record(_ tag: EventPipeline.Tag) -> Int32 {
        if blockEnd - cursor < EventPipeline.headerBytes, !nextBlock(need: EventPipeline.headerBytes) { return 0 }
        cursor.storeBytes(of: tag.rawValue, as: UInt8.self)
        cursor.storeBytes(of: step(), toByteOffset: 1, as: UInt32.self)
        cursor += EventPipeline.headerBytes
        return 1
    }

    /// Records a key, string or number with its bytes; 0 (stop) when the helper stopped.
    @inline(__always)
    mutating func record(_ tag: EventPipeline.Tag, _ text: UnsafeRawPointer?, _ count: Int) -> Int32 {
        let need = EventPipeline.payloadHeaderBytes + count
        if blockEnd - cursor < need, !nextBlock(need: need) { return 0 }
        cursor.storeBytes(of: tag.rawValue, as: UInt8.self)
        cursor.storeBytes(of: step(), toByteOffset: 1, as: UInt32.self)
        cursor.storeBytes(of: UInt32(truncatingIfNeeded: count), toByteOffset: EventPipeline.headerBytes, as: UInt32.self)
        if count > 0 { (cursor + EventPipeline.payloadHeaderBytes).copyMemory(from: text.unsafelyUnwrapped, byteCount: count) }
        cursor += need
        return 1
    }

    /// Records where an unpaired surrogate escape was rewritten; `false` when the helper stopped.
    mutating func recordBadEscape(at offset: Int) -> Bool {
        if blockEnd - cursor < EventPipeline.badEscapeBytes, !nextBlock(need: EventPipeline.badEscapeBytes) { return false }
        cursor.storeBytes(of: EventPipeline.Tag.badEscape.rawValue, as: UInt8.self)
        cursor.storeBytes(of: offset, toByteOffset: 1, as: Int.self)
        cursor += EventPipeline.badEscapeBytes
        return true
    }

    @inline(never)
    private mutating func nextBlock(need: Int) -> Bool {
        guard let block = pipeline.unsafelyUnwrapped.publish(used: tapeUsed, need: need) else {
            cursor = blockBase
            return false
        }
        use(block)
        return true
    }
}

@inline(__always)
private func bridge(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<CallbackBridge> {
    raw.unsafelyUnwrapped.assumingMemoryBound(to: CallbackBridge.self)
}

@inline(__always)
private func buffer(_ pointer: UnsafeRawPointer?, _ count: Int) -> UnsafeRawBufferPointer {
    // yajl passes a NULL pointer for some empty strings; an empty buffer needs no address.
    UnsafeRawBufferPointer(start: count == 0 ? nil : pointer, count: count)
}

extension ParserContext {
    /// Hands one event to the handler side: what a callback does, and what a replay of the tape
    /// does for each event on it (see ``EventPipeline``). Not for ``EventPipeline/Tag/badEscape``,
    /// which is no event.
    @inline(__always)
    mutating func deliver(_ tag: EventPipeline.Tag, _ payload: UnsafeRawBufferPointer) -> Int32 {
        switch tag {
        case .startObject: return start(isArray: false)
        case .endObject: return end(isArray: false)
        case .startArray: return start(isArray: true)
        case .endArray: return end(isArray: true)
        case .key: return key(payload)
        case .string: return string(payload)
        case .number: return scalar { h throws(TranscriptError) in try h.number(payload) }
        case .trueValue: return scalar { h throws(TranscriptError) in try h.bool(true) }
        case .falseValue: return scalar { h throws(TranscriptError) in try h.bool(false) }
        case .null: return scalar { h throws(TranscriptError) in try h.null() }
        case .badEscape: return 1
        }
    }
}

/// Counts the event, then records it (pipelined) or delivers it to the context.
@inline(__always)
private func dispatch(_ raw: UnsafeMutableRawPointer?, _ tag: EventPipeline.Tag) -> Int32 {
    let b = bridge(raw)
    b.pointee.eventCount &+= 1
    if b.pointee.records { return b.pointee.record(tag) }
    return b.pointee.context.pointee.deliver(tag, UnsafeRawBufferPointer(start: nil, count: 0))
}

@inline(__always)
private func dispatch(_ raw: UnsafeMutableRawPointer?, _ tag: EventPipeline.Tag, _ text: UnsafeRawPointer?, _ count: Int) -> Int32 {
    let b = bridge(raw)
    b.pointee.eventCount &+= 1
    if b.pointee.records { return b.pointee.record(tag, text, count) }
    return b.pointee.context.pointee.deliver(tag, buffer(text, count))
}

/// The callbacks every handle shares. yajl keeps the pointer for the handle's whole life, so it
/// points at storage that is never freed; it is immutable after initialisation.
nonisolated(unsafe) private let yajlCallbacks: UnsafeMutablePointer<yajl_callbacks> = {
    let callbacks = UnsafeMutablePointer<yajl_callbacks>.allocate(capacity: 1)
    callbacks.initialize(to: yajl_callbacks(
        yajl_null: { c in dispatch(c, .null) },
        yajl_boolean: { c, value in dispatch(c, value != 0 ? .trueValue : .falseValue) },
        yajl_integer: nil,
        yajl_double: nil,
        // With yajl_number set, numbers arrive as raw text and yajl_integer/yajl_double are unused.
        yajl_number: { c, text, count in dispatch(c, .number, text, count) },
        yajl_string: { c, text, count in dispatch(c, .string, text, count) },
        yajl_start_map: { c in dispatch(c, .startObject) },
        yajl_map_key: { c, text, count in dispatch(c, .key, text, count) },
        yajl_end_map: { c in dispatch(c, .endObject) },
        yajl_start_array: { c in dispatch(c, .startArray) },
        yajl_end_array: { c in dispatch(c, .endArray) }
    ))
    return callbacks
}()
