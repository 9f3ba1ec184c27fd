import Games

/// A one-move game whose moves are written with numbers that are not their indices, as
/// `games play` must be ready for: index `i` in 0...4 is written `[4 - i]`, and index 5 is
/// written `[9]`. Only the move written `[2]` (index 2) is written as its index.
struct NumberedGame: Game {
    typealias Action = Int
    typealias State = Int?

    static let info = GameInfo(name: "numbered", longName: "Numbered", summary: "A test game.", parameters: [], card: "Test only.")

    let parameters: GameParameters

    init(parameters: GameParameters) throws(GameError) {
        self.parameters = parameters
    }

    var seatCount: Int { 1 }
    var actionCount: Int { 6 }
    var observationShape: [Int] { [1] }
    var roleNames: [String] { ["player"] }
    var utility: Utility { Utility(kind: .generalSum, min: 0, max: 5) }
    var maxGameLength: Int { 1 }

    func initialState() -> State { nil }
    func currentPlayer(_ state: State) -> CurrentPlayer { state == nil ? .seat(0) : .terminal }

    func legalActions(_ state: State, into actions: ActionBuffer<Int>) {
        actions.removeAll()
        guard state == nil else { return }
        for action in 0..<6 { actions.append(action) }
    }

    func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Int>>) { outcomes.removeAll() }
    func apply(_ action: Int, to state: inout State) { state = action }
    func returns(_ state: State, seat: Int) -> Double { Double(state ?? 0) }
    func actionIndex(_ action: Int) -> Int { action }
    func action(atIndex index: Int) -> Int? { (0..<6).contains(index) ? index : nil }
    func role(of seat: Int, in state: State) -> Int { 0 }
    func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) { buffer[0] = state == nil ? 0 : 1 }
    func informationState(_ state: State, seat: Int) -> String { state.map(String.init) ?? "" }
    func observationText(_ state: State, seat: Int) -> String { "Pick a number." }
    func actionText(_ action: Int, in state: State) -> String { action == 5 ? "[9]" : "[\(4 - action)]" }

    func parseAction(_ text: String, in state: State) -> Result<Int, ActionParseError> {
        let written = (0..<6).first { text.contains(actionText($0, in: state)) }
        return written.map { .success($0) } ?? .failure(ActionParseError(reason: "no move", accepted: []))
    }

    func encodeState(_ state: State) -> String { state.map(String.init) ?? "" }
    func decodeState(_ text: String) throws(GameError) -> State { Int(text) }
}
