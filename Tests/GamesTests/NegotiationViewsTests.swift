import Games
import Testing

@Suite("Negotiation seat views: tensor, information state, prompt, serialisation")
struct NegotiationViewsTests {
    let game = Negotiation()

    /// P0 offered 3 Wood -> 1 Gold; P1 accepted, saying so.
    func afterTrade() throws -> Negotiation.State {
        var state = try play(game, [offer(3, wood, for: 1, gold)])
        guard case .success(let accept) = game.parseAction("Deal! [Accept]", in: state) else {
            Issue.record("the acceptance did not parse")
            return state
        }
        game.apply(accept, to: &state)
        return state
    }

    @Test func theTensorShowsOwnInventoryValuesAndThePendingOfferFromEachSide() throws {
        let state = try play(game, [offer(3, wood, for: 1, gold)])
        // seat, to move, turn, my offer pending, offer to me, inventory, start, values, I give, I get
        #expect(game.observation(state, seat: 0) == [1, 0, 0, 0.1, 1, 0, 10, 10, 10, 10, 5, 15, 3, 0, 0, 1])
        #expect(game.observation(state, seat: 1) == [0, 1, 1, 0.1, 0, 1, 10, 10, 10, 10, 15, 5, 0, 1, 3, 0])
        let traded = try afterTrade()
        #expect(game.observation(traded, seat: 1) == [0, 1, 0, 0.2, 0, 0, 13, 9, 10, 10, 15, 5, 0, 0, 0, 0])
    }

    @Test func theInformationStateHoldsOwnValuesAndThePublicHistory() throws {
        let state = try afterTrade()
        #expect(game.informationState(state, seat: 0) == "seat=0 values=5,15 start=10,10 moves=[Offer: 3 Wood -> 1 Gold],[Accept]:\"Deal! [Accept]\"")
        #expect(game.informationState(state, seat: 1) == "seat=1 values=15,5 start=10,10 moves=[Offer: 3 Wood -> 1 Gold],[Accept]:\"Deal! [Accept]\"")
    }

    @Test func thePromptHasRulesResourcesTurnHistoryThenTheValidActions() throws {
        let text = game.observationText(try afterTrade(), seat: 0)
        let lines = text.split(separator: "\n").map(String.init)
        let order = [
            "[GAME] You are Player 0 in the Negotiation Game.",
            "[Wood]  Qty: 7  Value: 5",
            "[Gold]  Qty: 11  Value: 15",
            "Your inventory is worth 200 at your values; it started at 200.",
            "Turn 3 of 10",
            "[Player 0] [Offer: 3 Wood -> 1 Gold]",
            "[GAME] Player 0 made the following offer to Player 1: Offered items: 3 Wood -> Requested items: 1 Gold",
            "[Player 1] Deal! [Accept]",
            "[GAME] Player 1 accepted the trade offer from Player 0.",
            "[GAME] It is your turn. Your valid actions: [Offer: <quantity> <resource> -> <quantity> <resource>] (1 to 20 of each), [Pass] (or talk without a command)",
        ]
        let positions = order.map { line in lines.firstIndex(of: line) }
        #expect(positions.allSatisfy { $0 != nil }, "\(zip(order, positions).filter { $0.1 == nil }.map(\.0))")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(game.observationText(try afterTrade(), seat: 1).hasSuffix("[GAME] Waiting for Player 0."))
    }

    @Test func thePromptNamesCounterOffersLapsesAndDenials() throws {
        let state = try play(game, [offer(3, wood, for: 1, gold), offer(1, gold, for: 2, wood), .pass, offer(1, gold, for: 1, wood), .deny])
        let text = game.observationText(state, seat: 1)
        #expect(text.contains("[GAME] Player 1 implicitly denied the previous offer by making a counter-offer."))
        #expect(text.contains("[GAME] Player 0 did not answer, so the offer from Player 1 lapsed."))
        #expect(text.contains("[Player 0] [Deny]\n[GAME] Player 0 denied the trade offer from Player 1."))
    }

    @Test func theFinalPromptGivesTheOutcome() throws {
        let state = try play(game, [offer(3, wood, for: 1, gold), .accept] + Array(repeating: .pass, count: 8))
        #expect(
            game.observationText(state, seat: 0).hasSuffix(
                "Your inventory value changed by 0 (from 200 to 200). Player 1 won by having a larger gain in inventory value."))
        #expect(game.observationText(state, seat: 1).contains("Your inventory value changed by +40 (from 200 to 240)."))
    }

    /// Two games that differ only in Player 1's private values must look the same to Player 0.
    @Test func theOpponentsValuesNeverReachASeatsViews() throws {
        let other = try Negotiation(["values1": .string("1;30")])
        var mine = game.initialState()
        var theirs = other.initialState()
        let moves: [Negotiation.Move] = [offer(3, wood, for: 1, gold), offer(1, gold, for: 2, wood), .accept, .pass, offer(1, wood, for: 1, gold)]
        for move in [nil] + moves.map(Optional.some) {
            if let move {
                game.apply(Negotiation.Action(move), to: &mine)
                other.apply(Negotiation.Action(move), to: &theirs)
            }
            #expect(game.informationState(mine, seat: 0) == other.informationState(theirs, seat: 0))
            #expect(game.observationText(mine, seat: 0) == other.observationText(theirs, seat: 0))
            #expect(game.observation(mine, seat: 0) == other.observation(theirs, seat: 0))
            #expect(game.legalActions(mine) == other.legalActions(theirs))
        }
        #expect(game.informationState(mine, seat: 1) != other.informationState(theirs, seat: 1))
    }

    /// The same with drawn values: Player 1's draws differ, Player 0's views do not.
    @Test func drawnOpponentValuesNeverReachASeatsViews() throws {
        let drawn = try Negotiation(["preset": .string("textarena")])
        var first = drawn.initialState()
        var second = drawn.initialState()
        // Setup order: Player 0's quantities (5 draws), Player 1's, Player 0's values, Player 1's (draws 15-19).
        for draw in 0..<20 {
            let outcomes = drawn.chanceOutcomes(first)
            drawn.apply(outcomes[0].action, to: &first)
            drawn.apply(draw >= 15 ? outcomes[outcomes.count - 1].action : outcomes[0].action, to: &second)
        }
        #expect(drawn.currentPlayer(first) == .seat(0))
        #expect(drawn.values(of: 1, in: first) != drawn.values(of: 1, in: second))
        #expect(drawn.informationState(first, seat: 0) == drawn.informationState(second, seat: 0))
        #expect(drawn.observationText(first, seat: 0) == drawn.observationText(second, seat: 0))
        #expect(drawn.observation(first, seat: 0) == drawn.observation(second, seat: 0))
    }

    @Test func statesSerialiseAsActionNumbersWithQuotedTalk() throws {
        let state = try afterTrade()
        #expect(game.encodeState(state) == "43,1:\"Deal! [Accept]\"")
        #expect(try game.decodeState("43,1:\"Deal! [Accept]\"") == state)
    }

    @Test func talkWithQuotesCommasAndNewlinesRoundTrips() throws {
        var state = game.initialState()
        for reply in ["Hi, \"friend\"\\ how\nare you?\r\n\tOk", "[Offer: 1 Wood -> 2 Gold] ¿vale? 🙂"] {
            guard case .success(let action) = game.parseAction(reply, in: state) else {
                Issue.record("'\(reply)' did not parse")
                return
            }
            game.apply(action, to: &state)
        }
        #expect(state.messages.count == 2)
        let text = game.encodeState(state)
        #expect(!text.contains("\n"))
        #expect(try game.decodeState(text) == state)
    }

    @Test func drawnSetupsSerialiseTheirDrawsFirst() throws {
        let drawn = try Negotiation(["values0": .string("~5;~15")])
        let state = try play(drawn, [.chance(4), .chance(18), offer(3, wood, for: 1, gold)])
        #expect(drawn.encodeState(state) == "4,18,43")
        #expect(try drawn.decodeState("4,18,43") == state)
        #expect(drawn.informationState(drawn.initialState(), seat: 0) == "seat=0 values=?,? start=10,10 moves=")
    }

    @Test(
        "bad serialised states are rejected with the reason",
        arguments: [
            ("43,x", "'x') is not an action number"),
            ("1", "action 1 ([Accept]) at item 1 is not legal there"),
            ("900", "outside 0..<803"),
            ("43:\"open", "no closing"),
            ("43:\"a\\qb\"", "unknown escape"),
            ("43 44", "is not an action number"),
            ("0,0,0,0,0,0,0,0,0,0,0", "comes after the game is over"),
        ])
    func badStates(text: String, expected: String) throws {
        do {
            _ = try game.decodeState(text)
            Issue.record("'\(text)' decoded")
        } catch {
            #expect(String(describing: error).contains(expected), "\(error)")
        }
    }
}
