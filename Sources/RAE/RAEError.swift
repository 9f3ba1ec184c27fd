/// Why RAE refused a batch or a saved baseline table.
///
/// Every case names the problem and where it is (turn, episode, seat), so a caller can fix
/// the producer of the buffers. RAE checks a whole batch before it writes any output or
/// changes any baseline: a batch that throws has changed nothing.
public enum RAEError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The episode lengths do not add up to the number of turns.
    case lengthsDoNotAddUp(sum: Int, turnCount: Int)
    /// An episode length is negative.
    case negativeLength(episode: Int, length: Int32)
    /// Episode offsets must start at 0.
    case offsetsDoNotStartAtZero(first: Int32)
    /// Episode offsets must not decrease.
    case offsetsDecrease(episode: Int, start: Int32, end: Int32)
    /// The last episode offset must equal the number of turns.
    case offsetsDoNotEndAtTurnCount(last: Int32, turnCount: Int)
    /// Offsets need one entry more than there are episodes, so at least one.
    case offsetsEmpty
    /// A column has the wrong number of entries.
    case columnCount(column: String, count: Int, expected: Int, reason: String)
    /// A per-turn reward is NaN or infinite.
    case nonFiniteReward(turn: Int, value: Float)
    /// A per-turn value estimate is NaN or infinite.
    case nonFiniteValue(turn: Int, value: Float)
    /// A seat's final return is NaN or infinite.
    case nonFiniteFinalReturn(episode: Int, seat: Int, value: Float)
    /// A seat id is outside `0..<seatCount`.
    case seatOutOfRange(seat: Int32, turn: Int, seatCount: Int)
    /// A role id is outside `0..<roleCount`.
    case roleOutOfRange(role: Int32, turn: Int, roleCount: Int)
    /// A seat did not act in an episode and the batch has no seat roles to say which role it
    /// held, under ``PlayerRule/everySeat``.
    case seatRoleUnknown(episode: Int, seat: Int)
    /// A seat role id (``TurnBatch/seatRoles``) is outside `0..<roleCount`.
    case seatRoleOutOfRange(role: Int32, episode: Int, seat: Int, roleCount: Int)
    /// A seat played two roles in one episode.
    case roleChangesWithinEpisode(episode: Int, seat: Int32, turn: Int, role: Int32, earlierRole: Int32)
    /// A numeric parameter (gamma, lambda, decay, a count) is outside its range.
    case invalidParameter(name: String, value: String, allowed: String)
    /// Two role ids were given the same (game, role) key.
    case duplicateRoleKey(game: String, role: String)
    /// A saved baseline value is NaN or infinite.
    case nonFiniteSavedBaseline(game: String, role: String, value: Float)

    public var description: String {
        switch self {
        case let .lengthsDoNotAddUp(sum, turnCount):
            return "lengths add up to \(sum) but there are \(turnCount) turns"
        case let .negativeLength(episode, length):
            return "episode \(episode) has negative length \(length)"
        case let .offsetsDoNotStartAtZero(first):
            return "episode offsets start at \(first), not 0"
        case let .offsetsDecrease(episode, start, end):
            return "episode \(episode) ends at offset \(end) before it starts at \(start)"
        case let .offsetsDoNotEndAtTurnCount(last, turnCount):
            return "episode offsets end at \(last) but there are \(turnCount) turns"
        case .offsetsEmpty:
            return "episode offsets are empty; they need episodes + 1 entries, starting with 0"
        case let .columnCount(column, count, expected, reason):
            return "\(column) has \(count) entries but \(reason) need \(expected)"
        case let .nonFiniteReward(turn, value):
            return "reward at turn \(turn) is \(value)"
        case let .nonFiniteValue(turn, value):
            return "value estimate at turn \(turn) is \(value)"
        case let .nonFiniteFinalReturn(episode, seat, value):
            return "final return of seat \(seat) in episode \(episode) is \(value)"
        case let .seatOutOfRange(seat, turn, seatCount):
            return "seat id \(seat) at turn \(turn) is out of range 0..<\(seatCount)"
        case let .roleOutOfRange(role, turn, roleCount):
            return "role id \(role) at turn \(turn) is out of range 0..<\(roleCount)"
        case let .seatRoleUnknown(episode, seat):
            return "seat \(seat) did not act in episode \(episode), so its role is unknown: give the batch's "
                + "seatRoles (every seat's role per episode), or use players .actingSeats to leave such seats out"
        case let .seatRoleOutOfRange(role, episode, seat, roleCount):
            return "seat role id \(role) of seat \(seat) in episode \(episode) is out of range 0..<\(roleCount)"
        case let .roleChangesWithinEpisode(episode, seat, turn, role, earlierRole):
            return "seat \(seat) has role \(role) at turn \(turn) but role \(earlierRole) "
                + "earlier in episode \(episode); a seat keeps its role for a whole episode"
        case let .invalidParameter(name, value, allowed):
            return "\(name) is \(value); allowed: \(allowed)"
        case let .duplicateRoleKey(game, role):
            return "role key (\(game), \(role)) is given to more than one role id"
        case let .nonFiniteSavedBaseline(game, role, value):
            return "saved baseline for (\(game), \(role)) is \(value)"
        }
    }
}
