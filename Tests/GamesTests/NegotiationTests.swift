import Games
import Testing

/// Plays talk-free moves from the initial state (or after `state`), checking each is legal.
func play(_ game: Negotiation, _ moves: [Negotiation.Move], from state: Negotiation.State? = nil) throws -> Negotiation.State {
    var state = state ?? game.initialState()
    for (step, move) in moves.enumerated() {
        let action = Negotiation.Action(move)
        let legal: Bool
        switch game.currentPlayer(state) {
        case .chance: legal = game.chanceOutcomes(state).contains { $0.action == action }
        case .seat: legal = game.legalActions(state).contains(action)
        case .terminal: legal = false
        }
        try #require(legal, "move \(move) at step \(step) is not legal")
        game.apply(action, to: &state)
    }
    return state
}

/// `give` of resource `g` for `get` of resource `r`.
func offer(_ give: Int, _ g: Int, for get: Int, _ r: Int) -> Negotiation.Move {
    .offer(Negotiation.Offer(giveResource: g, giveQuantity: give, receiveResource: r, receiveQuantity: get))
}

let wood = 0
let gold = 1

@Suite("Negotiation rules")
struct NegotiationTests {
    let game = Negotiation()

    @Test func theDefaultsAreSpiralsSimpleNegotiationV1() throws {
        let state = game.initialState()
        #expect(game.resourceNames == ["Wood", "Gold"])
        #expect(game.turns == 10)
        #expect(game.inventory(of: 0, in: state) == [10, 10])
        #expect(game.inventory(of: 1, in: state) == [10, 10])
        #expect(game.values(of: 0, in: state) == [5, 15])
        #expect(game.values(of: 1, in: state) == [15, 5])
        #expect(game.inventoryValue(of: 0, in: state) == 200)
        #expect(game.inventoryValue(of: 1, in: state) == 200)
        #expect(game.currentPlayer(state) == .seat(0))
        #expect(game.chanceOutcomes(state).isEmpty)
        #expect(game.roleNames == ["first mover", "second mover"])
    }

    @Test func playersAlternateForTenTurnsStartingWithPlayerZero() throws {
        var state = game.initialState()
        for turn in 0..<10 {
            #expect(game.currentPlayer(state) == .seat(turn % 2))
            game.apply(.pass, to: &state)
        }
        #expect(game.isTerminal(state))
        #expect(game.legalActions(state).isEmpty)
    }

    /// The example: P0 gives 3 Wood (worth 15 to it) for 1 Gold (worth 15): no gain;
    /// P1 gets 3 Wood (45 to it) for 1 Gold (5): +40. P1 wins.
    @Test func threeWoodForOneGoldAcceptedMakesPlayerOneWin() throws {
        var state = try play(game, [offer(3, wood, for: 1, gold), .accept])
        #expect(game.inventory(of: 0, in: state) == [7, 11])
        #expect(game.inventory(of: 1, in: state) == [13, 9])
        #expect(game.gain(of: 0, in: state) == 0)
        #expect(game.gain(of: 1, in: state) == 40)
        #expect(game.returns(state) == [0, 0])  // not over yet
        state = try play(game, Array(repeating: .pass, count: 8), from: state)
        #expect(game.isTerminal(state))
        #expect(game.returns(state) == [-1, 1])
    }

    @Test func aGameWithoutTradesIsADraw() throws {
        let state = try play(game, Array(repeating: .pass, count: 10))
        #expect(game.returns(state) == [0, 0])
    }

    @Test func equalGainsAreADraw() throws {
        // P0 gives 1 Wood (5) for 1 Gold (15): +10. P1 gets 1 Wood (15) for 1 Gold (5): +10.
        let state = try play(game, [offer(1, wood, for: 1, gold), .accept] + Array(repeating: .pass, count: 8))
        #expect(game.gain(of: 0, in: state) == 10)
        #expect(game.gain(of: 1, in: state) == 10)
        #expect(game.returns(state) == [0, 0])
    }

    @Test func onlyTheLastOfferIsPendingAndACounterOfferReplacesIt() throws {
        // P0 offers 3 Wood -> 1 Gold; P1 counters 1 Gold -> 2 Wood; P0 accepts the counter.
        let state = try play(game, [offer(3, wood, for: 1, gold), offer(1, gold, for: 2, wood), .accept])
        #expect(game.inventory(of: 0, in: state) == [8, 11])
        #expect(game.inventory(of: 1, in: state) == [12, 9])
        #expect(state.pendingOffer == nil)
    }

    @Test func anyOtherMoveClearsThePendingOffer() throws {
        let offered = try play(game, [offer(3, wood, for: 1, gold)])
        #expect(game.proposer(in: offered) == 0)
        #expect(game.legalActions(offered).prefix(3) == [.pass, .accept, .deny])
        for answer in [Negotiation.Move.pass, .deny] {
            let answered = try play(game, [answer], from: offered)
            #expect(answered.pendingOffer == nil)
            // Player 0 to move: nothing to accept or deny.
            #expect(!game.legalActions(answered).contains(.accept))
            #expect(!game.legalActions(answered).contains(.deny))
            #expect(game.inventory(of: 0, in: answered) == [10, 10])
        }
    }

    @Test func theProposerCannotAnswerItsOwnOffer() throws {
        // After P0's offer and P1's pass, P0 moves with nothing pending.
        let state = try play(game, [offer(3, wood, for: 1, gold), .pass])
        #expect(game.currentPlayer(state) == .seat(0))
        #expect(!game.isLegal(.accept, seat: 0, in: state))
    }

    @Test func acceptingNeedsTheAcceptorToHoldWhatIsAsked() throws {
        // P0 asks for 11 Gold; P1 holds 10: P1 may deny but not accept.
        let state = try play(game, [offer(1, wood, for: 11, gold)])
        let legal = game.legalActions(state)
        #expect(!legal.contains(.accept))
        #expect(legal.contains(.deny))
        #expect(!game.isLegal(.accept, seat: 1, in: state))
    }

    @Test func offersNeedTheProposerToHoldWhatItGives() throws {
        // P0 holds 10 Wood and 10 Gold: no offer gives 11 of either.
        let offers = game.legalActions(game.initialState()).compactMap { action -> Negotiation.Offer? in
            if case .offer(let offer) = action.move { return offer }
            return nil
        }
        #expect(offers.count == 2 * 10 * 20)  // two directions, give 1...10, ask 1...20
        #expect(offers.allSatisfy { $0.giveQuantity <= 10 })
        #expect(offers.contains { $0.receiveQuantity == 20 })  // asking is not limited by what the other holds
        // After giving 3 Wood away, P0 can offer at most 7 Wood.
        let state = try play(game, [offer(3, wood, for: 1, gold), .accept])
        #expect(!game.isLegal(offer(8, wood, for: 1, gold), seat: 0, in: state))
        #expect(game.isLegal(offer(7, wood, for: 1, gold), seat: 0, in: state))
    }

    @Test func theTurnLimitIsAParameter() throws {
        let short = try Negotiation(["turns": .int(3)])
        let state = try play(short, [.pass, .pass, offer(1, wood, for: 1, gold)])
        #expect(short.isTerminal(state))
        #expect(short.maxGameLength == 3)
    }

    @Test func resourcesAreConservedAndNeverNegative() throws {
        // Random play that accepts whenever it can, so that many trades happen.
        var rng = EpisodeRNG(seed: 5)
        var trades = 0
        for _ in 0..<300 {
            var state = game.initialState()
            while case .seat = game.currentPlayer(state) {
                let legal = game.legalActions(state)
                let action = legal.contains(.accept) ? .accept : legal[rng.index(below: legal.count)]
                if action == .accept { trades += 1 }
                game.apply(action, to: &state)
                let first = game.inventory(of: 0, in: state)
                let second = game.inventory(of: 1, in: state)
                #expect(zip(first, second).map { $0 + $1 } == [20, 20])
                #expect((first + second).allSatisfy { $0 >= 0 })
            }
        }
        #expect(trades > 500)
    }
}

@Suite("Negotiation action indices")
struct NegotiationIndexTests {
    @Test func theIndexLayoutIsTheDocumentedOne() throws {
        let game = Negotiation()
        #expect(game.actionCount == 3 + 2 * 1 * 20 * 20)
        #expect(game.actionIndex(.pass) == 0)
        #expect(game.actionIndex(.accept) == 1)
        #expect(game.actionIndex(.deny) == 2)
        #expect(game.actionIndex(Negotiation.Action(offer(1, wood, for: 1, gold))) == 3)
        #expect(game.actionIndex(Negotiation.Action(offer(3, wood, for: 1, gold))) == 43)
        #expect(game.actionIndex(Negotiation.Action(offer(1, gold, for: 3, wood))) == 405)
        #expect(game.actionIndex(Negotiation.Action(offer(20, gold, for: 20, wood))) == 802)
        // The message does not change the index.
        #expect(game.actionIndex(Negotiation.Action(.accept, message: "deal [Accept]")) == 1)
    }

    @Test(
        "indices and actions are inverse",
        arguments: ["negotiation", "negotiation(preset=textarena)", "negotiation(resources=A;B;C,values0=1;2;3,values1=3;2;1,max_offer=4)"])
    func indicesRoundTrip(gameString: String) throws {
        let game = try Negotiation(parameters: GameCatalog.parameters(of: gameString))
        var seen = Set<Negotiation.Offer>()
        for index in 0..<game.actionCount {
            let action = try #require(game.action(atIndex: index))
            #expect(game.actionIndex(action) == index)
            if case .offer(let offer) = action.move {
                #expect(game.isInActionSpace(offer))
                seen.insert(offer)
            }
        }
        #expect(seen.count == game.actionCount - 3)
        #expect(game.action(atIndex: game.actionCount) == nil)
    }

    @Test func theFiveResourcePresetsHaveTwoThousandAndThreeActions() throws {
        #expect(try Negotiation(["preset": .string("textarena")]).actionCount == 2003)
        #expect(try Negotiation(["preset": .string("spiral_v2")]).actionCount == 2003)
        #expect(try Negotiation(["preset": .string("textarena")]).observationShape == [31])
        #expect(Negotiation().observationShape == [16])
    }
}
