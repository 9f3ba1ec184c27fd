import GameScenarios
import Games
import Testing

/// SPIRAL's SimpleNegotiation-v1 (the defaults): 10 Wood and 10 Gold each; Player 0 values
/// Wood 5 and Gold 15, Player 1 Wood 15 and Gold 5; 10 turns.
@Suite("Negotiation rules, as scenarios")
struct NegotiationRuleTests {
    @Test func anAcceptedOfferTradesAtOnceAndTheLargerGainWins() {
        var trade = Scenario(Negotiation())
        trade.play("I need gold. [Offer: 3 Wood -> 1 Gold]", "[Accept]")
        // Player 0: 7 Wood, 11 Gold = 200, no gain; Player 1: 13 Wood, 9 Gold = 240, +40.
        trade.expectObservationText(seat: 0, contains: "[Wood]  Qty: 7", "[Gold]  Qty: 11")
        trade.expectObservationText(seat: 1, contains: "Your inventory is worth 240 at your values; it started at 200.")
        trade.expectNotTerminal()
        trade.play(Array(repeating: "[Pass]", count: 8))
        trade.expectTerminal()
        trade.expectReturns([-1, 1])
    }

    @Test func anOfferOfMoreThanTheProposerHoldsIsRejected() {
        let trade = Scenario(Negotiation())
        trade.expectRejected("[Offer: 11 Wood -> 1 Gold]", because: "you offer 11 Wood but hold only 10")
        trade.expectRejected("[Offer: 3 Silver -> 1 Gold]", because: "unknown resource 'Silver'")
        trade.expectLegal("[Offer: 10 Wood -> 1 Gold]")
    }

    @Test func onlyAPendingOfferCanBeAnswered() {
        var trade = Scenario(Negotiation())
        trade.expectRejected("[Accept]", because: "there is no pending offer to accept")
        trade.expectIllegal(indices: Negotiation.acceptIndex)
        trade.play("[Offer: 3 Wood -> 1 Gold]")
        trade.expectLegal("[Accept]", "[Deny]")
        trade.play("[Pass]")  // the offer lapses
        trade.expectObservationText(seat: 0, contains: "the offer from Player 0 lapsed")
        trade.expectRejected("[Accept]", because: "there is no pending offer to accept")
    }

    @Test func noTradeIsADraw() {
        var trade = Scenario(Negotiation())
        trade.play(Array(repeating: 0, count: 10))  // index 0 is [Pass]
        trade.expectTerminal()
        trade.expectReturns([0, 0])
    }
}
