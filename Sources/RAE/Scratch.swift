/// Uninitialised memory owned by one computation and reused across its tiles, so hot loops
/// never allocate and never pay for copy-on-write or exclusivity checks.
///
/// Being noncopyable, a scratch buffer lives to the end of its scope (lexical lifetime), so a
/// pointer taken from it stays valid there.
struct Scratch<Element: BitwiseCopyable>: ~Copyable {
    private(set) var pointer: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        pointer = .allocate(capacity: self.capacity)
    }

    /// Makes room for `count` elements; contents are lost when it has to grow.
    mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        pointer.deallocate()
        // Grow by half again so a run of slightly larger tiles does not reallocate each time.
        capacity = max(count, capacity &+ capacity / 2)
        pointer = .allocate(capacity: capacity)
    }

    /// Sets the first `count` elements to `value`.
    func fill(_ value: Element, count: Int) {
        pointer.update(repeating: value, count: count)
    }

    deinit { pointer.deallocate() }
}
