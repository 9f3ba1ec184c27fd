/// A fixed number of plain values, one per slot of a vector (or per slot and seat), in raw
/// storage allocated once when the vector is made.
///
/// A vector's per-slot flags, rewards and masks are read and written a few times per game
/// step. Kept in Swift arrays on a class, every write paid a uniqueness check (callgrind: about
/// a tenth of a 1024-game TicTacToe step); this storage costs a load or a store. Copies of the
/// struct share the memory. A vector's arrays are owned by its `SlotStorage`, which frees
/// them; an `EpisodeRecording`, made and dropped once per episode, frees its two arrays itself
/// (`deallocate()`), since an owner object per recording cost 1.5% of the bridge's
/// instructions per step with trajectories.
struct SlotArray<Element: BitwiseCopyable> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    /// `count` copies of `value`, to be freed by `SlotStorage` or `deallocate()`.
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

    /// Frees the memory of an array no `SlotStorage` owns.
    func deallocate() { base.deallocate() }
}

/// Owns the memory of the `SlotArray`s it makes and frees all of it when it goes away, so an
/// owner holds one of these instead of freeing each array in its `deinit`.
///
/// The arrays stay plain pointers stored inline in their owner (no reference to follow or
/// count per access); only their lifetime is tied to this object.
final class SlotStorage {
    private var allocations: [UnsafeMutableRawPointer] = []

    /// A new array of `count` copies of `value`, freed with this storage.
    func array<Element: BitwiseCopyable>(repeating value: Element, count: Int) -> SlotArray<Element> {
        let array = SlotArray(repeating: value, count: count)
        allocations.append(UnsafeMutableRawPointer(array.base))
        return array
    }

    deinit {
        for allocation in allocations { allocation.deallocate() }
    }
}
