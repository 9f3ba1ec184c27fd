import Games
import Testing

/// `KuhnPoker.playOutRandomly` plays a fresh two-player hand as straight-line draws; every
/// seed must give what the step-by-step loop gives: the same end state, generator and decisions.
@Suite("Kuhn Poker random rollouts")
struct KuhnPokerRolloutTests {
    @Test(
        arguments: [
            [:], ["players": .int(3)], ["rounds": .int(3)], ["preset": .string("spiral_v1"), "rounds": .int(1)],
        ] as [[String: ParameterValue]])
    func aRolloutMatchesTheStepByStepLoop(parameters: [String: ParameterValue]) throws {
        let game = try KuhnPoker(parameters)
        let legal = game.makeActionBuffer()
        let outcomes = game.makeChanceBuffer()
        var endings: Set<[Int]> = []
        for episode in 0..<20_000 {
            var rng = EpisodeRNG(seed: 11, episode: UInt64(episode))
            var reference = rng
            var state = game.initialState()
            var expected = state
            let decisions = game.playOutRandomly(&state, rng: &rng, legal: legal, outcomes: outcomes)
            let expectedDecisions = game.playOutStepByStep(&expected, rng: &reference, legal: legal, outcomes: outcomes)
            guard state == expected, rng == reference, decisions == expectedDecisions else {
                Issue.record(
                    "episode \(episode): \(game.history(state)) in \(decisions) decisions; the loop gave \(game.history(expected)) in \(expectedDecisions)"
                )
                return
            }
            endings.insert(game.history(state))
        }
        // Every deal and every betting line came up: 6 deals x 5 lines for two players.
        if parameters.isEmpty { #expect(endings.count == 30) }
    }

    @Test func aRolloutFromAHandUnderWayTakesTheLoop() {
        let game = KuhnPoker()
        let legal = game.makeActionBuffer()
        let outcomes = game.makeChanceBuffer()
        for dealt in [[2], [2, 0], [2, 0, KuhnPoker.pass]] {
            var state = game.initialState()
            for action in dealt { game.apply(action, to: &state) }
            var expected = state
            var rng = EpisodeRNG(seed: 3)
            var reference = rng
            let decisions = game.playOutRandomly(&state, rng: &rng, legal: legal, outcomes: outcomes)
            let expectedDecisions = game.playOutStepByStep(&expected, rng: &reference, legal: legal, outcomes: outcomes)
            #expect(state == expected && rng == reference && decisions == expectedDecisions, "from \(dealt)")
            #expect(game.isTerminal(state))
        }
    }
}
