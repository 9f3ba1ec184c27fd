import Games
import GamesTesting
import Testing

@Suite("Negotiation parameters, presets and random setups")
struct NegotiationSetupTests {
    /// Presets, random setups and shapes that change the rules.
    static let variants = [
        "negotiation(preset=textarena)",
        "negotiation(preset=spiral_v2)",
        "negotiation(values0=~5;~15,values1=~15;~5)",
        "negotiation(quantities=0..3,turns=6,max_offer=2)",
        "negotiation(resources=Wood;Gold;Ore,quantities=4;5;6,values0=5;15;10,values1=15;5;10,max_offer=3)",
        "negotiation(turns=1)",
        "negotiation(turns=30,max_offer=1)",
    ]

    @Test("random playouts of variants satisfy the Game contract", arguments: variants)
    func conformance(gameString: String) throws {
        let game = try Negotiation(parameters: GameCatalog.parameters(of: gameString))
        let report = GameConformance.check(game, episodes: 25, seed: 3)
        #expect(report.passed, "\(report)")
    }

    @Test func theTextArenaPresetDrawsQuantitiesAndValuesAsTextArenaDoes() throws {
        let game = try Negotiation(["preset": .string("textarena")])
        #expect(game.resourceNames == ["Wheat", "Wood", "Sheep", "Brick", "Ore"])
        #expect(game.maxGameLength == 20 + 10)
        var state = game.initialState()
        // 10 quantity draws (5 resources x 2 players), each uniform over 5...25.
        for _ in 0..<10 {
            let outcomes = game.chanceOutcomes(state)
            #expect(outcomes.map { game.actionIndex($0.action) } == Array(5...25))
            #expect(outcomes.allSatisfy { abs($0.probability - 1.0 / 21) < 1e-15 })
            game.apply(outcomes[0].action, to: &state)
        }
        // Then values: TextArena's base +- int(0.2 base), clamped to 5...40.
        let expected = [5...6, 8...12, 12...18, 20...30, 32...40, 5...6, 8...12, 12...18, 20...30, 32...40]
        for range in expected {
            let outcomes = game.chanceOutcomes(state)
            #expect(outcomes.map { game.actionIndex($0.action) } == Array(range))
            game.apply(outcomes[outcomes.count - 1].action, to: &state)
        }
        #expect(game.currentPlayer(state) == .seat(0))
        #expect(game.inventory(of: 1, in: state) == [5, 5, 5, 5, 5])
        #expect(game.values(of: 0, in: state) == [6, 12, 18, 30, 40])
    }

    @Test func theSpiralV2PresetUsesGoldInPlaceOfOre() throws {
        let game = try Negotiation(["preset": .string("spiral_v2")])
        #expect(game.resourceNames == ["Wheat", "Wood", "Sheep", "Brick", "Gold"])
    }

    @Test func aTwentyPercentSpreadIsRoundedOutwardFromTheBase() throws {
        let game = try Negotiation(["values0": .string("~5;~40"), "values1": .string("~7;10")])
        let state = game.initialState()
        let ranges = (0..<3).reduce(into: ([[Int]](), state)) { result, _ in
            let outcomes = game.chanceOutcomes(result.1)
            result.0.append(outcomes.map { game.actionIndex($0.action) })
            game.apply(outcomes[0].action, to: &result.1)
        }.0
        // round(0.8*5)=4, round(1.2*5)=6; 32...48; round(5.6)=6, round(8.4)=8. Player 1's Gold is fixed.
        #expect(ranges == [Array(4...6), Array(32...48), Array(6...8)])
    }

    @Test func theSameSeedGivesTheSameSetupAndOthersDiffer() throws {
        let game = try Negotiation(["preset": .string("textarena")])
        let first = Episode(game, seed: 9, index: 4)
        let again = Episode(game, seed: 9, index: 4)
        #expect(first.state == again.state)
        #expect(first.length == 20)
        let setups = Set((0..<20).map { Episode(game, seed: 9, index: UInt64($0)).state })
        #expect(setups.count == 20)
    }

    @Test func aPresetSetsDefaultsAndExplicitParametersOverrideIt() throws {
        let game = try Negotiation(parameters: GameCatalog.parameters(of: "negotiation(preset=textarena,quantities=7,turns=4,max_offer=3)"))
        let state = game.initialState()
        #expect(game.inventory(of: 0, in: state) == [7, 7, 7, 7, 7])
        #expect(game.turns == 4)
        #expect(game.maxOffer == 3)
        #expect(game.maxGameLength == 10 + 4)  // only the values are drawn
        #expect(game.description == "negotiation(preset=textarena,quantities=7,turns=4,max_offer=3)")
    }

    @Test("game strings round trip", arguments: variants + ["negotiation"])
    func gameStringsRoundTrip(gameString: String) throws {
        let game = try Negotiation(parameters: GameCatalog.parameters(of: gameString))
        #expect(game.description == gameString)
        #expect(try Negotiation(parameters: GameCatalog.parameters(of: game.description)) == game)
    }

    @Test(
        "bad parameters name the parameter and what is accepted",
        arguments: [
            ("negotiation(preset=catan)", "'preset' must be one of spiral_v1, textarena, spiral_v2"),
            ("negotiation(resources=Wood)", "'resources' must name 2 to 8 resources"),
            ("negotiation(resources=Wood;Go1d)", "'Go1d' is not a resource name"),
            ("negotiation(resources=Wood;Woods)", "would be read as the same resource"),
            ("negotiation(resources=Wood;and)", "'and' cannot be a resource name"),
            (
                "negotiation(resources=Wood;Gold;Ore)",
                "'values0' needs one item for all resources or one per resource (3), got 2 in the spiral_v1 preset's '5;15'"
            ),
            ("negotiation(quantities=1;2;3)", "'quantities' needs one item for all resources or one per resource (2), got 3 in '1;2;3'"),
            ("negotiation(quantities=5..x)", "item '5..x'"),
            ("negotiation(quantities=9..3)", "A..B (A <= B)"),
            ("negotiation(values1=1;2001)", "whole numbers 0 to 1000"),
            ("negotiation(turns=0)", "'turns' must be 1 to 1000, got 0"),
            ("negotiation(max_offer=101)", "'max_offer' must be 1 to 100"),
            ("negotiation(preset=textarena,resources=A;B;C;D;E;F;G;H,quantities=1,values0=1,values1=1,max_offer=100)", "lower max_offer"),
        ])
    func badParameters(gameString: String, message: String) throws {
        do {
            _ = try Negotiation(parameters: GameCatalog.parameters(of: gameString))
            Issue.record("\(gameString) was accepted")
        } catch {
            #expect(String(describing: error).contains(message), "\(error)")
        }
    }
}
