import Games
import Testing

/// The `spiral_v1` preset against SPIRAL's `KuhnPokerEnv` (spiral-rl/spiral at a02d0ed,
/// `spiral/envs/KuhnPoker/env.py`, with textarena 0.6.4).
@Suite("Kuhn Poker, preset spiral_v1 (SPIRAL's KuhnPoker-v1)")
struct KuhnPokerSpiralTests {
    let spiral: KuhnPoker
    let pass = KuhnPoker.pass
    let bet = KuhnPoker.bet

    init() throws {
        spiral = try KuhnPoker(["preset": .string("spiral_v1")])
    }

    func play(_ game: KuhnPoker, _ actions: [Int]) -> KuhnPoker.State {
        var state = game.initialState()
        for action in actions { game.apply(action, to: &state) }
        return state
    }

    @Test func thePresetIsFiveHandsForTwoPlayers() throws {
        #expect(spiral.preset == .spiralV1)
        #expect(spiral.rounds == 5)
        #expect(spiral.players == 2)
        #expect(spiral.utility == Utility(kind: .zeroSum, min: -1, max: 1))
        #expect(spiral.observationShape == [14])
        #expect(KuhnPoker().preset == .standard)
        #expect(KuhnPoker().rounds == 1)
    }

    @Test func thePotStaysTwoAfterBetAndCall() throws {
        // Hand 1, seat 1 opens: Q (seat 0) against K (seat 1); bet, call.
        let state = play(spiral, [1, 2, bet, bet])
        #expect(spiral.chips(state) == -1)  // the ante only; Kuhn Poker's rules would move 2
        let text = spiral.observationText(state, seat: 0)
        #expect(text.contains("[Player 1] [bet]\n[Player 0] [call]"))
        #expect(text.contains("Showdown: Player 0 has Q, Player 1 has K. Player 1 wins the pot of 2 chips."))
        let standardMatch = try KuhnPoker(["rounds": .int(5)])
        #expect(standardMatch.chips(play(standardMatch, [1, 2, bet, bet])) == -2)
    }

    @Test func aFoldedHandIsWorthOneChipToo() throws {
        // Seat 1 checks with K, seat 0 bets with J, seat 1 folds.
        let state = play(spiral, [0, 2, pass, bet, pass])
        #expect(spiral.chips(state) == 1)
        #expect(spiral.observationText(state, seat: 1).contains("Everyone else folded. Player 0 wins the pot of 2 chips."))
    }

    @Test func seatOneOpensTheFirstHandThenTheOpenerAlternates() throws {
        #expect(spiral.currentPlayer(play(spiral, [0, 2])) == .seat(1))
        #expect(spiral.currentPlayer(play(spiral, [0, 2, pass, pass, 1, 0])) == .seat(0))
        #expect(spiral.currentPlayer(play(spiral, [0, 2, pass, pass, 1, 0, pass, pass, 2, 1])) == .seat(1))
        #expect((0..<5).map { spiral.opener(ofHand: $0) } == [1, 0, 1, 0, 1])
        // The opener of the first hand holds the `first` role, as in the standard game.
        let start = spiral.initialState()
        #expect(spiral.role(of: 1, in: start) == 0)
        #expect(spiral.role(of: 0, in: start) == 1)
        #expect(spiral.observationText(play(spiral, [0, 2]), seat: 1).contains("Starting round 1 out of 5 rounds. Player 1 acts first."))
    }

    /// docs/spiral-text-differences.md: SPIRAL, seed 0, deals J/K, Q/K, Q/K, Q/J, Q/K (seat 0's
    /// card first). Seat 0 wins hands 1-4 when seat 1 folds to its bet, and folds hand 5:
    /// SPIRAL ends with chips {0: 3, 1: -3} and rewards {0: -1, 1: 1}.
    @Test func theLastHandDecidesTheMatchAgainstTheChipLeader() throws {
        let hands: [[Int]] = [
            [0, 2, pass, bet, pass],  // seat 1 checks, seat 0 bets, seat 1 folds
            [1, 2, bet, pass],  // seat 0 bets, seat 1 folds
            [1, 2, pass, bet, pass],
            [1, 0, bet, pass],
            [1, 2, bet, pass],  // seat 1 bets, seat 0 folds
        ]
        let state = play(spiral, hands.flatMap { $0 })
        #expect(spiral.isTerminal(state))
        #expect(spiral.chips(state) == 3)
        #expect(spiral.returns(state) == [-1, 1])
        let text = spiral.observationText(state, seat: 0)
        #expect(text.hasSuffix("[GAME] Game over. Your net chips: 3. Player 1 won the last round, so you lose the match."))
        // Kuhn Poker's rules, seat 0 winning hands 1-4 and losing hand 5 the same way (with
        // seat 0 opening the odd hands), give the match to the chip leader.
        let standard = try KuhnPoker(["rounds": .int(5)])
        let standardHands: [[Int]] = [
            [0, 2, bet, pass], [1, 2, pass, bet, pass], [1, 2, bet, pass], [1, 0, pass, bet, pass], [1, 2, pass, bet, pass],
        ]
        let standardEnd = play(standard, standardHands.flatMap { $0 })
        #expect(standard.chips(standardEnd) == 3)
        #expect(standard.returns(standardEnd) == [1, -1])
    }

    /// Matches played in SPIRAL's own environment with random legal moves: the deals and moves
    /// as a SelfPlay history (cards of seat 0 and seat 1, then 0 = check or fold, 1 = bet or
    /// call), the player SPIRAL asked for each move, seat 0's chips and SPIRAL's rewards at
    /// the end. `rounds` is `max_rounds` (KuhnPoker-v1 registers 5).
    struct SpiralMatch: Sendable, CustomTestStringConvertible {
        var rounds = 5
        let seed: Int
        let history: String
        let actors: String
        let chips: Int
        let returns: [Double]
        var testDescription: String { "max_rounds=\(rounds), seed \(seed)" }
    }

    /// From `spiral.envs.make_env("KuhnPoker-v1", use_llm_obs_wrapper=True)` (max_rounds 5) or
    /// `LLMObservationWrapper(KuhnPokerEnv(ante=1, max_rounds=R))`, `reset(num_players=2,
    /// seed=S)`, each move drawn by `random.Random(1000 + S).choice` from the sorted keys of
    /// `current_legal_action_tree`, until `step` reports the game done; `state.rewards` read then.
    static let spiralMatches: [SpiralMatch] = [
        SpiralMatch(seed: 0, history: "0,2,0,1,0,1,2,0,1,0,1,2,1,0,1,0,1,1,1,2,1,0", actors: "1,0,1,0,1,0,1,0,0,1,1,0", chips: -1, returns: [-1, 1]),
        SpiralMatch(seed: 1, history: "1,2,1,1,0,1,1,0,0,2,1,0,0,1,0,0,1,2,1,1", actors: "1,0,0,1,1,0,0,1,1,0", chips: -3, returns: [-1, 1]),
        SpiralMatch(
            seed: 2, history: "1,2,0,1,1,0,2,1,0,1,2,0,1,1,0,1,0,1,1,1,0,1,1", actors: "1,0,1,0,1,1,0,1,0,1,0,1,0", chips: -1, returns: [1, -1]),
        SpiralMatch(seed: 3, history: "1,2,0,0,1,0,1,0,0,1,0,0,1,0,0,1,0,1,2,1,0", actors: "1,0,0,1,1,0,0,1,0,1,0", chips: -3, returns: [-1, 1]),
        SpiralMatch(seed: 4, history: "2,1,0,1,1,0,1,1,0,2,0,1,1,0,1,0,1,1,2,1,1,1", actors: "1,0,1,0,1,1,0,0,1,0,1,0", chips: 3, returns: [1, -1]),
        SpiralMatch(seed: 5, history: "0,1,0,0,0,1,0,0,1,0,0,1,0,2,1,1,0,1,2,0,1,1", actors: "1,0,0,1,1,0,1,0,1,1,0,1", chips: -1, returns: [-1, 1]),
        SpiralMatch(
            seed: 6, history: "1,0,0,1,1,1,2,0,1,1,2,0,0,1,1,1,0,0,1,1,1,0,0,1,0", actors: "1,0,1,0,1,0,1,0,1,0,1,0,1,0,1", chips: 3,
            returns: [1, -1]),
        SpiralMatch(seed: 7, history: "2,0,1,1,1,2,0,1,1,2,0,1,1,1,2,1,0,2,1,0,1,1", actors: "1,0,0,1,0,1,0,0,1,1,0,1", chips: 3, returns: [1, -1]),
        SpiralMatch(seed: 8, history: "2,1,0,0,0,2,1,1,2,1,1,1,1,0,1,0,0,2,1,0", actors: "1,0,0,1,1,0,0,1,1,0", chips: 1, returns: [-1, 1]),
        SpiralMatch(seed: 9, history: "0,2,1,1,1,0,0,1,0,0,2,1,1,0,1,1,0,1,0,1,1", actors: "1,0,0,1,0,1,0,0,1,1,0", chips: -1, returns: [1, -1]),
        SpiralMatch(
            seed: 10, history: "1,0,1,1,1,2,0,0,2,1,0,1,1,0,1,0,1,1,0,2,0,0", actors: "1,0,0,1,1,0,1,0,1,0,1,0", chips: -1, returns: [-1, 1]),
        SpiralMatch(seed: 11, history: "0,2,0,0,1,0,1,0,2,0,1,0,0,2,0,0,1,2,0,1,1", actors: "1,0,0,1,1,0,0,1,1,0,1", chips: -3, returns: [-1, 1]),
        SpiralMatch(
            seed: 12, history: "0,2,0,1,1,0,2,0,1,1,1,2,0,0,0,2,0,1,1,0,1,0,0", actors: "1,0,1,0,1,0,1,0,0,1,0,1,0", chips: -5, returns: [-1, 1]),
        SpiralMatch(seed: 13, history: "0,2,0,0,2,0,1,1,0,2,0,1,0,2,0,1,0,0,1,1,0", actors: "1,0,0,1,1,0,1,0,1,1,0", chips: 1, returns: [-1, 1]),
        SpiralMatch(seed: 14, history: "1,2,1,1,1,0,0,1,0,2,1,0,1,0,2,1,0,0,2,0,0,0", actors: "1,0,0,1,0,1,0,1,0,1,1,0", chips: 1, returns: [1, -1]),
        SpiralMatch(seed: 15, history: "1,2,1,0,2,1,0,0,1,0,0,0,0,2,0,0,2,0,1,1", actors: "1,0,0,1,1,0,0,1,1,0", chips: 1, returns: [1, -1]),
        SpiralMatch(rounds: 1, seed: 20, history: "1,0,1,1", actors: "1,0", chips: 1, returns: [1, -1]),
        SpiralMatch(rounds: 1, seed: 21, history: "2,1,1,1", actors: "1,0", chips: 1, returns: [1, -1]),
        SpiralMatch(rounds: 1, seed: 22, history: "1,2,1,0", actors: "1,0", chips: -1, returns: [-1, 1]),
        SpiralMatch(rounds: 3, seed: 23, history: "2,0,0,0,1,0,0,1,0,1,2,0,1,0", actors: "1,0,0,1,0,1,0,1", chips: 1, returns: [1, -1]),
        SpiralMatch(rounds: 3, seed: 24, history: "0,1,1,0,1,0,0,0,0,2,1,0", actors: "1,0,0,1,1,0", chips: -1, returns: [-1, 1]),
        SpiralMatch(rounds: 3, seed: 25, history: "2,0,1,1,1,0,1,1,1,0,0,1,1", actors: "1,0,0,1,1,0,1", chips: 3, returns: [1, -1]),
    ]

    @Test("SPIRAL's own matches replay to its movers, chips and rewards", arguments: spiralMatches)
    func replaysSpiralsMatches(match: SpiralMatch) throws {
        let game = try KuhnPoker(["preset": .string("spiral_v1"), "rounds": .int(match.rounds)])
        let actions = match.history.split(separator: ",").map { Int($0)! }
        var actors = match.actors.split(separator: ",").map { Int($0)! }[...]
        var state = game.initialState()
        for action in actions {
            if case .seat(let seat) = game.currentPlayer(state) {
                #expect(seat == actors.popFirst(), "SPIRAL asked another player to move")
            }
            game.apply(action, to: &state)
        }
        #expect(actors.isEmpty)
        #expect(game.isTerminal(state))
        #expect(game.chips(state) == match.chips)
        #expect(game.returns(state) == match.returns)
    }

    @Test func theRulesTextStatesThePresetsRules() throws {
        let text = spiral.observationText(play(spiral, [0, 2]), seat: 1)
        #expect(text.contains("- The game lasts 5 rounds; the player who opens a round alternates, Player 1 opens round 1"))
        #expect(text.contains("- Bets and calls add nothing to the pot: it is always the 2 chips of the antes, so a round wins or loses 1 chip"))
        #expect(text.contains("- The winner of the last round wins the game; the chips of earlier rounds do not count"))
        #expect(text.contains("- '[bet]': Bet (only if no bet is on the table); the pot does not grow"))
        #expect(!text.contains("most chips"))
        // The action words are the standard game's and SPIRAL's.
        #expect(spiral.legalActionTexts(play(spiral, [0, 2])) == ["[check]", "[bet]"])
        #expect(spiral.legalActionTexts(play(spiral, [0, 2, bet])) == ["[fold]", "[call]"])
        let single = try KuhnPoker(["preset": .string("spiral_v1"), "rounds": .int(1)])
        let over = play(single, [0, 2, pass, pass])
        #expect(single.observationText(over, seat: 1).contains("- The game lasts 1 round; Player 1 opens it\n"))
        #expect(single.observationText(over, seat: 1).hasSuffix("Player 1 won the round, so you win the match."))
    }

    @Test func gameStringsRoundTrip() throws {
        let cases: [(given: String, canonical: String, rounds: Int)] = [
            ("kuhn_poker(preset=spiral_v1)", "kuhn_poker(preset=spiral_v1)", 5),
            ("kuhn_poker(preset=spiral_v1,rounds=5)", "kuhn_poker(preset=spiral_v1)", 5),
            ("kuhn_poker(rounds=3, preset=spiral_v1)", "kuhn_poker(preset=spiral_v1,rounds=3)", 3),
            ("kuhn_poker(preset=spiral_v1,rounds=1)", "kuhn_poker(preset=spiral_v1,rounds=1)", 1),
            ("kuhn_poker(preset=standard)", "kuhn_poker", 1),
            ("kuhn_poker(rounds=1)", "kuhn_poker", 1),
            ("kuhn_poker(rounds=5)", "kuhn_poker(rounds=5)", 5),
        ]
        for (given, canonical, rounds) in cases {
            let game = try KuhnPoker(parameters: GameCatalog.parameters(of: given))
            #expect(game.description == canonical, "\(given)")
            #expect(game.rounds == rounds, "\(given)")
            let again = try KuhnPoker(parameters: GameCatalog.parameters(of: game.description))
            #expect(again == game, "\(given)")
        }
        #expect(try KuhnPoker(["rounds": .int(1)]) == KuhnPoker())
        let state = play(spiral, [0, 2, pass, bet, pass, 1, 2, bet])
        #expect(try spiral.decodeState(spiral.encodeState(state)) == state)
    }

    @Test func thePresetRejectsWhatSPIRALCannotPlay() throws {
        #expect(throws: GameError.self) { try KuhnPoker(["preset": .string("spiral_v1"), "players": .int(3)]) }
        #expect(throws: GameError.self) { try KuhnPoker(["preset": .string("textarena")]) }
        do {
            _ = try KuhnPoker(["preset": .string("spiral")])
            Issue.record("an unknown preset was accepted")
        } catch {
            #expect(error.description.contains("must be one of standard, spiral_v1, got 'spiral'"))
        }
    }
}
