import Games
import GamesTesting
import Testing

@Suite("Every catalog game passes the conformance checker")
struct ConformanceTests {
    /// Every catalog game with its defaults, plus variants whose parameters change the rules' shape.
    static let gameStrings =
        GameCatalog.names + [
            "kuhn_poker(players=3)", "kuhn_poker(players=10)", "kuhn_poker(rounds=5)",
            "kuhn_poker(preset=spiral_v1)", "kuhn_poker(preset=spiral_v1,rounds=1)",
        ]

    @Test("random playouts satisfy the Game contract", arguments: gameStrings)
    func conformance(gameString: String) throws {
        let report = try GameCatalog.visit(gameString, with: ConformanceVisitor(episodes: 300))
        #expect(report.passed, "\(report)")
        #expect(report.episodes == 300)
        #expect(report.statesChecked > 300)
    }

    @Test func theCheckerCatchesABrokenGame() throws {
        let report = GameConformance.check(BrokenReturnsGame(), episodes: 5)
        #expect(!report.passed)
        #expect(report.failures.contains { $0.rule.contains("sum to") })
    }

    @Test func theCheckerCatchesAChanceDrawThatDiffersFromSampling() throws {
        let report = GameConformance.check(MisdrawingKuhn(), episodes: 5)
        #expect(!report.passed)
        #expect(report.failures.contains { $0.rule.contains("sampleChance drew") && $0.rule.contains("left the generator elsewhere") })
    }

    @Test func theCheckerCatchesAMoveDrawThatDiffersFromADrawOverTheLegalActions() throws {
        var game = MisdrawingKuhn()
        game.misdraw = .move
        let report = GameConformance.check(game, episodes: 5)
        #expect(!report.passed)
        #expect(report.failures.contains { $0.rule.contains("sampleLegalAction drew") && $0.rule.contains("left the generator elsewhere") })
        #expect(!report.failures.contains { $0.rule.contains("sampleChance") })
    }

    @Test func theCheckerCatchesARolloutThatDiffersFromTheStepByStepLoop() throws {
        var game = MisdrawingKuhn()
        game.misdraw = .rollout
        let report = GameConformance.check(game, episodes: 5)
        #expect(!report.passed)
        #expect(report.failures.contains { $0.rule.contains("playOutRandomly from step 0") && $0.rule.contains("the generator elsewhere") })
        #expect(!report.failures.contains { $0.rule.contains("sampleChance") || $0.rule.contains("sampleLegalAction") })
    }
}

struct ConformanceVisitor: GameVisitor {
    let episodes: Int
    func visit<G: Game>(_ game: G) throws -> ConformanceReport {
        GameConformance.check(game, episodes: episodes, seed: 7)
    }
}

/// TicTacToe whose returns do not sum to zero: the checker must notice.
struct BrokenReturnsGame: Game {
    typealias State = TicTacToe.State
    typealias Action = Int
    static let info = GameInfo(name: "broken", longName: "Broken", summary: "", parameters: [], card: "")
    let parameters: GameParameters
    let inner = TicTacToe()
    init(parameters: GameParameters) throws(GameError) { self.parameters = parameters }
    var seatCount: Int { 2 }
    var actionCount: Int { 9 }
    var observationShape: [Int] { [27] }
    var roleNames: [String] { ["x", "o"] }
    var utility: Utility { Utility(kind: .zeroSum, min: -1, max: 1) }
    var maxGameLength: Int { 9 }
    func initialState() -> State { inner.initialState() }
    func currentPlayer(_ state: State) -> CurrentPlayer { inner.currentPlayer(state) }
    func legalActions(_ state: State, into actions: ActionBuffer<Int>) { inner.legalActions(state, into: actions) }
    func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Int>>) { outcomes.removeAll() }
    func apply(_ action: Int, to state: inout State) { inner.apply(action, to: &state) }
    func returns(_ state: State, seat: Int) -> Double { inner.isTerminal(state) ? 1 : 0 }
    func actionIndex(_ action: Int) -> Int { action }
    func action(atIndex index: Int) -> Int? { inner.action(atIndex: index) }
    func role(of seat: Int, in state: State) -> Int { seat }
    func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        inner.writeObservation(state, seat: seat, into: buffer)
    }
    func informationState(_ state: State, seat: Int) -> String { inner.informationState(state, seat: seat) }
    func observationText(_ state: State, seat: Int) -> String { inner.observationText(state, seat: seat) }
    func actionText(_ action: Int, in state: State) -> String { inner.actionText(action, in: state) }
    func parseAction(_ text: String, in state: State) -> Result<Int, ActionParseError> { inner.parseAction(text, in: state) }
    func encodeState(_ state: State) -> String { inner.encodeState(state) }
    func decodeState(_ text: String) throws(GameError) -> State { try inner.decodeState(text) }
}

/// Kuhn Poker whose `sampleChance` deals the lowest card left without drawing, whose
/// `sampleLegalAction` always bets without drawing, or whose `playOutRandomly` skips a draw
/// first: the checker must notice that the draw does not match sampling the listed outcomes
/// (or legal actions, or the step-by-step loop).
struct MisdrawingKuhn: Game {
    enum Misdraw: Hashable, Sendable {
        case chance, move, rollout
    }
    typealias State = KuhnPoker.State
    typealias Action = Int
    static let info = GameInfo(name: "first_card", longName: "First card", summary: "", parameters: [], card: "")
    let parameters: GameParameters
    let inner = KuhnPoker()
    var misdraw = Misdraw.chance
    init(parameters: GameParameters) throws(GameError) { self.parameters = parameters }
    var seatCount: Int { inner.seatCount }
    var actionCount: Int { inner.actionCount }
    var observationShape: [Int] { inner.observationShape }
    var observationIsBinary: Bool { inner.observationIsBinary }
    var roleNames: [String] { inner.roleNames }
    var utility: Utility { inner.utility }
    var maxGameLength: Int { inner.maxGameLength }
    func initialState() -> State { inner.initialState() }
    func currentPlayer(_ state: State) -> CurrentPlayer { inner.currentPlayer(state) }
    func legalActions(_ state: State, into actions: ActionBuffer<Int>) { inner.legalActions(state, into: actions) }
    func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Int>>) { inner.chanceOutcomes(state, into: outcomes) }
    func sampleChance(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<ChanceOutcome<Int>>) -> Int {
        guard misdraw == .chance else { return inner.sampleChance(state, rng: &rng, scratch: scratch) }
        inner.chanceOutcomes(state, into: scratch)
        return scratch[0].action
    }
    func sampleLegalAction(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<Int>) -> Int {
        misdraw == .move ? KuhnPoker.bet : inner.sampleLegalAction(state, rng: &rng, scratch: scratch)
    }
    func playOutRandomly(
        _ state: inout State, rng: inout EpisodeRNG, legal: ActionBuffer<Int>, outcomes: ActionBuffer<ChanceOutcome<Int>>
    ) -> Int {
        if misdraw == .rollout { _ = rng.next() }
        return inner.playOutRandomly(&state, rng: &rng, legal: legal, outcomes: outcomes)
    }
    func apply(_ action: Int, to state: inout State) { inner.apply(action, to: &state) }
    func returns(_ state: State, seat: Int) -> Double { inner.returns(state, seat: seat) }
    func actionIndex(_ action: Int) -> Int { action }
    func action(atIndex index: Int) -> Int? { inner.action(atIndex: index) }
    func role(of seat: Int, in state: State) -> Int { inner.role(of: seat, in: state) }
    func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        inner.writeObservation(state, seat: seat, into: buffer)
    }
    func informationState(_ state: State, seat: Int) -> String { inner.informationState(state, seat: seat) }
    func observationText(_ state: State, seat: Int) -> String { inner.observationText(state, seat: seat) }
    func actionText(_ action: Int, in state: State) -> String { inner.actionText(action, in: state) }
    func parseAction(_ text: String, in state: State) -> Result<Int, ActionParseError> { inner.parseAction(text, in: state) }
    func encodeState(_ state: State) -> String { inner.encodeState(state) }
    func decodeState(_ text: String) throws(GameError) -> State { try inner.decodeState(text) }
}
