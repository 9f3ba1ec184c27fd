import Games
import Testing

@Suite("Game strings and the catalog")
struct GameStringTests {
    @Test func aBareNameLoadsTheDefaults() throws {
        let parameters = try GameCatalog.parameters(of: "kuhn_poker")
        #expect(parameters.int("players") == 2)
        #expect(parameters.string("preset") == "standard")
        #expect(parameters.int("rounds") == 0)  // the preset's: one hand
        #expect(parameters.gameString == "kuhn_poker")
    }

    @Test func parametersAreTypedAndRoundTrip() throws {
        let game = try KuhnPoker(["players": .int(3)])
        #expect(game.description == "kuhn_poker(players=3)")
        let again = try KuhnPoker(parameters: GameCatalog.parameters(of: game.description))
        #expect(again == game)
        #expect(again.players == 3)
    }

    @Test func whitespaceAndOrderDoNotMatter() throws {
        let parameters = try GameCatalog.parameters(of: "  kuhn_poker( rounds = 5 , players=2 ) ")
        #expect(parameters.gameString == "kuhn_poker(rounds=5)")
    }

    @Test func parsedValuesHaveTheirTypes() throws {
        let parsed = try GameString(parsing: "g(a=1,b=2.5,c=true,d=Wood;Gold,e=\"x, y\")")
        #expect(parsed.name == "g")
        #expect(parsed.parameters.map(\.0) == ["a", "b", "c", "d", "e"])
        #expect(parsed.parameters.map(\.1) == [.int(1), .double(2.5), .bool(true), .string("Wood;Gold"), .string("x, y")])
    }

    @Test func anUnknownGameListsTheKnownOnes() throws {
        #expect(throws: GameError.unknownGame("chess", known: GameCatalog.names)) {
            try GameCatalog.parameters(of: "chess")
        }
        let message = String(describing: GameError.unknownGame("chess", known: GameCatalog.names))
        #expect(message.contains("tic_tac_toe") && message.contains("kuhn_poker"))
    }

    @Test func anUnknownParameterListsTheAcceptedOnes() throws {
        do {
            _ = try GameCatalog.parameters(of: "kuhn_poker(player=3)")
            Issue.record("an unknown parameter was accepted")
        } catch {
            #expect(error.description.contains("'player' is unknown; accepted: preset, players, rounds"))
        }
    }

    @Test func aValueOfTheWrongTypeIsRejected() throws {
        do {
            _ = try GameCatalog.parameters(of: "kuhn_poker(players=many)")
            Issue.record("a string was accepted for an integer")
        } catch {
            #expect(error.description.contains("must be an integer"))
        }
    }

    @Test func anOutOfRangeValueIsRejectedByTheGame() throws {
        #expect(throws: GameError.self) { try KuhnPoker(["players": .int(11)]) }
        #expect(throws: GameError.self) { try KuhnPoker(["players": .int(3), "rounds": .int(3)]) }
    }

    @Test(
        "malformed strings say what is wrong",
        arguments: [
            ("kuhn_poker(players=3", "missing ')'"),
            ("kuhn_poker(players)", "not of the form key=value"),
            ("kuhn_poker(players=)", "has no value"),
            ("(players=3)", "the game name is empty"),
            ("kuhn_poker(players=2,players=3)", "given twice"),
            ("kuhn poker", "is not a name"),
        ])
    func malformed(text: String, expected: String) {
        do {
            _ = try GameString(parsing: text)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    @Test func theCatalogListsEveryGameOnce() throws {
        #expect(Array(GameCatalog.names.prefix(2)) == ["tic_tac_toe", "kuhn_poker"])
        #expect(Set(GameCatalog.names).count == GameCatalog.names.count)
    }

    @Test func everyCatalogNameVisitsTheGameOfThatName() throws {
        struct NameVisitor: GameVisitor {
            func visit<G: Game>(_ game: G) throws -> String { game.name }
        }
        for name in GameCatalog.names {
            #expect(try GameCatalog.visit(name, with: NameVisitor()) == name)
        }
    }
}
