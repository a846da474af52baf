/// A segment column that costs no memory while every element has its default value.
///
/// Many sources never fill some columns — Yeastar has no word timing, no groups and no
/// translations — and at a million segments those three columns alone would hold 20 MB of
/// defaults (measured: 6 % of the input's size in peak memory). The column stores nothing
/// until the first element that differs from the default arrives; from then on it is a plain
/// array. Reading is the same either way: it is a random-access collection of `count` elements.
public struct SparseColumn<Element: Equatable & Sendable>: Sendable {
    /// The value of every element while ``isMaterialized`` is false.
    public let defaultValue: Element
    /// Every element, once one differs from the default; empty before.
    private var values: [Element] = []
    /// Whether the elements are stored (some element differs from the default).
    public private(set) var isMaterialized = false
    public private(set) var count = 0

    init(defaultValue: Element) {
        self.defaultValue = defaultValue
    }

    mutating func append(_ element: Element) {
        if !isMaterialized, element != defaultValue { materialize() }
        if isMaterialized { values.append(element) }
        count += 1
    }

    mutating func reserveCapacity(_ n: Int) {
        if isMaterialized { values.reserveCapacity(n) }
    }

    /// Drops the elements from `index` on.
    mutating func truncate(to index: Int) {
        guard index < count else { return }
        if isMaterialized { values.removeSubrange(index...) }
        count = index
    }

    /// Reorders the elements: new position `k` takes old element `order[k]`.
    mutating func permute(by order: [Int32]) {
        if isMaterialized { values = order.map { values[Int($0)] } }
    }

    private mutating func materialize() {
        values = [Element](repeating: defaultValue, count: count)
        isMaterialized = true
    }
}

extension SparseColumn: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "index out of range")
            return isMaterialized ? values[position] : defaultValue
        }
        set {
            precondition(position >= 0 && position < count, "index out of range")
            if !isMaterialized {
                if newValue == defaultValue { return }
                materialize()
            }
            values[position] = newValue
        }
    }
}

extension SparseColumn: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}
