import Games
import Synchronization

/// A small correct game that the conformance checker's tests break on purpose, one rule at a
/// time, through its `flaw` parameter (`flawed(flaw=no_legal_actions)`; `none` is correct).
///
/// Chance tosses a coin (`heads` or `tails`, one half each), then seat 0 and seat 1 each call
/// `left` or `right`; seat 0 wins 1 from seat 1 when the calls match. States by step: 0 chance,
/// 1 seat 0, 2 seat 1, 3 terminal.
struct FlawedGame: Game {
    typealias Action = Int

    struct State: Hashable, Sendable {
        var coin: Int?
        var calls: [Int] = []
        /// Set only by the `not_deterministic` flaw: which coin the chance node offers.
        var flipped = false
    }

    /// The flaws, each breaking one rule the checker states.
    static let flaws = [
        "none", "bad_sizes", "action_index_round_trip", "action_beyond_count", "game_string_does_not_rebuild",
        "no_legal_actions", "no_chance_outcomes", "chance_sum", "chance_probability_range", "duplicate_outcomes",
        "terminal_actions", "terminal_outcomes", "chance_lists_actions", "decision_lists_outcomes",
        "seat_out_of_range", "index_out_of_range", "unsorted", "mask_disagrees", "mask_where_no_seat_acts",
        "text_does_not_parse", "parses_to_other", "shared_text", "returns_not_zero_sum", "return_outside_utility",
        "identical_returns_differ", "observation_unwritten", "observation_not_binary", "role_out_of_range",
        "empty_observation_text", "state_does_not_round_trip", "state_does_not_decode", "too_long",
        "not_deterministic",
    ]

    static let info = GameInfo(
        name: "flawed", longName: "Flawed", summary: "A test game broken on purpose, one rule at a time.",
        parameters: [ParameterSpec("flaw", default: .string("none"), help: "none or the rule to break")],
        card: "Test only.")

    let parameters: GameParameters
    let flaw: String
    /// Counts `initialState` calls for the `not_deterministic` flaw; equal for every instance.
    let initialStates = CallCounter()

    init(parameters: GameParameters) throws(GameError) {
        self.parameters = parameters
        flaw = parameters.string("flaw")
    }

    init(flaw: String) throws {
        try self.init(["flaw": .string(flaw)])
    }

    var description: String { flaw == "game_string_does_not_rebuild" ? "flawed" : parameters.gameString }
    var seatCount: Int { 2 }
    var actionCount: Int { flaw == "bad_sizes" ? 0 : 2 }
    var observationShape: [Int] { [2] }
    var observationIsBinary: Bool { true }
    var roleNames: [String] { ["first", "second"] }
    var utility: Utility { Utility(kind: flaw == "identical_returns_differ" ? .identical : .zeroSum, min: -1, max: 1) }
    var maxGameLength: Int { flaw == "too_long" ? 2 : 3 }

    func initialState() -> State {
        State(flipped: flaw == "not_deterministic" && initialStates.next().isMultiple(of: 2))
    }

    func currentPlayer(_ state: State) -> CurrentPlayer {
        guard state.coin != nil else { return .chance }
        switch state.calls.count {
        case 0: return .seat(0)
        case 1: return .seat(flaw == "seat_out_of_range" ? 2 : 1)
        default: return .terminal
        }
    }

    func legalActions(_ state: State, into actions: ActionBuffer<Int>) {
        actions.removeAll()
        switch currentPlayer(state) {
        case .seat where flaw == "no_legal_actions" && state.calls.count == 1: return
        case .seat where flaw == "index_out_of_range": actions.append(7)
        case .seat where flaw == "unsorted": actions.append(1); actions.append(0)
        case .seat: actions.append(0); actions.append(1)
        case .terminal where flaw == "terminal_actions", .chance where flaw == "chance_lists_actions": actions.append(0)
        case .terminal, .chance: return
        }
    }

    func writeLegalMask(_ state: State, into mask: UnsafeMutableBufferPointer<UInt8>, scratch: ActionBuffer<Int>) {
        mask.initialize(repeating: 0)
        legalActions(state, into: scratch)
        for action in scratch { mask[actionIndex(action)] = 1 }
        if flaw == "mask_disagrees", case .seat = currentPlayer(state) { mask[1] = 0 }
        if flaw == "mask_where_no_seat_acts", currentPlayer(state) == .chance { mask[0] = 1 }
    }

    func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Int>>) {
        outcomes.removeAll()
        switch currentPlayer(state) {
        case .chance:
            let probabilities: [(Int, Double)] =
                switch flaw {
                case "no_chance_outcomes": []
                case "chance_sum": [(0, 0.5), (1, 0.4)]
                case "chance_probability_range": [(0, 1.5), (1, -0.5)]
                case "duplicate_outcomes": [(0, 0.5), (0, 0.5)]
                case "not_deterministic": [(state.flipped ? 1 : 0, 1)]
                default: [(0, 0.5), (1, 0.5)]
                }
            for (coin, probability) in probabilities { outcomes.append(ChanceOutcome(coin, probability: probability)) }
        case .seat where flaw == "decision_lists_outcomes" && state.calls.isEmpty,
            .terminal where flaw == "terminal_outcomes":
            outcomes.append(ChanceOutcome(0, probability: 1))
        case .seat, .terminal:
            return
        }
    }

    func apply(_ action: Int, to state: inout State) {
        if state.coin == nil { state.coin = action } else { state.calls.append(action) }
    }

    func returns(_ state: State, seat: Int) -> Double {
        guard state.calls.count == 2 else { return 0 }
        switch flaw {
        case "returns_not_zero_sum": return 1
        case "return_outside_utility": return seat == 0 ? 3 : -3
        default:
            let seatZero: Double = state.calls[0] == state.calls[1] ? 1 : -1
            return seat == 0 ? seatZero : -seatZero
        }
    }

    func actionIndex(_ action: Int) -> Int { action }

    func action(atIndex index: Int) -> Int? {
        if flaw == "action_index_round_trip", index == 1 { return 0 }
        if flaw == "action_beyond_count", index == 2 { return 2 }
        return (0..<actionCount).contains(index) ? index : nil
    }

    func role(of seat: Int, in state: State) -> Int { flaw == "role_out_of_range" ? 3 : seat }

    func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        buffer[0] = flaw == "observation_not_binary" ? 0.5 : state.coin == nil ? 0 : 1
        if flaw != "observation_unwritten" { buffer[1] = state.calls.count == 2 ? 1 : 0 }
    }

    func informationState(_ state: State, seat: Int) -> String {
        observationText(state, seat: seat)
    }

    func observationText(_ state: State, seat: Int) -> String {
        if flaw == "empty_observation_text" { return "" }
        let calls = state.calls.map { actionText($0, in: State(coin: 0)) }
        return "calls: " + (calls.isEmpty ? "none" : calls.joined(separator: ", "))
    }

    func actionText(_ action: Int, in state: State) -> String {
        if state.coin == nil { return action == 0 ? "heads" : "tails" }
        if flaw == "shared_text" { return "call" }
        return action == 0 ? "left" : action == 1 ? "right" : "call \(action)"
    }

    func parseAction(_ text: String, in state: State) -> Result<Int, ActionParseError> {
        switch text {
        case "left": return .success(0)
        case "right" where flaw == "text_does_not_parse": break
        case "right": return .success(flaw == "parses_to_other" ? 0 : 1)
        case "call": return .success(0)
        default: break
        }
        return .failure(ActionParseError(reason: "'\(text)' is not a call", accepted: ["left", "right"]))
    }

    func encodeState(_ state: State) -> String {
        let coin = state.coin.map(String.init) ?? "-"
        return ([state.flipped ? "f" : "u", coin] + state.calls.map(String.init)).joined(separator: " ")
    }

    func decodeState(_ text: String) throws(GameError) -> State {
        let fields = text.split(separator: " ")
        guard flaw != "state_does_not_decode", fields.count >= 2 else {
            throw GameError.badState(game: "flawed", reason: "expected 'u|f coin calls...', got '\(text)'")
        }
        let coin = flaw == "state_does_not_round_trip" ? nil : Int(fields[1])
        return State(coin: coin, calls: fields.dropFirst(2).compactMap { Int($0) }, flipped: fields[0] == "f")
    }
}

/// A call count shared by copies of one game; every counter equals every other, so that the
/// game it belongs to compares by its parameters only.
final class CallCounter: Sendable, Hashable {
    private let count = Mutex(0)

    /// The number of calls before this one.
    func next() -> Int {
        count.withLock { value in
            defer { value += 1 }
            return value
        }
    }

    static func == (lhs: CallCounter, rhs: CallCounter) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
