import Games
import Testing

@Suite("Negotiation replies: what the parser reads")
struct NegotiationParserTests {
    let game = Negotiation()
    /// Wood, Gold and Ore: room for offers with several items on a side.
    let three: Negotiation

    init() throws {
        three = try Negotiation(["resources": .string("Wood;Gold;Ore"), "values0": .string("5;15;10"), "values1": .string("15;5;10")])
    }

    func parsed(_ text: String, in state: Negotiation.State? = nil, game: Negotiation? = nil) -> Negotiation.Action? {
        let game = game ?? self.game
        if case .success(let action) = game.parseAction(text, in: state ?? game.initialState()) { return action }
        return nil
    }

    func problem(_ text: String, in state: Negotiation.State? = nil, game: Negotiation? = nil) -> String? {
        let game = game ?? self.game
        if case .failure(let error) = game.parseAction(text, in: state ?? game.initialState()) { return error.reason }
        return nil
    }

    @Test(
        "offer syntax variants all read as 3 Wood -> 1 Gold",
        arguments: [
            "[Offer: 3 Wood -> 1 Gold]",
            "[offer: 3 wood -> 1 gold]",
            "[OFFER 3 WOOD -> 1 GOLD]",
            "[Offer:3 Woods->1 Golds]",
            "[Offer: I give 3 Wood -> 1 Gold.]",
            "[Offer: 2 Wood and 1 Wood -> 1 Gold]",
            "[Offer: 1 Wood, 2 Wood -> 1 Gold]",
            "[Offer:\n  3 Wood\n  -> 1 Gold ]",
        ])
    func offerVariants(text: String) throws {
        let action = try #require(parsed(text), "\(text) did not parse: \(problem(text) ?? "")")
        #expect(action.move == offer(3, wood, for: 1, gold))
        #expect(action.message == "")  // nothing but the command: shown in canonical form
    }

    @Test func answersReadInAnyCase() throws {
        let offered = try play(game, [offer(3, wood, for: 1, gold)])
        #expect(parsed("[Accept]", in: offered)?.move == .accept)
        #expect(parsed("[accept.]", in: offered)?.move == .accept)
        #expect(parsed("[DENY]", in: offered)?.move == .deny)
        #expect(parsed("[Deny!]", in: offered)?.move == .deny)
        #expect(parsed("[pass]", in: offered)?.move == .pass)
    }

    @Test func talkAroundACommandIsKeptForTheOtherPlayer() throws {
        let offered = try play(game, [offer(3, wood, for: 1, gold)])
        let reply = "  That works for me. [Accept] Thanks!\n"
        let action = try #require(parsed(reply, in: offered))
        #expect(action.move == .accept)
        #expect(action.message == "That works for me. [Accept] Thanks!")
        // The text form of an action with talk is the talk, and it reads back to the same action.
        #expect(game.actionText(action, in: offered) == action.message)
        #expect(parsed(game.actionText(action, in: offered), in: offered) == action)
    }

    @Test func anyTalkReadsBackToTheSameAction() throws {
        let offered = try play(game, [offer(3, wood, for: 1, gold)])
        // A no-break space is talk (only ASCII whitespace separates), so it stays in the message.
        for reply in ["[Accept]\u{00A0}", "ok\n[Deny]", "[Offer: 1 Gold -> 2 Wood] 🙂"] {
            let action = try #require(parsed(reply, in: offered))
            #expect(!action.message.isEmpty)
            #expect(parsed(game.actionText(action, in: offered), in: offered) == action)
            #expect(Set([action, try #require(parsed(reply, in: offered))]).count == 1)
        }
    }

    @Test func textWithoutACommandIsTalkThatPasses() throws {
        let action = try #require(parsed("Hello! I value [Gold] highly; what do you want?"))
        #expect(action.move == .pass)
        #expect(action.message == "Hello! I value [Gold] highly; what do you want?")
        #expect(parsed("")?.move == .pass)
        #expect(parsed("")?.message == "")
    }

    @Test func denyingWithACounterOfferIsTheCounterOffer() throws {
        let offered = try play(game, [offer(3, wood, for: 1, gold)])
        let action = try #require(parsed("No. [Deny] [Offer: 1 Gold -> 2 Wood]", in: offered))
        #expect(action.move == offer(1, gold, for: 2, wood))
        #expect(parsed("[Offer: 1 Gold -> 2 Wood] [offer: 1 gold -> 2 woods]", in: offered)?.move == offer(1, gold, for: 2, wood))
    }

    @Test func multipleItemsJoinedByCommasAndAndAddUp() throws {
        let action = parsed("[Offer: 1 Ore, 2 Ore and 3 ore -> 4 Gold]", game: three)
        #expect(action?.move == offer(6, 2, for: 4, gold))
    }

    @Test(
        "malformed offers get an error naming the problem",
        arguments: [
            ("[Offer: 3 Wood 1 Gold]", "needs '->'"),
            ("[Offer: 3 Wood -> 1 Gold -> 2 Wood]", "exactly one '->'"),
            ("[Offer]", "the offer is empty"),
            ("[Offer: -> 1 Gold]", "the offer gives nothing"),
            ("[Offer: 3 Wood -> ]", "the offer asks for nothing"),
            ("[Offer: 3 Silver -> 1 Gold]", "unknown resource 'Silver'; the resources are Wood, Gold"),
            ("[Offer: 0 Wood -> 1 Gold]", "quantities must be positive"),
            ("[Offer: -2 Wood -> 1 Gold]", "quantities must be positive"),
            ("[Offer: three Wood -> 1 Gold]", "'three' in 'three Wood' is not a whole number"),
            ("[Offer: 3 Wood -> 1 shiny Gold]", "'1 shiny Gold' is not '<quantity> <resource>'"),
            ("[Offer: 3 Wood -> 1 Wood]", "Wood is on both sides"),
            ("[Offer: 3 Wood, 1 Gold -> 2 Gold]", "Gold is on both sides"),
            ("[Offer: 11 Wood -> 1 Gold]", "you offer 11 Wood but hold only 10"),
            ("[Offer: 3 Wood -> 21 Gold]", "an offer gives and asks for 1 to 20 of a resource"),
            ("[Offer: 1 Wood -> 1 Gold] [Offer: 2 Wood -> 1 Gold]", "2 different offers"),
            ("[Accept] [Offer: 1 Wood -> 1 Gold]", "both [Accept] and an offer"),
            ("[Accept]", "there is no pending offer to accept"),
            ("[Deny]", "there is no pending offer to deny"),
        ])
    func malformed(text: String, expected: String) throws {
        let reason = try #require(problem(text), "\(text) was accepted")
        #expect(reason.contains(expected), "\(reason)")
    }

    @Test func anOfferOfSeveralKindsStatesTheBounds() throws {
        let reason = try #require(problem("[Offer: 1 Wood and 1 Gold -> 2 Ore]", game: three))
        #expect(reason.contains("one kind of resource for one other kind"))
        #expect(reason.contains("gives Wood and Gold"))
    }

    @Test func acceptingWithoutWhatIsAskedIsInvalid() throws {
        let offered = try play(game, [offer(1, wood, for: 11, gold)])
        let reason = try #require(problem("[Accept]", in: offered))
        #expect(reason.contains("asks for 11 Gold and you hold 10"))
        #expect(problem("[Accept] [Deny]", in: offered)?.contains("use one command per turn") == true)
    }

    @Test func errorsListTheFormatsValidNow() throws {
        let offered = try play(game, [offer(3, wood, for: 1, gold)])
        guard case .failure(let error) = game.parseAction("[Offer: 3 Ruby -> 1 Gold]", in: offered) else {
            Issue.record("an unknown resource was accepted")
            return
        }
        #expect(
            error.accepted == [
                "[Offer: <quantity> <resource> -> <quantity> <resource>] (1 to 20 of each)", "[Accept]", "[Deny]",
                "[Pass] (or talk without a command)",
            ])
    }

    @Test func nothingParsesWhenNoSeatIsToAct() throws {
        let over = try play(game, Array(repeating: .pass, count: 10))
        #expect(problem("[Pass]", in: over)?.contains("no player is to act") == true)
    }

    @Test func everyLegalActionsTextReadsBackToIt() throws {
        let offered = try play(game, [offer(3, wood, for: 1, gold)])
        for action in game.legalActions(offered) {
            #expect(parsed(game.actionText(action, in: offered), in: offered) == action)
        }
    }
}
