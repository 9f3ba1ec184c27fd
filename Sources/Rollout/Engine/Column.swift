/// One column of recorded data: contiguous, growable storage written through a pointer in
/// the engine's hot loop.
///
/// The engine reuses the storage batch after batch, so a column is valid only during the
/// `RolloutEngine.run` callback that hands it out, and it is not `Sendable`: read it there,
/// as a copy (`array`) or without copying inside `withUnsafeElements`.
public final class Column<Element: BitwiseCopyable> {
    // Written only by the shard thread that owns the column; exclusivity checks on these
    // class properties cost more than the stores they guard.
    @usableFromInline @exclusivity(unchecked) var base: UnsafeMutablePointer<Element>
    @usableFromInline @exclusivity(unchecked) var capacity: Int
    /// Number of valid elements.
    @usableFromInline @exclusivity(unchecked) var count = 0

    @usableFromInline
    init() {
        capacity = 0
        base = .allocate(capacity: 1)
    }

    deinit { base.deallocate() }

    /// The valid elements, without copying; for this module, which knows when a batch ends.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// A copy of the valid elements.
    public var array: [Element] { Array(buffer) }

    /// Calls `body` with the valid elements, without copying.
    ///
    /// - Parameter body: reads the elements; the pointer must not escape it (the next batch
    ///   reuses the storage).
    public func withUnsafeElements<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
        try body(buffer)
    }

    /// Makes room for `capacity` elements in total, keeping the contents; grows by doubling.
    ///
    /// Rows may have been written past `count` (the engine counts them apart); everything
    /// up to the old capacity is kept.
    @inlinable @inline(__always)
    func reserve(_ needed: Int) {
        if needed > capacity { grow(to: needed) }
    }

    /// Moves the rows to storage for at least `needed` of them (twice the old, 1,024 at least).
    @usableFromInline @inline(never)
    func grow(to needed: Int) {
        let newCapacity = Swift.max(needed, capacity * 2, 1024)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: capacity)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Bytes reserved.
    public var reservedBytes: Int { capacity * MemoryLayout<Element>.stride }
}

/// A column is reused by the next batch: it must not be sent to another thread to outlive it.
@available(*, unavailable)
extension Column: Sendable {}

extension Column {
    /// Reorders rows of `rowSize` elements: row `i` of the result is row `order[i]` now.
    @usableFromInline
    func permuteRows(_ order: [Int], rowSize: Int) {
        guard rowSize > 0, count == order.count * rowSize else { return }
        let copy = Array(buffer)
        for (target, source) in order.enumerated() {
            for offset in 0..<rowSize { base[target * rowSize + offset] = copy[source * rowSize + offset] }
        }
    }
}
