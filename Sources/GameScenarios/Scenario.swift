import Games
import Testing

/// A scripted position of a game, for tests that state one rule: set a position up, play
/// moves through either face, and expect what the rule says.
///
/// ```swift
/// @Test func aCompletedRowWins() {
///     var game = Scenario(TicTacToe())
///     game.play("[0]", "[3]", "[1]", "[4]")
///     game.expectActing(seat: 0)
///     game.play("[2]")
///     game.expectTerminal()
///     game.expectReturns([1, -1])
/// }
/// ```
///
/// Every `play` and `expect` call takes a `sourceLocation` that defaults to the caller's, so a
/// broken rule is reported at the line of the test that states it (as a Swift Testing issue).
/// Once a move of the script cannot be played, later moves and expectations of the same
/// scenario are skipped: the position they would describe was never reached, and the first
/// issue already says why.
///
/// Chance nodes are not sampled behind the script's back: the script names each outcome
/// (by its action text, e.g. `"[deal J]"`, or its index), or `playChance(seed:)` draws them
/// as an `Episode` would.
public struct Scenario<G: Game>: Sendable {
    /// The game being played.
    public let game: G
    /// The current position.
    public internal(set) var state: G.State
    /// Every action played since the starting position, chance outcomes included.
    public internal(set) var actions: [G.Action] = []
    /// The text of every action played (as `actionText` wrote it when it was played).
    public internal(set) var moveTexts: [String] = []
    /// Whether a move of the script could not be played; see the type's documentation.
    public internal(set) var hasFailed = false
    /// Where the script started, for failure messages: nil for the game's initial state.
    let origin: String?

    /// A scenario at the game's initial state (a chance node, for games that deal first).
    public init(_ game: G) {
        self.game = game
        state = game.initialState()
        origin = nil
    }

    /// A scenario at `state`.
    ///
    /// - Parameter description: how `state` is named in failure messages (its encoding by default).
    public init(_ game: G, state: G.State, description: String? = nil) {
        self.game = game
        self.state = state
        origin = description ?? "state '\(game.encodeState(state))'"
    }

    /// A scenario at the state `decodeState` rebuilds from `encodedState`.
    ///
    /// A string the game cannot decode is an issue at the caller's line, and the scenario
    /// is failed (its later moves and expectations are skipped).
    public init(_ game: G, encodedState: String, sourceLocation: SourceLocation = #_sourceLocation) {
        self.game = game
        origin = "state '\(encodedState)'"
        do {
            state = try game.decodeState(encodedState)
        } catch {
            state = game.initialState()
            hasFailed = true
            Issue.record("\(game.description) cannot decode '\(encodedState)': \(error)", sourceLocation: sourceLocation)
        }
    }

    /// A scenario at the end of a random legal play (for instance the shrunk failing case of a
    /// property test), with its actions as the history.
    public init(replaying play: LegalPlay<G>) {
        game = play.game
        state = play.finalState
        actions = play.actions
        moveTexts = play.moveTexts
        origin = nil
    }

    // MARK: - What the position shows

    /// Who acts now.
    public var currentPlayer: CurrentPlayer { game.currentPlayer(state) }
    /// Whether the episode is over.
    public var isTerminal: Bool { game.isTerminal(state) }
    /// The indices of the acting seat's legal actions, in order.
    public var legalIndices: [Int] { game.legalActions(state).map(game.actionIndex) }
    /// The action strings of the acting seat's legal actions, in index order.
    public var legalMoves: [String] { game.legalActionTexts(state) }
    /// Every seat's return so far (the final outcome at a terminal state).
    public var returns: [Double] { game.returns(state) }
    /// `seat`'s observation tensor.
    public func observation(seat: Int) -> [Float] { game.observation(state, seat: seat) }
    /// `seat`'s prompt: what an LLM playing it reads now.
    public func observationText(seat: Int) -> String { game.observationText(state, seat: seat) }

    // MARK: - Failure plumbing

    /// Where the script stands, as failure messages begin: the origin and the last moves.
    var whereAbouts: String {
        guard !moveTexts.isEmpty else { return origin.map { "at \($0)" } ?? "at the start" }
        let shown = moveTexts.suffix(12).joined(separator: " ")
        let elided = moveTexts.count > 12 ? "... " : ""
        return (origin.map { "from \($0) " } ?? "") + "after \(elided)\(shown)"
    }

    /// Records `message`, prefixed with where the script stands, at `sourceLocation`.
    func fail(_ message: String, at sourceLocation: SourceLocation) {
        Issue.record("\(game.description) \(whereAbouts): \(message)", sourceLocation: sourceLocation)
    }

    /// Records `message` when `condition` is false; nothing when the scenario already failed.
    func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, at sourceLocation: SourceLocation) {
        guard !hasFailed, !condition() else { return }
        fail(message(), at: sourceLocation)
    }

    /// Who acts, in words.
    static func describe(_ player: CurrentPlayer) -> String {
        switch player {
        case .seat(let seat): return "seat \(seat) is to act"
        case .chance: return "a chance node is next"
        case .terminal: return "the episode is over"
        }
    }
}
