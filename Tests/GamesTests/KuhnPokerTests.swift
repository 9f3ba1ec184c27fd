import Games
import Testing

@Suite("Kuhn Poker rules")
struct KuhnPokerTests {
    let game = KuhnPoker()
    let pass = KuhnPoker.pass
    let bet = KuhnPoker.bet

    func play(_ game: KuhnPoker, _ actions: [Int]) -> KuhnPoker.State {
        var state = game.initialState()
        for action in actions { game.apply(action, to: &state) }
        return state
    }

    @Test func chanceDealsUniformlyFromTheUndealtCards() throws {
        let first = game.chanceOutcomes(game.initialState())
        #expect(first.map(\.action) == [0, 1, 2])
        #expect(first.allSatisfy { $0.probability == 1.0 / 3 })
        let second = game.chanceOutcomes(play(game, [1]))
        #expect(second.map(\.action) == [0, 2])
        #expect(second.allSatisfy { $0.probability == 0.5 })
    }

    @Test(
        "two-player payoffs",
        arguments: [
            // cards (seat 0, seat 1), betting, seat 0's return
            ([2, 0], [0, 0], 1.0),  // check, check: K beats J, pot 2
            ([0, 2], [0, 0], -1.0),
            ([2, 1], [1, 1], 2.0),  // bet, call: pot 4
            ([0, 1], [1, 0], 1.0),  // bet, fold: seat 0 wins the antes
            ([2, 0], [0, 1, 0], -1.0),  // check, bet, fold
            ([0, 2], [0, 1, 1], -2.0),  // check, bet, call: J loses
        ])
    func payoffs(cards: [Int], betting: [Int], seatZero: Double) {
        let state = play(game, cards + betting)
        #expect(game.isTerminal(state))
        #expect(game.returns(state) == [seatZero, -seatZero])
    }

    @Test func informationStatesAreOpenSpiels() throws {
        let state = play(game, [1, 2, pass, bet])
        #expect(game.informationState(state, seat: 0) == "1pb")
        #expect(game.informationState(state, seat: 1) == "2pb")
        #expect(game.informationState(play(game, [1]), seat: 1) == "")
        #expect(game.informationState(play(game, [1]), seat: 0) == "1")
    }

    @Test func theInformationStateTensorHasOpenSpielsLayout() throws {
        let state = play(game, [1, 2, pass, bet])
        // one-hot seat [2], card [3], (pass, bet) x 3 betting steps
        #expect(game.observation(state, seat: 0) == [1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0])
        #expect(game.observation(state, seat: 1) == [0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0])
        #expect(KuhnPoker().observationShape == [11])
        #expect(try KuhnPoker(["players": .int(3)]).observationShape == [17])
    }

    @Test func threePlayersBetAndFoldAroundTheTable() throws {
        let three = try KuhnPoker(["players": .int(3)])
        // cards 3, 0, 2; seat 0 checks, seat 1 bets, seat 2 calls, seat 0 folds
        let state = play(three, [3, 0, 2, pass, bet, bet, pass])
        #expect(three.isTerminal(state))
        // pot 3 + 2 = 5; seat 2 (card 2) beats seat 1 (card 0) among the bettors
        #expect(three.returns(state) == [-1, -2, 3])
        #expect(three.informationState(state, seat: 2) == "2pbbp")
    }

    @Test func aMatchMovesChipsAndTheChipLeaderWins() throws {
        let match = try KuhnPoker(["rounds": .int(3)])
        // hand 0 (seat 0 opens): K vs J, bet, call -> seat 0 +2
        var state = play(match, [2, 0, bet, bet])
        #expect(match.chips(state) == 2)
        #expect(match.currentPlayer(state) == .chance)
        // hand 1 (seat 1 opens): J vs Q, seat 1 checks, seat 0 bets, seat 1 folds -> seat 0 +1
        for action in [0, 1, pass, bet, pass] { match.apply(action, to: &state) }
        #expect(match.chips(state) == 3)
        #expect(match.informationState(state, seat: 0) == "2bb:0/0pbp")
        // hand 2 (seat 0 opens): J vs K, bet, call -> seat 0 -2, still ahead by 1
        for action in [0, 2, bet, bet] { match.apply(action, to: &state) }
        #expect(match.isTerminal(state))
        #expect(match.chips(state) == 1)
        #expect(match.returns(state) == [1, -1])
    }

    @Test func aTiedMatchIsADraw() throws {
        let match = try KuhnPoker(["rounds": .int(2)])
        let state = play(match, [2, 0, pass, pass, 0, 2, pass, pass])  // +1 then -1
        #expect(match.isTerminal(state))
        #expect(match.returns(state) == [0, 0])
    }

    @Test func theOpenerAlternatesInAMatch() throws {
        let match = try KuhnPoker(["rounds": .int(3)])
        #expect(match.currentPlayer(play(match, [2, 0])) == .seat(0))
        #expect(match.currentPlayer(play(match, [2, 0, pass, pass, 1, 0])) == .seat(1))
    }

    @Test func theTextFaceUsesCheckBetCallFold() throws {
        let opening = play(game, [1, 2])
        #expect(game.legalActionTexts(opening) == ["[check]", "[bet]"])
        let facing = play(game, [1, 2, bet])
        #expect(game.legalActionTexts(facing) == ["[fold]", "[call]"])
        #expect(try game.parseAction("I will [CALL]", in: facing).get() == bet)
        #expect(try game.parseAction("[Fold]", in: facing).get() == pass)
        #expect(try game.parseAction("[pass]", in: opening).get() == pass)
        if case .failure(let error) = game.parseAction("[check]", in: facing) {
            #expect(error.reason.contains("there is a bet to answer"))
            #expect(error.accepted == ["[fold]", "[call]"])
        } else {
            Issue.record("[check] facing a bet was accepted")
        }
        if case .failure(let error) = game.parseAction("raise!", in: opening) {
            #expect(error.reason.contains("no action found"))
        } else {
            Issue.record("text without an action was accepted")
        }
    }

    @Test func thePromptShowsTheCardAndTheHistory() throws {
        let text = game.observationText(play(game, [1, 2, bet]), seat: 1)
        #expect(text.contains("[GAME] Your card is: K"))
        #expect(text.contains("[Player 0] [bet]"))
        #expect(text.contains("[GAME] Your available actions are: [fold], [call]"))
    }

    @Test func historiesRoundTrip() throws {
        let match = try KuhnPoker(["rounds": .int(3)])
        let state = play(match, [2, 0, bet, bet, 0, 1, pass])
        #expect(match.encodeState(state) == "2,0,1,1,0,1,0")
        #expect(try match.decodeState("2,0,1,1,0,1,0") == state)
        #expect(throws: GameError.self) { try match.decodeState("2,2") }
        #expect(throws: GameError.self) { try match.decodeState("1,x") }
    }

    /// Expected return of seat 0 when both seats play uniformly at random, by enumeration.
    func uniformValue(_ game: KuhnPoker, _ state: KuhnPoker.State) -> (value: Double, actions: Double) {
        switch game.currentPlayer(state) {
        case .terminal:
            return (game.returns(state, seat: 0), 0)
        case .chance:
            return game.chanceOutcomes(state).reduce((0, 0)) { total, outcome in
                let next = uniformValue(game, game.applying(outcome.action, to: state))
                return (total.0 + outcome.probability * next.value, total.1 + outcome.probability * next.actions)
            }
        case .seat:
            let actions = game.legalActions(state)
            return actions.reduce((0, 0)) { total, action in
                let next = uniformValue(game, game.applying(action, to: state))
                return (total.0 + next.value / Double(actions.count), total.1 + (1 + next.actions) / Double(actions.count))
            }
        }
    }

    /// docs/references.md: random play gives seat 0 +0.125 with 2.25 actions per hand.
    @Test func uniformRandomPlayMatchesTheReference() throws {
        let result = uniformValue(game, game.initialState())
        #expect(abs(result.value - 0.125) < 1e-12)
        #expect(abs(result.actions - 2.25) < 1e-12)
    }

    /// OpenSpiel: 54 states without chance nodes... counted here as 24 decision + 30 terminal histories.
    @Test func theTreeHasOpenSpielsStateCounts() throws {
        var decision = 0
        var terminal = 0
        var chance = 0
        func walk(_ state: KuhnPoker.State) {
            switch game.currentPlayer(state) {
            case .terminal: terminal += 1
            case .chance:
                chance += 1
                for outcome in game.chanceOutcomes(state) { walk(game.applying(outcome.action, to: state)) }
            case .seat:
                decision += 1
                for action in game.legalActions(state) { walk(game.applying(action, to: state)) }
            }
        }
        walk(game.initialState())
        #expect(chance == 4)
        #expect(decision == 24)
        #expect(terminal == 30)
    }
}
