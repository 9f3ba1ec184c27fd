/// Caller-owned storage that `Game.legalActions(_:into:)` fills without allocating.
///
/// A playout makes one buffer (`game.makeActionBuffer()`, capacity `actionCount`) and reuses
/// it every step. Measured on random TicTacToe, filling a Swift `Array` per step (even with
/// reserved capacity) halved the step rate; this buffer costs a store and an increment.
///
/// Not thread-safe: one buffer per thread, like any scratch storage.
public final class ActionBuffer<Action>: RandomAccessCollection {
    /// The most actions the buffer holds.
    public let capacity: Int
    @usableFromInline let base: UnsafeMutablePointer<Action>
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

    /// Adds an action at the end.
    ///
    /// - Precondition: the buffer is not full (a game lists at most `actionCount` legal actions).
    @inlinable
    public func append(_ action: Action) {
        precondition(stored < capacity, "more legal actions than actionCount (\(capacity))")
        (base + stored).initialize(to: action)
        stored &+= 1
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
}
