/// Errors from the exact solvers: games too large to enumerate, and games whose structure an
/// algorithm cannot handle. Every message names the game and says what would work instead.
public enum SolverError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The game has more states or histories than the limit allows.
    ///
    /// `estimate` is set when the refusal came from a size estimate made before enumerating,
    /// nil when the enumeration itself reached the limit.
    case gameTooLarge(game: String, counting: String, limit: Int, estimate: Double?)
    /// An algorithm for perfect-information games met two positions a seat cannot tell apart.
    case notPerfectInformation(game: String, informationState: String)
    /// A seat's information state recurs below itself, so the seat forgets what it knew
    /// (best response and CFR assume perfect recall).
    case imperfectRecall(game: String, informationState: String)
    /// Two histories in one information state disagree on something the seat would see
    /// (the legal actions), which a correct game cannot produce.
    case inconsistentInformationState(game: String, informationState: String, reason: String)
    /// Two histories in one information state give its acting seat different observation
    /// tensors or roles, so a policy over observations is not a policy over information states
    /// (see `InformationStateTable`). `difference` says what differed.
    case observationNotDeterminedByInformationState(game: String, informationState: String, difference: String)

    public var description: String {
        switch self {
        case .gameTooLarge(let game, let counting, let limit, let estimate):
            let size = estimate.map { "about \(Self.brief($0)) \(counting) (estimated)" } ?? "more than \(limit) \(counting)"
            return "\(game) is too large to solve exactly: \(size), over the limit of \(limit). "
                + "Exact solvers enumerate the whole game; try a smaller one, e.g. kuhn_poker or kuhn_poker(players=3)."
        case .notPerfectInformation(let game, let informationState):
            return "\(game) is not a perfect-information game: information state '\(informationState)' "
                + "covers several positions. Minimax needs perfect information; use best response or CFR instead."
        case .imperfectRecall(let game, let informationState):
            return "\(game) does not have perfect recall: information state '\(informationState)' "
                + "is reached again below itself, so best response and CFR do not apply."
        case .inconsistentInformationState(let game, let informationState, let reason):
            return "\(game): information state '\(informationState)' is inconsistent: \(reason). "
                + "This is a bug in the game's rules or in its informationState(_:seat:)."
        case .observationNotDeterminedByInformationState(let game, let informationState, let difference):
            return "\(game): the observation is not a function of the information state: at '\(informationState)' "
                + "\(difference). A policy over observation tensors cannot be written as a tabular policy over information "
                + "states; writeObservation(_:seat:into:) or role(of:in:) shows something informationState(_:seat:) leaves out."
        }
    }

    /// A count written briefly: whole below a million, else like `3.2e12`.
    static func brief(_ value: Double) -> String {
        guard value.isFinite else { return "infinitely many" }
        guard value >= 1e6 else { return String(Int(value.rounded())) }
        var mantissa = value
        var exponent = 0
        while mantissa >= 10 {
            mantissa /= 10
            exponent += 1
        }
        return "\((mantissa * 10).rounded() / 10)e\(exponent)"
    }
}
