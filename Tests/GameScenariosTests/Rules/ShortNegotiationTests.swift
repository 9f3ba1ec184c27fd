import GameScenarios
import Games
import PropertyBased
import Testing

/// The variant docs/testing-rules.md walks through: `negotiation(turns=2,max_offer=5)`, a
/// Negotiation of two turns (Player 0 proposes, Player 1 answers) with offers of at most 5 of a
/// resource. SPIRAL's v1 holdings and values: 10 Wood and 10 Gold each; Player 0 values Wood 5
/// and Gold 15, Player 1 Wood 15 and Gold 5.
@Suite("Rules of a variant: negotiation(turns=2,max_offer=5)")
struct ShortNegotiationTests {
    let shortTrade: Negotiation

    init() throws {
        shortTrade = try Negotiation(["turns": .int(2), "max_offer": .int(5)])
    }

    @Test func theAnswerToTheFirstOfferEndsTheGame() {
        var trade = Scenario(shortTrade)
        trade.expectActing(seat: 0)
        trade.play("[Offer: 5 Wood -> 1 Gold]")
        trade.expectActing(seat: 1)
        trade.expectLegal("[Accept]", "[Deny]")
        trade.play("[Deny]")
        trade.expectTerminal()
        trade.expectReturns([0, 0])  // no trade, no gain: a draw
    }

    @Test func offersAboveFiveAreRejected() {
        let trade = Scenario(shortTrade)
        trade.expectRejected("[Offer: 6 Wood -> 1 Gold]", because: "an offer gives and asks for 1 to 5 of a resource")
        trade.expectRejected("[Offer: 1 Wood -> 6 Gold]", because: "1 to 5")
        trade.expectLegal("[Offer: 5 Wood -> 5 Gold]")
        trade.expectLegalIndices(Array(0...0) + Array(3..<53))  // pass and the 50 offers
    }

    @Test func theLargerGainInValueWins() {
        // Player 0 gives 5 Wood (-25) for 1 Gold (+15): -10. Player 1: +75 - 5 = +70.
        var trade = Scenario(shortTrade)
        trade.play("[Offer: 5 Wood -> 1 Gold]", "[Accept]")
        trade.expectReturns([-1, 1])
        trade.expectObservationText(seat: 1, contains: "Your inventory value changed by +70 (from 200 to 270).")
        // The same trade through the tensor face: offer index 3 + ((0·1 + 0)·5 + 5 - 1)·5 + 1 - 1 = 23.
        var byIndex = Scenario(shortTrade)
        byIndex.play(23, Negotiation.acceptIndex)
        byIndex.expectReturns([-1, 1])
    }

    @Test func randomPlayKeepsTheContract() async {
        await propertyCheck(input: Gen.legalPlay(of: shortTrade, ending: .wholeEpisode)) { play in
            play.expectZeroSumReturns()
            play.expectStatesRoundTrip()
            play.expectFacesAgree()
            play.expectWithinMaxLength()
        }
    }
}
