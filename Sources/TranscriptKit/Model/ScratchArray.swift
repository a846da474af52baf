/// A growable buffer of trivial values that ``CaptionWork`` keeps from one segment to the next.
///
/// Why not `[T]`: callgrind of JSON→SRT on a 10k-item Yeastar page showed the captioner's
/// per-token work dominated by `Array.append` on its scratch tables (every append on a stored
/// property of the work struct calls `swift_isUniquelyReferenced_nonNull_native` and checks the
/// capacity — 41 M instructions of uniqueness checks alone) and by closure-scoped
/// `withUnsafeBufferPointer` views. This buffer is `~Copyable`, so it can never be shared or
/// copied on write, it only grows (cleared, not freed, between segments), and the hot loops
/// read and write it through ``base`` directly.
///
/// Unsafe: ``base`` is valid until the next call that may grow the buffer (`append`,
/// `reserve`, `reset`, `resize`); indices are checked by `assert` only (debug builds and tests).
struct ScratchArray<Element: BitwiseCopyable>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = Swift.max(capacity, 4)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool {
        @inline(__always) get { count == 0 }
    }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    /// Makes room for `extra` more elements: the next `extra` ``appendUnchecked(_:)`` calls are in bounds.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Appends without a capacity check: room must have been reserved.
    @inline(__always)
    mutating func appendUnchecked(_ element: Element) {
        assert(count < capacity)
        (base + count).initialize(to: element)
        count += 1
    }

    /// Makes the buffer hold `n` copies of `value`.
    @inline(__always)
    mutating func reset(count n: Int, to value: Element) {
        count = 0
        reserve(n)
        base.update(repeating: value, count: n)
        count = n
    }

    /// Makes the buffer hold `n` elements whose values are to be written before they are read.
    @inline(__always)
    mutating func resize(_ n: Int) {
        count = 0
        reserve(n)
        count = n
    }

    /// Makes the buffer hold its first `n` elements, which were written through ``base`` (`n` may
    /// be past ``count``, up to the reserved ``capacity``).
    @inline(__always)
    mutating func resize(keeping n: Int) {
        assert(n >= 0 && n <= capacity)
        count = n
    }

    /// Drops the elements from `n` on.
    @inline(__always)
    mutating func truncate(_ n: Int) {
        assert(n >= 0 && n <= count)
        count = n
    }

    subscript(index: Int) -> Element {
        @inline(__always) get {
            assert(index >= 0 && index < count)
            return base[index]
        }
        @inline(__always) set {
            assert(index >= 0 && index < count)
            base[index] = newValue
        }
    }

    var last: Element {
        @inline(__always) get { self[count - 1] }
    }

    /// Reverses the elements in place.
    mutating func reverse() {
        var i = 0, j = count - 1
        while i < j {
            let t = base[i]
            base[i] = base[j]
            base[j] = t
            i += 1
            j -= 1
        }
    }
}

extension ScratchArray where Element == UInt8 {
    /// The bytes, valid until the buffer next grows.
    var bytes: UnsafeRawBufferPointer {
        @inline(__always) get { UnsafeRawBufferPointer(start: base, count: count) }
    }
}
