#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the handler side of a parse on a helper thread while yajl parses on the calling thread.
///
/// Why: on a large page, yajl's own scanning is about half of a decode's instructions and the
/// handler side (path, limits, the vendor decoder, UTF-8 repair, columns) the other half, and
/// one cannot start before the other has finished an event. Split across two cores they
/// overlap: the calling thread only scans and records each event on a tape (a tag, the byte
/// offset, the bytes of a key, string or number), and the helper replays the tape, in order,
/// into the same ``ParserContext`` the callbacks would have called. So the handler sees the same
/// events, in the same order, with the same offsets, and every error is the one a plain parse
/// gives (see ``JSONStreamParser``'s `settle`).
///
/// The tape is cut into ``blockCount`` blocks that go round: the parsing thread fills one while
/// the helper replays those already published, and waits when all are full, so memory stays
/// bounded (a block only grows to hold one event longer than itself).
///
/// Unsafe code: blocks are raw memory, and the helper reaches the context through its pointer.
/// A block belongs to one thread at a time: to the parser from the moment it is free until it is
/// published, then to the helper until it is consumed; both counters change under the monitor's lock,
/// which orders the block's bytes between the threads. The context belongs to the helper from
/// ``start(context:)`` until ``close(used:)`` returns (thread creation and join order it).
final class EventPipeline: @unchecked Sendable {
    /// One event on the tape: the tag byte, how far its offset is past the last event's (4
    /// bytes), and for `key`, `string` and `number` the byte count (4 bytes) and the bytes. Both
    /// fit in 4 bytes because the token-size limit bounds them (see ``fitsTape(_:)``); keeping
    /// the tape short matters, as writing it is most of what the parsing thread adds to yajl.
    enum Tag: UInt8 {
        case startObject, endObject, startArray, endArray, key, string, number, trueValue, falseValue, null
        /// Not a JSON event: the absolute offset (8 bytes) of an unpaired surrogate escape, in
        /// order with the events (see ``ParserContext/firstBadEscape``).
        case badEscape
    }

    static let headerBytes = 1 + MemoryLayout<UInt32>.size
    static let payloadHeaderBytes = headerBytes + MemoryLayout<UInt32>.size
    static let badEscapeBytes = 1 + MemoryLayout<Int>.size

    /// Whether the tape's 4-byte fields hold whatever `limits` let through: a token's length,
    /// and the bytes between two events, are at most about three times
    /// ``DecodeLimits/maximumTokenBytes`` and a slice (the parser throws once more than that
    /// many bytes pass without an event, and feeds them in slices that grow with a token).
    static func fitsTape(_ limits: DecodeLimits) -> Bool { limits.maximumTokenBytes <= 1 << 30 }

    struct Block {
        var base: UnsafeMutableRawPointer
        var capacity: Int
        var used = 0
    }

    static let blockCount = 4

    private let blocks: UnsafeMutablePointer<Block>
    private let monitor = ThreadMonitor()
    private let context: UnsafeMutablePointer<ParserContext>
    private var thread: HelperThread?
    // Guarded by `monitor`.
    private var published = 0
    private var consumed = 0
    private var closed = false
    private var canceled = false

    private init(context: UnsafeMutablePointer<ParserContext>, blockBytes: Int) {
        self.context = context
        blocks = .allocate(capacity: Self.blockCount)
        for index in 0 ..< Self.blockCount {
            let base = UnsafeMutableRawPointer.allocate(byteCount: blockBytes, alignment: 16)
            (blocks + index).initialize(to: Block(base: base, capacity: blockBytes))
        }
    }

    deinit {
        for index in 0 ..< Self.blockCount { blocks[index].base.deallocate() }
        blocks.deinitialize(count: Self.blockCount)
        blocks.deallocate()
    }

    /// Starts a helper thread that replays into `context`, with tape blocks of `blockBytes`;
    /// `nil` when no thread could be started (the parse then goes on without one).
    static func start(context: UnsafeMutablePointer<ParserContext>, blockBytes: Int) -> EventPipeline? {
        let pipeline = EventPipeline(context: context, blockBytes: max(blockBytes, badEscapeBytes))
        guard let thread = HelperThread({ pipeline.consume() }) else { return nil }
        pipeline.thread = consume thread
        return pipeline
    }

    /// The block the parsing thread writes first.
    var firstBlock: Block { blocks[0] }

    /// Publishes the block being written, holding `used` bytes, and returns the next one with
    /// room for `need` bytes, once the helper has freed it; `nil` when the helper stopped on a
    /// fatal error (the parse should stop too).
    func publish(used: Int, need: Int) -> Block? {
        monitor.lock()
        blocks[published % Self.blockCount].used = used
        published += 1
        monitor.broadcast()
        while published - consumed == Self.blockCount, !canceled { monitor.wait() }
        let stop = canceled
        monitor.unlock()
        if stop { return nil }
        let next = blocks + published % Self.blockCount
        if next.pointee.capacity < need {
            // An event longer than a block (a long string): this block grows to hold it.
            next.pointee.base.deallocate()
            next.pointee.capacity = max(need, 2 * next.pointee.capacity)
            next.pointee.base = .allocate(byteCount: next.pointee.capacity, alignment: 16)
        }
        return next.pointee
    }

    /// Whether the helper stopped on a fatal error (without waiting for it to catch up).
    var hasStopped: Bool {
        monitor.lock()
        defer { monitor.unlock() }
        return canceled
    }

    /// Publishes the last `used` bytes, waits until the helper has replayed everything and
    /// joins it. The context is the caller's again on return.
    func close(used: Int) {
        monitor.lock()
        if used > 0 {
            blocks[published % Self.blockCount].used = used
            published += 1
        }
        closed = true
        monitor.broadcast()
        monitor.unlock()
        thread.take()?.join()
    }

    /// The helper thread: replays published blocks in order until closed. After a fatal error
    /// it only frees the blocks still published, so the parsing thread never waits forever.
    private func consume() {
        while true {
            monitor.lock()
            while consumed == published, !closed { monitor.wait() }
            if consumed == published {
                monitor.unlock()
                return
            }
            let block = blocks[consumed % Self.blockCount]
            let stop = canceled
            monitor.unlock()
            let stopsNow = !stop && !context.pointee.replay(UnsafeRawBufferPointer(start: block.base, count: block.used))
            monitor.lock()
            if stopsNow { canceled = true }
            consumed += 1
            monitor.broadcast()
            monitor.unlock()
        }
    }
}

extension ParserContext {
    /// Delivers the events recorded in `tape`, as the callbacks would have; `false` when one
    /// stopped the parse (a fatal error, in ``error``).
    mutating func replay(_ tape: UnsafeRawBufferPointer) -> Bool {
        guard let base = tape.baseAddress else { return true }
        var at = 0
        while at < tape.count {
            let tag = EventPipeline.Tag(rawValue: base.load(fromByteOffset: at, as: UInt8.self)).unsafelyUnwrapped
            if tag == .badEscape {
                let offset = base.loadUnaligned(fromByteOffset: at + 1, as: Int.self)
                if firstBadEscape == nil { firstBadEscape = offset }
                at += EventPipeline.badEscapeBytes
                continue
            }
            replayOffset += Int(base.loadUnaligned(fromByteOffset: at + 1, as: UInt32.self))
            at += EventPipeline.headerBytes
            var payload = UnsafeRawBufferPointer(start: nil, count: 0)
            if tag == .key || tag == .string || tag == .number {
                let count = Int(base.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                at += MemoryLayout<UInt32>.size
                payload = UnsafeRawBufferPointer(start: count == 0 ? nil : base + at, count: count)
                at += count
            }
            let status = deliver(tag, payload)
            if status == 0 { return false }
        }
        return true
    }
}
