/// Caller-owned storage that `Game.legalActions(_:into:)` and `Game.chanceOutcomes(_:into:)`
/// fill without allocating.
///
/// A playout makes one buffer of each kind (`game.makeActionBuffer()`,
/// `game.makeChanceBuffer()`) and reuses them every step; a buffer grows when an append finds
/// it full, so after warm-up nothing allocates. Measured on random TicTacToe, filling a Swift
/// `Array` per step (even with reserved capacity) halved the step rate; this buffer costs a
/// store and an increment.
///
/// Not thread-safe: one buffer per thread, like any scratch storage.
public final class ActionBuffer<Action>: RandomAccessCollection {
    /// The most actions the buffer holds before it grows.
    @exclusivity(unchecked) public private(set) var capacity: Int
    @usableFromInline @exclusivity(unchecked) var base: UnsafeMutablePointer<Action>
    // Exclusivity is checked at run time on class properties; this one is only ever touched
    // by the owning thread between calls, so the checks are pure cost in the hot loop.
    @usableFromInline @exclusivity(unchecked) var stored = 0

    /// An empty buffer for up to `capacity` actions.
    public init(capacity: Int) {
        precondition(capacity >= 0, "capacity must not be negative")
        self.capacity = capacity
        base = .allocate(capacity: Swift.max(capacity, 1))
    }

    deinit {
        base.deinitialize(count: stored)
        base.deallocate()
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { stored }

    /// The action at `position`.
    @inlinable
    public subscript(position: Int) -> Action {
        precondition(position >= 0 && position < stored, "index \(position) outside 0..<\(stored)")
        return base[position]
    }

    /// Adds an action at the end, growing the storage when it is full.
    @inlinable
    public func append(_ action: Action) {
        if stored == capacity { grow() }
        (base + stored).initialize(to: action)
        stored &+= 1
    }

    @usableFromInline
    func grow() {
        let newCapacity = Swift.max(capacity * 2, 8)
        let newBase = UnsafeMutablePointer<Action>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: stored)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Replaces the contents with up to `maxCount` actions written straight into the storage.
    ///
    /// For hot `legalActions` implementations: one capacity check instead of one per append.
    ///
    /// - Parameter write: writes the actions from the pointer on and returns how many it wrote
    ///   (at most `maxCount`).
    @inlinable
    public func replaceAll(maxCount: Int, _ write: (UnsafeMutablePointer<Action>) -> Int) {
        removeAll()
        while capacity < maxCount { grow() }
        let written = write(base)
        precondition(written >= 0 && written <= maxCount, "wrote \(written) actions, room for \(maxCount)")
        stored = written
    }

    /// Empties the buffer, keeping its storage.
    @inlinable
    public func removeAll() {
        base.deinitialize(count: stored)
        stored = 0
    }
}

extension Game {
    /// A buffer large enough for the legal actions of any state of this game.
    public func makeActionBuffer() -> ActionBuffer<Action> {
        ActionBuffer(capacity: actionCount)
    }

    /// A buffer for chance outcomes (it grows to the largest chance node it meets).
    public func makeChanceBuffer() -> ActionBuffer<ChanceOutcome<Action>> {
        ActionBuffer(capacity: 16)
    }
}
