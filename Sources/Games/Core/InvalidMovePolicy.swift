/// What happens when a seat submits an action that cannot be played (text that does not
/// parse, an illegal index): shared by every game, so that each game's rules stay pure.
///
/// After `retries` invalid replies in a row on the same turn, the next one ends the episode:
/// the offender gets `offenderReturn`, every other seat `othersReturn` (by default an equal
/// share of what the offender loses, so the game stays zero-sum). In a `TeamGame` these are
/// team totals: the offender's team shares `offenderReturn`, the other seats share
/// `othersReturn` (default `-offenderReturn`).
public struct InvalidMovePolicy: Hashable, Sendable, CustomStringConvertible {
    /// How many invalid replies a seat may make on one turn before the penalty (TextArena
    /// lets players retry; SPIRAL and Pgx allow none).
    public var retries: Int
    /// The return of the seat that made the invalid move.
    public var offenderReturn: Double
    /// The return of every other seat; nil means `-offenderReturn / (seats - 1)` (zero-sum).
    public var othersReturn: Double?

    /// Creates a policy.
    ///
    /// - Precondition: `retries >= 0`.
    public init(retries: Int = 0, offenderReturn: Double = -1, othersReturn: Double? = nil) {
        precondition(retries >= 0, "retries must not be negative")
        self.retries = retries
        self.offenderReturn = offenderReturn
        self.othersReturn = othersReturn
    }

    /// Zero-sum forfeit: offender -1, the others share +1 (Pgx, SPIRAL's evaluation).
    public static let zeroSum = InvalidMovePolicy()
    /// SPIRAL's training preset: offender -1.5, the other +0.5.
    public static let spiralTraining = InvalidMovePolicy(offenderReturn: -1.5, othersReturn: 0.5)
    /// TextArena's rule (version 0.6.4, the one SPIRAL pins), shared by all its games: one
    /// retry, then the offender gets -1 and every other player 0 (not zero-sum).
    public static let textArena = InvalidMovePolicy(retries: 1, offenderReturn: -1, othersReturn: 0)

    /// The policy named `name`: `zero_sum`, `spiral`, `textarena`, or one of them followed by
    /// `+K` retries (`zero_sum+2`; `textarena+0` takes away TextArena's one retry).
    public init?(named name: String) {
        let parts = name.split(separator: "+", maxSplits: 1)
        guard let base = parts.first else { return nil }
        switch base {
        case "zero_sum": self = .zeroSum
        case "spiral": self = .spiralTraining
        case "textarena": self = .textArena
        default: return nil
        }
        if parts.count == 2 {
            guard let retries = Int(parts[1]), retries >= 0 else { return nil }
            self.retries = retries
        }
    }

    /// The names `init(named:)` accepts, for error messages.
    public static let acceptedNames = "zero_sum, spiral, textarena, or one of them followed by +K (K retries)"

    /// The return of `seat` when `offender` forfeits a game of `seatCount` seats.
    public func forfeitReturn(seat: Int, offender: Int, seatCount: Int) -> Double {
        if seat == offender { return offenderReturn }
        return othersReturn ?? -offenderReturn / Double(max(seatCount - 1, 1))
    }

    public var description: String {
        let others = othersReturn.map { String($0) } ?? "zero-sum share"
        return "offender \(offenderReturn), others \(others), \(retries) retries"
    }
}
