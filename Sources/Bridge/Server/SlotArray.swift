/// A fixed number of plain values, one per slot of a vector (or per slot and seat), in raw
/// storage allocated once when the vector is made.
///
/// A vector's per-slot flags, rewards and masks are read and written a few times per game
/// step. Kept in Swift arrays on a class, every write paid a uniqueness check (callgrind: about
/// a tenth of a 1024-game TicTacToe step); this storage costs a load or a store. Its owner
/// frees it (`deallocate()`) in its `deinit`; copies of the struct share the storage.
struct SlotArray<Element: BitwiseCopyable> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: count)
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// Sets every element to `value`.
    func fill(with value: Element) { base.update(repeating: value, count: count) }

    /// The elements, for copying into a frame.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// The elements, for writing in place.
    var mutableBuffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    func deallocate() { base.deallocate() }
}
