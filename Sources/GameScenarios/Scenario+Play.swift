import Games
import Testing

// Playing the script: each move through the text face (parsed as a player's reply), the
// tensor face (an action index) or as a typed action. A move that cannot be played is an
// issue at the caller's line and fails the scenario.

extension Scenario {
    /// Plays moves given as text, in order.
    ///
    /// At a seat's turn the text is the seat's reply, read by the game's parser (`"[4]"`,
    /// `"I call. [call]"`). At a chance node it names the outcome by its action text, any
    /// letter case (`"[deal J]"`).
    public mutating func play(_ moves: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        play(moves, sourceLocation: sourceLocation)
    }

    /// Plays moves given as text, in order; see `play(_:sourceLocation:)` with variadic moves.
    public mutating func play(_ moves: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for move in moves where !hasFailed {
            switch resolve(move) {
            case .success(let action): apply(action)
            case .failure(let problem):
                fail("'\(move)' cannot be played: \(problem)", at: sourceLocation)
                hasFailed = true
            }
        }
    }

    /// Plays moves given as action indices, in order.
    ///
    /// At a seat's turn an index is the tensor face's; at a chance node it is the outcome's
    /// `actionIndex` (the numbering OpenSpiel gives chance actions).
    public mutating func play(_ indices: Int..., sourceLocation: SourceLocation = #_sourceLocation) {
        play(indices, sourceLocation: sourceLocation)
    }

    /// Plays moves given as action indices, in order; see `play(_:sourceLocation:)` with variadic indices.
    public mutating func play(_ indices: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
        for index in indices where !hasFailed {
            switch resolve(index: index) {
            case .success(let action): apply(action)
            case .failure(let problem):
                fail("index \(index) cannot be played: \(problem)", at: sourceLocation)
                hasFailed = true
            }
        }
    }

    /// Plays actions given as values of the game's `Action` type, each checked legal first.
    public mutating func play(actions: G.Action..., sourceLocation: SourceLocation = #_sourceLocation) {
        for action in actions where !hasFailed {
            if isLegal(action) {
                apply(action)
            } else {
                fail("\(action) is not legal (\(Self.describe(currentPlayer)))", at: sourceLocation)
                hasFailed = true
            }
        }
    }

    /// Draws chance outcomes, as `Episode(game, seed: seed, index: episode)` would, until a
    /// seat acts or the episode ends; does nothing where a seat acts.
    public mutating func playChance(seed: UInt64, episode: UInt64 = 0) {
        guard !hasFailed else { return }
        var rng = EpisodeRNG(seed: seed, episode: episode)
        while currentPlayer == .chance {
            apply(rng.sample(game.chanceOutcomes(state)))
        }
    }

    // MARK: - Reading moves

    /// The action a text names here, or why it names none.
    func resolve(_ move: String) -> Result<G.Action, MoveProblem> {
        switch currentPlayer {
        case .terminal:
            return .failure(MoveProblem("the episode is over"))
        case .chance:
            let outcomes = game.chanceOutcomes(state).map(\.action)
            let wanted = move.lowercasedTrimmed
            if let outcome = outcomes.first(where: { game.actionText($0, in: state).lowercasedTrimmed == wanted }) {
                return .success(outcome)
            }
            let texts = outcomes.map { game.actionText($0, in: state) }
            return .failure(MoveProblem("no chance outcome has this text; the outcomes are \(texts.joined(separator: ", "))"))
        case .seat(let seat):
            switch game.parseAction(move, in: state) {
            case .failure(let error):
                return .failure(MoveProblem("seat \(seat)'s reply is rejected: \(error)"))
            case .success(let action):
                // A parser that returns an illegal action breaks the text face's contract.
                guard isLegal(action) else {
                    return .failure(MoveProblem("the parser read it as \(action), which is not legal here"))
                }
                return .success(action)
            }
        }
    }

    /// The action an index names here, or why it names none.
    func resolve(index: Int) -> Result<G.Action, MoveProblem> {
        switch currentPlayer {
        case .terminal:
            return .failure(MoveProblem("the episode is over"))
        case .chance:
            let outcomes = game.chanceOutcomes(state).map(\.action)
            if let outcome = outcomes.first(where: { game.actionIndex($0) == index }) { return .success(outcome) }
            let indices = outcomes.map { String(game.actionIndex($0)) }
            return .failure(MoveProblem("no chance outcome has this index; the outcomes are \(indices.joined(separator: ", "))"))
        case .seat(let seat):
            return game.legalAction(atIndex: index, in: state).mapError { MoveProblem("seat \(seat)'s index is rejected: \($0)") }
        }
    }

    /// Whether `action` may be played here: a chance outcome at a chance node, a legal
    /// action's index at a seat's turn (so an action carrying talk counts as its move).
    func isLegal(_ action: G.Action) -> Bool {
        switch currentPlayer {
        case .terminal: return false
        case .chance: return game.chanceOutcomes(state).contains { $0.action == action }
        case .seat: return legalIndices.contains(game.actionIndex(action))
        }
    }

    mutating func apply(_ action: G.Action) {
        moveTexts.append(game.actionText(action, in: state))
        actions.append(action)
        game.apply(action, to: &state)
    }
}

/// Why a scripted move could not be played.
struct MoveProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    var lowercasedTrimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()).lowercased()
    }
}
