import Games

/// A toy game with a rule variant implemented wrongly on purpose, for the test that shows a
/// property test catching the bug and shrinking it to the shortest play that shows it.
///
/// Nim with a bonus: a pile of 15 stones; seats alternate taking 1, 2 or 3; whoever takes the
/// last stone wins a chip from the other. The variant: from the fourth move on, taking 3
/// stones wins the taker a bonus chip from the other seat. The bug: the other seat is not
/// charged, so from that move on the returns no longer sum to zero.
struct BonusNim: Game {
    /// The number of stones taken, 1 to 3 (index = stones - 1).
    typealias Action = Int

    struct State: Hashable, Sendable {
        var pile = 15
        var moves = 0
        var bonusChips = [0, 0]
    }

    static let info = GameInfo(
        name: "bonus_nim", longName: "Bonus Nim (broken on purpose)",
        summary: "Take 1 to 3 stones; the last stone wins; a late take of 3 earns a bonus chip.",
        parameters: [], card: "Test only.")

    let parameters: GameParameters

    init(parameters: GameParameters) throws(GameError) {
        self.parameters = parameters
    }

    var seatCount: Int { 2 }
    var actionCount: Int { 3 }
    var observationShape: [Int] { [2] }
    var roleNames: [String] { ["first", "second"] }
    var utility: Utility { Utility(kind: .zeroSum, min: -6, max: 6) }
    var maxGameLength: Int { 15 }

    func initialState() -> State { State() }

    func currentPlayer(_ state: State) -> CurrentPlayer {
        state.pile == 0 ? .terminal : .seat(state.moves % 2)
    }

    func legalActions(_ state: State, into actions: ActionBuffer<Int>) {
        actions.removeAll()
        for stones in 1...3 where stones <= state.pile { actions.append(stones) }
    }

    func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Int>>) {
        outcomes.removeAll()
    }

    func apply(_ action: Int, to state: inout State) {
        precondition((1...min(3, state.pile)).contains(action), "cannot take \(action) of \(state.pile)")
        if state.moves >= 3 && action == 3 { state.bonusChips[state.moves % 2] += 1 }
        state.pile -= action
        state.moves += 1
    }

    func returns(_ state: State, seat: Int) -> Double {
        // The bug: a correct rule subtracts the other seat's bonus chips here.
        var chips = Double(state.bonusChips[seat])
        if state.pile == 0 {
            let winner = (state.moves - 1) % 2
            chips += winner == seat ? 1 : -1
        }
        return chips
    }

    func actionIndex(_ action: Int) -> Int { action - 1 }
    func action(atIndex index: Int) -> Int? { (0..<3).contains(index) ? index + 1 : nil }
    func role(of seat: Int, in state: State) -> Int { seat }

    func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        buffer[0] = Float(state.pile) / 15
        buffer[1] = Float(state.moves % 2)
    }

    func informationState(_ state: State, seat: Int) -> String { encodeState(state) }
    func observationText(_ state: State, seat: Int) -> String { "\(state.pile) stones left." }
    func actionText(_ action: Int, in state: State) -> String { "[take \(action)]" }

    func parseAction(_ text: String, in state: State) -> Result<Int, ActionParseError> {
        let accepted = legalActionTexts(state)
        guard let stones = TextCommands.bracketed(text).compactMap({ Int($0.split(separator: " ").last ?? "") }).last,
            legalActions(state).contains(stones)
        else { return .failure(ActionParseError(reason: "write [take N]", accepted: accepted)) }
        return .success(stones)
    }

    func encodeState(_ state: State) -> String {
        "\(state.pile),\(state.moves),\(state.bonusChips[0]),\(state.bonusChips[1])"
    }

    func decodeState(_ text: String) throws(GameError) -> State {
        let numbers = text.split(separator: ",").compactMap { Int($0) }
        guard numbers.count == 4 else { throw .badState(game: name, reason: "expected pile,moves,bonus0,bonus1") }
        return State(pile: numbers[0], moves: numbers[1], bonusChips: [numbers[2], numbers[3]])
    }
}
