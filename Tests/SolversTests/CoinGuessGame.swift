import Games

/// A one-seat game for `InformationStateTable`'s checks: chance tosses a coin (0 or 1), then the
/// seat guesses it without seeing it, so both tosses lead to the one information state "guess".
/// `leak` breaks the game on purpose:
/// - `none`: the observation and the role are the same after either toss (a correct game);
/// - `observation`: the observation tensor shows the coin, which the information state hides;
/// - `role`: the seat's role is the coin;
/// - `text`: the prompt shows the coin (the tensor face stays correct).
struct CoinGuessGame: Game {
    typealias Action = Int

    struct State: Hashable, Sendable {
        var coin: Int?
        var guess: Int?
    }

    static let info = GameInfo(
        name: "coin_guess", longName: "Coin guess", summary: "A test game whose observation may leak the coin.",
        parameters: [ParameterSpec("leak", default: .string("none"), help: "none, observation, role or text")],
        card: "Test only.")

    let parameters: GameParameters
    let leak: String

    init(parameters: GameParameters) throws(GameError) {
        self.parameters = parameters
        leak = parameters.string("leak")
    }

    init(leak: String) throws {
        try self.init(["leak": .string(leak)])
    }

    var seatCount: Int { 1 }
    var actionCount: Int { 2 }
    var observationShape: [Int] { [2] }
    var roleNames: [String] { ["heads", "tails"] }
    var utility: Utility { Utility(kind: .generalSum, min: 0, max: 1) }
    var maxGameLength: Int { 2 }

    func initialState() -> State { State() }

    func currentPlayer(_ state: State) -> CurrentPlayer {
        if state.coin == nil { return .chance }
        return state.guess == nil ? .seat(0) : .terminal
    }

    func legalActions(_ state: State, into actions: ActionBuffer<Int>) {
        actions.removeAll()
        guard currentPlayer(state) == .seat(0) else { return }
        actions.append(0)
        actions.append(1)
    }

    func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Int>>) {
        outcomes.removeAll()
        guard state.coin == nil else { return }
        outcomes.append(ChanceOutcome(0, probability: 0.5))
        outcomes.append(ChanceOutcome(1, probability: 0.5))
    }

    func apply(_ action: Int, to state: inout State) {
        if state.coin == nil { state.coin = action } else { state.guess = action }
    }

    func returns(_ state: State, seat: Int) -> Double {
        state.guess != nil && state.guess == state.coin ? 1 : 0
    }

    func actionIndex(_ action: Int) -> Int { action }
    func action(atIndex index: Int) -> Int? { (0..<2).contains(index) ? index : nil }

    func role(of seat: Int, in state: State) -> Int {
        leak == "role" ? state.coin ?? 0 : 0
    }

    func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        buffer.initialize(repeating: 0)
        buffer[0] = state.coin == nil ? 0 : 1  // the toss happened
        if leak == "observation" { buffer[1] = Float(state.coin ?? 0) }
    }

    func informationState(_ state: State, seat: Int) -> String {
        state.guess.map { "guessed \($0)" } ?? "guess"
    }

    func observationText(_ state: State, seat: Int) -> String {
        let key = informationState(state, seat: seat)
        return leak == "text" ? "\(key) (the coin shows \(state.coin ?? 0))" : key
    }
    func actionText(_ action: Int, in state: State) -> String { "[\(action)]" }

    func parseAction(_ text: String, in state: State) -> Result<Int, ActionParseError> {
        guard let action = Int(text.filter(\.isNumber)) else { return .failure(ActionParseError(reason: "not a number", accepted: [])) }
        return .success(action)
    }

    func encodeState(_ state: State) -> String {
        [state.coin, state.guess].compactMap { $0.map(String.init) }.joined(separator: ",")
    }

    func decodeState(_ text: String) throws(GameError) -> State {
        let moves = text.split(separator: ",").compactMap { Int($0) }
        return State(coin: moves.first, guess: moves.dropFirst().first)
    }
}
