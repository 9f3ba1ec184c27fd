import Games

/// A sequence of legal moves of a game, decoded from a list of choices: at each step the
/// choice picks one of the legal actions (by position in `legalActions`, in index order), or
/// at a chance node one of the outcomes (by position in `chanceOutcomes`).
///
/// Property tests get plays from `Gen.legalPlay(of:ending:)`; a failing play shrinks by
/// dropping choices and lowering them, so a broken rule is reported with a short script
/// close to "always the first legal move". Rebuild a reported play with
/// `LegalPlay(game, choices:)`, or replay it in a `Scenario` with `Scenario(replaying:)`.
///
/// Chance outcomes are picked by choice like moves, not by their probabilities: a property
/// should hold after any deal, and rare outcomes are then as likely as common ones.
public struct LegalPlay<G: Game>: Sendable, CustomStringConvertible {
    /// How a play whose choices run out ends.
    public enum Ending: Sendable, Hashable {
        /// The play stops where its choices end. Shrinking can then cut a play short: use it
        /// for properties of every state along the way (a failing play shrinks to the
        /// shortest prefix that still fails).
        case whereChoicesEnd
        /// The play goes on with choice 0 (the first legal action, the first chance outcome)
        /// until the episode ends, so every play is a whole episode: use it for properties of
        /// terminal states.
        case wholeEpisode
    }

    /// The game played.
    public let game: G
    /// How the play ends when its choices run out.
    public let ending: Ending
    /// The choices, each the position of the action taken among the options at its step
    /// (`0..<options`); with `.wholeEpisode`, without the trailing zeros that ending implies.
    public let choices: [Int]
    /// The actions played, chance outcomes included.
    public let actions: [G.Action]
    /// The action strings of `actions`, as written at the state each was played in.
    public let moveTexts: [String]
    /// Every state of the play: the initial state, then the state after each action
    /// (`actions.count + 1` states).
    public let states: [G.State]

    /// The state the play ends in.
    public var finalState: G.State { states[states.count - 1] }

    /// Whether the play ended the episode.
    public var isTerminal: Bool { game.isTerminal(finalState) }

    /// Plays `choices` from the initial state.
    ///
    /// A choice beyond the number of options wraps around (`choice % options`), so any list of
    /// non-negative numbers is a play. The play stops at a terminal state, at a seat with no
    /// legal action, or after `maxGameLength + 1` actions (one more than the game allows, so a
    /// property can catch a game that does not end).
    ///
    /// - Precondition: every choice is non-negative.
    public init(_ game: G, choices: [Int], ending: Ending = .whereChoicesEnd) {
        precondition(choices.allSatisfy { $0 >= 0 }, "choices must not be negative, got \(choices)")
        var recorder = Recorder(game: game)
        var step = 0
        while step < choices.count || ending == .wholeEpisode {
            let chosen = step < choices.count ? choices[step] : 0
            guard recorder.advance(choosing: chosen) else { break }
            step += 1
        }
        self.init(recorder: recorder, ending: ending)
    }

    /// A whole random episode (every choice uniform among the options), for the generator.
    init<R: RandomNumberGenerator>(randomEpisodeOf game: G, ending: Ending, using rng: inout R) {
        var recorder = Recorder(game: game)
        while let options = recorder.optionCount() {
            _ = recorder.advance(choosing: Int.random(in: 0..<options, using: &rng))
        }
        self.init(recorder: recorder, ending: ending)
    }

    private init(recorder: Recorder, ending: Ending) {
        game = recorder.game
        self.ending = ending
        var choices = recorder.choices
        if ending == .wholeEpisode {
            while choices.last == 0 { choices.removeLast() }
        }
        self.choices = choices
        actions = recorder.actions
        moveTexts = recorder.moveTexts
        states = recorder.states
    }

    /// The game string and the moves, e.g. `tic_tac_toe: [4] [0] [8] (choices [4, 0, 6])`.
    public var description: String {
        let moves = moveTexts.isEmpty ? "no moves" : moveTexts.joined(separator: " ")
        return "\(game.description): \(moves) (choices \(choices))"
    }

    /// Plays one step at a time and keeps what the play needs.
    private struct Recorder {
        let game: G
        var choices: [Int] = []
        var actions: [G.Action] = []
        var moveTexts: [String] = []
        var states: [G.State]

        init(game: G) {
            self.game = game
            states = [game.initialState()]
        }

        var state: G.State { states[states.count - 1] }

        /// The number of options at the current state, or nil when the play must stop.
        func optionCount() -> Int? {
            guard actions.count <= game.maxGameLength else { return nil }
            switch game.currentPlayer(state) {
            case .terminal: return nil
            case .chance:
                let count = game.chanceOutcomes(state).count
                return count > 0 ? count : nil
            case .seat:
                let count = game.legalActions(state).count
                return count > 0 ? count : nil
            }
        }

        /// Plays option `choice % options`; false when the play must stop.
        mutating func advance(choosing choice: Int) -> Bool {
            guard optionCount() != nil else { return false }
            let options: [G.Action] =
                game.currentPlayer(state) == .chance
                ? game.chanceOutcomes(state).map(\.action)
                : game.legalActions(state)
            let position = choice % options.count
            let action = options[position]
            choices.append(position)
            actions.append(action)
            moveTexts.append(game.actionText(action, in: state))
            states.append(game.applying(action, to: state))
            return true
        }
    }
}
