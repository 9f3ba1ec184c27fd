import GameScenarios
import Games
import PropertyBased
import Testing

/// Invariants of the four games (and variants) over random legal play. `GameConformance`
/// (GamesTesting) checks the whole contract on seeded playouts; these are the same kind of
/// checks written as property tests, which report a shrunk failing play when one breaks.
@Suite("Properties of every game over random legal play")
struct GamePropertyTests {
    @Test func returnsSumToZeroAtEveryState() async throws {
        try await checkEveryGame(ZeroSumReturns.self)
    }

    @Test func everyStateSurvivesEncodingAndDecoding() async throws {
        try await checkEveryGame(StatesRoundTrip.self)
    }

    @Test func theLegalMaskAndTheActionStringsAgree() async throws {
        try await checkEveryGame(FacesAgree.self)
    }

    @Test func episodesEndWithinTheirMaximumLength() async throws {
        try await checkEveryGame(WithinMaxLength.self)
    }

    @Test func aSeedFixesEveryChanceOutcome() async throws {
        let games: [any Game] = [KuhnPoker(), try Negotiation(["preset": .string("textarena")]), Werewolf()]
        for game in games { await checkSeedDeterminism(game) }
    }

    /// Two episodes with the same seed, whose seats make the same choices, pass through the
    /// same states: chance comes from the episode's own generator and nowhere else.
    func checkSeedDeterminism<G: Game>(_ game: G) async {
        await propertyCheck(count: 20, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 0...1000).array(of: 0...60)) { seed, choices in
            #expect(Self.statesOfEpisode(game, seed: seed, choices: choices) == Self.statesOfEpisode(game, seed: seed, choices: choices))
        }
    }

    static func statesOfEpisode<G: Game>(_ game: G, seed: UInt64, choices: [Int]) -> [G.State] {
        var episode = Episode(game, seed: seed)
        var states = [episode.state]
        for choice in choices {
            guard case .seat = episode.currentPlayer else { break }
            let legal = game.legalActions(episode.state)
            _ = episode.play(legal[choice % legal.count])
            states.append(episode.state)
        }
        return states
    }

    /// Checks `property` over random whole episodes of each game; fewer for the games with
    /// large legal sets or long episodes, to keep the suite quick in debug builds.
    func checkEveryGame<P: PlayProperty>(_ property: P.Type) async throws {
        await check(P.self, TicTacToe(), count: 50)
        await check(P.self, KuhnPoker(), count: 50)
        await check(P.self, try KuhnPoker(["players": .int(3)]), count: 30)
        await check(P.self, try KuhnPoker(["rounds": .int(3)]), count: 30)
        await check(P.self, Negotiation(), count: 10)
        await check(P.self, try Negotiation(["turns": .int(2), "max_offer": .int(5)]), count: 30)
        await check(P.self, Werewolf(), count: 10)
        await check(P.self, try Werewolf(["night_tie": .string("random"), "day_tie": .string("random")]), count: 10)
    }

    func check<P: PlayProperty, G: Game>(_ property: P.Type, _ game: G, count: Int) async {
        await propertyCheck(count: count, input: Gen.legalPlay(of: game, ending: .wholeEpisode)) { play in
            P.check(play)
        }
    }
}

/// An invariant to check on a play of any game (a generic function cannot be a closure).
protocol PlayProperty {
    static func check<G: Game>(_ play: LegalPlay<G>)
}

enum ZeroSumReturns: PlayProperty {
    static func check<G: Game>(_ play: LegalPlay<G>) { play.expectZeroSumReturns() }
}

enum StatesRoundTrip: PlayProperty {
    static func check<G: Game>(_ play: LegalPlay<G>) { play.expectStatesRoundTrip() }
}

enum FacesAgree: PlayProperty {
    static func check<G: Game>(_ play: LegalPlay<G>) { play.expectFacesAgree() }
}

enum WithinMaxLength: PlayProperty {
    static func check<G: Game>(_ play: LegalPlay<G>) { play.expectWithinMaxLength() }
}
