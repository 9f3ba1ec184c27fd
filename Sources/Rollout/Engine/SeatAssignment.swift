/// Which of the engine's policies plays a seat in an episode.
///
/// Decided per decision from (episode, seat, role), so team games can assign by role (the
/// roles are dealt by chance after the episode starts).
public struct SeatAssignment: Sendable {
    @usableFromInline let rule: Rule

    @usableFromInline
    enum Rule: Sendable {
        case single
        case alternating(first: Int, second: Int)
        case custom(@Sendable (_ episode: Int, _ seat: Int, _ role: Int) -> Int)
    }

    /// Policy 0 plays every seat (self-play).
    public static let selfPlay = SeatAssignment(rule: .single)

    /// Two policies on alternating seats, swapped every episode: in even episodes `first` plays
    /// the even seats; in odd episodes the odd ones. With two seats, each policy plays each
    /// seat in half the episodes.
    public static func alternating(_ first: Int, _ second: Int) -> SeatAssignment {
        SeatAssignment(rule: .alternating(first: first, second: second))
    }

    /// Any rule from (episode, seat, role) to a policy index.
    public static func custom(_ choose: @escaping @Sendable (_ episode: Int, _ seat: Int, _ role: Int) -> Int) -> SeatAssignment {
        SeatAssignment(rule: .custom(choose))
    }

    /// The index of the policy that plays `seat` (holding `role`) in `episode`.
    @inlinable
    public func policy(episode: Int, seat: Int, role: Int) -> Int {
        switch rule {
        case .single: return 0
        case .alternating(let first, let second): return (episode &+ seat) & 1 == 0 ? first : second
        case .custom(let choose): return choose(episode, seat, role)
        }
    }
}
