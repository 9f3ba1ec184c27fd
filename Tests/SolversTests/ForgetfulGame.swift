import Games

/// A one-seat game built to break the solvers' assumptions, for the error paths:
/// - `repeat`: the seat decides twice in the same information state (it forgets its first move);
/// - `swap`: after move 0 the seat meets information states A then B, after move 1 B then A,
///   so each lies below the other;
/// - `inconsistent`: the second decision reuses the first one's string with three actions.
struct ForgetfulGame: Game {
    typealias Action = Int

    struct State: Hashable, Sendable {
        var moves: [Int] = []
    }

    static let info = GameInfo(
        name: "forgetful", longName: "Forgetful", summary: "A test game without perfect recall.",
        parameters: [ParameterSpec("mode", default: .string("repeat"), help: "repeat, swap or inconsistent")],
        card: "Test only.")

    let parameters: GameParameters
    let mode: String

    init(parameters: GameParameters) throws(GameError) {
        self.parameters = parameters
        mode = parameters.string("mode")
    }

    init(mode: String) throws {
        try self.init(["mode": .string(mode)])
    }

    var seatCount: Int { 1 }
    var actionCount: Int { 3 }
    var observationShape: [Int] { [1] }
    var roleNames: [String] { ["only"] }
    var utility: Utility { Utility(kind: .generalSum, min: 0, max: 9) }
    var maxGameLength: Int { 3 }
    var decisions: Int { mode == "swap" ? 3 : 2 }

    func initialState() -> State { State() }

    func currentPlayer(_ state: State) -> CurrentPlayer {
        state.moves.count < decisions ? .seat(0) : .terminal
    }

    func legalActions(_ state: State, into actions: ActionBuffer<Int>) {
        actions.removeAll()
        guard state.moves.count < decisions else { return }
        let count = mode == "inconsistent" && state.moves.count == 1 ? 3 : 2
        for action in 0..<count { actions.append(action) }
    }

    func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Int>>) {
        outcomes.removeAll()
    }

    func apply(_ action: Int, to state: inout State) {
        state.moves.append(action)
    }

    func returns(_ state: State, seat: Int) -> Double {
        Double(state.moves.reduce(0, +))
    }

    func actionIndex(_ action: Int) -> Int { action }
    func action(atIndex index: Int) -> Int? { (0..<3).contains(index) ? index : nil }
    func role(of seat: Int, in state: State) -> Int { 0 }

    func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        buffer[0] = Float(state.moves.count)
    }

    func informationState(_ state: State, seat: Int) -> String {
        guard mode == "swap", let first = state.moves.first else { return "same" }
        let order = first == 0 ? ["A", "B"] : ["B", "A"]
        return order[min(state.moves.count - 1, 1)]
    }

    func observationText(_ state: State, seat: Int) -> String { informationState(state, seat: seat) }
    func actionText(_ action: Int, in state: State) -> String { "[\(action)]" }

    func parseAction(_ text: String, in state: State) -> Result<Int, ActionParseError> {
        guard let action = Int(text.filter(\.isNumber)) else { return .failure(ActionParseError(reason: "not a number", accepted: [])) }
        return .success(action)
    }

    func encodeState(_ state: State) -> String { state.moves.map(String.init).joined(separator: ",") }

    func decodeState(_ text: String) throws(GameError) -> State {
        State(moves: text.split(separator: ",").compactMap { Int($0) })
    }
}
