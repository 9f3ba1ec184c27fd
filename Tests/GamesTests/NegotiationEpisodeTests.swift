import Games
import Testing

@Suite("Negotiation episodes: text replies and the invalid-move policy")
struct NegotiationEpisodeTests {
    let game = Negotiation()

    @Test func textRepliesPlayAndTheirTalkReachesTheOtherPlayer() throws {
        var episode = Episode(game, seed: 1)
        guard case .played(let offerAction) = episode.step(text: "I need gold. [Offer: 3 Wood -> 1 Gold]") else {
            Issue.record("a valid offer was not played")
            return
        }
        #expect(offerAction.move == offer(3, wood, for: 1, gold))
        #expect(game.observationText(episode.state, seat: 1).contains("[Player 0] I need gold. [Offer: 3 Wood -> 1 Gold]"))
        guard case .played = episode.step(text: "\\boxed{[Accept]}") else {
            Issue.record("[Accept] inside a box was not played")
            return
        }
        for _ in 0..<8 { _ = episode.step(text: "Nothing more from me.") }
        #expect(episode.isOver)
        #expect(episode.returns == [-1, 1])
    }

    @Test func anInvalidReplyForfeitsZeroSumByDefault() throws {
        var episode = Episode(game, seed: 1)
        guard case .forfeited(let error) = episode.step(text: "[Offer: 3 Silver -> 1 Gold]") else {
            Issue.record("an unknown resource did not forfeit")
            return
        }
        #expect(error.reason.contains("unknown resource 'Silver'"))
        #expect(episode.isOver)
        #expect(episode.forfeit?.seat == 0)
        #expect(episode.returns == [-1, 1])
    }

    @Test func spiralsTrainingPresetGivesTheOffenderMinusOneAndAHalf() throws {
        var episode = Episode(game, seed: 1, invalidMovePolicy: .spiralTraining)
        _ = episode.step(text: "[Pass]")
        // Player 1 accepts with nothing pending.
        guard case .forfeited(let error) = episode.step(text: "Sure. [Accept]") else {
            Issue.record("accepting nothing did not forfeit")
            return
        }
        #expect(error.reason == "there is no pending offer to accept")
        #expect(episode.returns == [0.5, -1.5])
    }

    @Test func retriesAreGrantedThenTheSeatForfeits() throws {
        var episode = Episode(game, seed: 1, invalidMovePolicy: InvalidMovePolicy(retries: 2))
        guard case .retry = episode.step(text: "[Offer: 11 Wood -> 1 Gold]") else { Issue.record("first invalid reply must be a retry"); return }
        guard case .retry = episode.step(text: "[Deny]") else { Issue.record("second invalid reply must be a retry"); return }
        guard case .played = episode.step(text: "[Offer: 1 Wood -> 1 Gold]") else { Issue.record("a valid reply must be played"); return }
        // Player 1 gets its own two retries.
        guard case .retry = episode.step(text: "[Offer: 1 Wood and 1 Gold -> 1 Wood]") else { Issue.record("retry expected"); return }
        guard case .retry = episode.step(index: 9999) else { Issue.record("an out-of-range index must be a retry"); return }
        guard case .forfeited(let error) = episode.step(text: "[Offer: 0 Gold -> 1 Wood]") else {
            Issue.record("third invalid reply must forfeit"); return
        }
        #expect(error.reason.contains("quantities must be positive"))
        #expect(episode.returns == [1, -1])
        #expect(episode.invalidMoveCounts == [2, 3])
        // The forfeit leaves the position where it stopped: Player 0's offer still pending.
        #expect(episode.state.pendingOffer == Negotiation.Offer(giveResource: wood, giveQuantity: 1, receiveResource: gold, receiveQuantity: 1))
    }

    @Test func textArenasPolicyScoresASecondInvalidReplyMinusOneAndZero() throws {
        // TextArena 0.6.4: one retry, then the offender -1 and the other player 0.
        let textArena = try Negotiation(["preset": .string("textarena")])
        var episode = Episode(textArena, seed: 1, invalidMovePolicy: .textArena)
        guard case .played = episode.step(text: "[Pass]") else { Issue.record("a pass must be played"); return }
        guard case .retry = episode.step(text: "[Offer: some Wheat -> 1 Ore]") else {
            Issue.record("the first invalid reply must be a retry"); return
        }
        guard case .forfeited = episode.step(text: "[Offer: some Wheat -> 1 Ore]") else {
            Issue.record("the second invalid reply must forfeit"); return
        }
        #expect(episode.forfeit?.seat == 1)
        #expect(episode.returns == [0, -1])
    }

    @Test func anInvalidReplyLeavesThePendingOfferPendingUnlikeTextArena() throws {
        // A difference the card lists: TextArena 0.6.4 drops the offer when a reply without
        // [Accept] comes, valid or not, so its retried [Accept] finds nothing; here the retry
        // starts from the position it was given and the trade happens.
        let textArena = try Negotiation(["preset": .string("textarena")])
        var episode = Episode(textArena, seed: 1, invalidMovePolicy: .textArena)
        guard case .played = episode.step(text: "[Offer: 1 Wheat -> 1 Wood]") else { Issue.record("the offer must be played"); return }
        let pending = episode.state.pendingOffer
        let before = textArena.inventory(of: 1, in: episode.state)
        guard case .retry = episode.step(text: "[Offer: nonsense]") else { Issue.record("a malformed offer must be a retry"); return }
        #expect(episode.state.pendingOffer == pending)
        guard case .played(let accepted) = episode.step(text: "[Accept]") else { Issue.record("the retried [Accept] must be played"); return }
        #expect(accepted.move == .accept)
        #expect(textArena.inventory(of: 1, in: episode.state) != before)
    }

    @Test func tensorIndicesPlayThroughTheSameEpisode() throws {
        var episode = Episode(game, seed: 1)
        guard case .played = episode.step(index: 43) else { Issue.record("offer 43 must be legal"); return }
        guard case .played(let accepted) = episode.step(index: Negotiation.acceptIndex) else { Issue.record("accept must be legal"); return }
        #expect(accepted == .accept)
        #expect(game.inventory(of: 1, in: episode.state) == [13, 9])
    }
}
