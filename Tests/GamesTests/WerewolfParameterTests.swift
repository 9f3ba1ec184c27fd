import Games
import Testing

@Suite("Werewolf parameters and presets")
struct WerewolfParameterTests {
    func load(_ gameString: String) throws -> Werewolf {
        try Werewolf(parameters: GameCatalog.parameters(of: gameString))
    }

    func problem(_ gameString: String) -> GameError? {
        do {
            _ = try load(gameString)
            return nil
        } catch let error as GameError {
            return error
        } catch {
            return nil
        }
    }

    @Test func theDefaultIsSevenPlayersWithTwoWerewolvesASeerADoctorAndThreeVillagers() throws {
        let game = Werewolf()
        #expect(game.players == 7)
        #expect([game.werewolfCount, game.seerCount, game.doctorCount, game.villagerCount] == [2, 1, 1, 3])
        #expect(game.discussionRounds == 1 && game.maxDays == 10)
        #expect(game.nightTieRule == .lowestSeat && game.dayTieRule == .noElimination)
        #expect(!game.revealsRoles && game.allowsSelfProtection)
        #expect(game.description == "werewolf")
        #expect(game.roleNames == ["werewolf", "villager", "seer", "doctor"])
    }

    @Test func werewolfArenaIsEightPlayersWithFourVillagers() throws {
        let arena = try load("werewolf(preset=werewolf_arena)")
        #expect(arena.players == 8)
        #expect([arena.werewolfCount, arena.seerCount, arena.doctorCount, arena.villagerCount] == [2, 1, 1, 4])
        #expect(arena.description == "werewolf(preset=werewolf_arena)")
    }

    @Test(
        "secret_mafia: werewolves = round-half-even(players / 4)",
        arguments: [
            (5, 1), (6, 2), (7, 2), (9, 2), (10, 2), (11, 3), (14, 4), (15, 4),
        ])
    func secretMafiaRatio(players: Int, werewolves: Int) throws {
        let mafia = try load("werewolf(preset=secret_mafia,players=\(players))")
        #expect(mafia.werewolfCount == werewolves)
        #expect(mafia.discussionRounds == 3)
        #expect(mafia.villagerCount == players - werewolves - 2)
    }

    @Test func explicitParametersOverrideThePreset() throws {
        let game = try load("werewolf(preset=secret_mafia,players=10,werewolves=3,discussion_rounds=1)")
        #expect(game.werewolfCount == 3 && game.discussionRounds == 1 && game.players == 10)
        #expect(game.description == "werewolf(preset=secret_mafia,players=10,werewolves=3,discussion_rounds=1)")
    }

    @Test(
        "game strings round-trip and equal rules give equal games",
        arguments: [
            ("werewolf(players=7,werewolves=2,seers=1,doctors=1)", "werewolf"),
            ("werewolf(preset=werewolf_arena,players=8)", "werewolf(preset=werewolf_arena)"),
            ("werewolf(preset=secret_mafia,players=10,werewolves=2)", "werewolf(preset=secret_mafia,players=10)"),
            ("werewolf(night_tie=random,reveal_roles=true,max_days=3)", "werewolf(night_tie=random,reveal_roles=true,max_days=3)"),
            ("werewolf(players=8)", "werewolf(players=8)"),
        ])
    func canonicalGameStrings(written: String, canonical: String) throws {
        let game = try load(written)
        #expect(game.description == canonical)
        #expect(try load(game.description) == game)
    }

    @Test(
        "bad values name the parameter and what is accepted",
        arguments: [
            ("werewolf(players=4)", "players", "must be 5 to 15"),
            ("werewolf(players=16)", "players", "must be 5 to 15"),
            ("werewolf(werewolves=0)", "werewolves", "must be at least 1"),
            ("werewolf(werewolves=4)", "werewolves", "must be fewer than the other players"),
            ("werewolf(seers=3,doctors=3)", "players", "7 players cannot hold 2 werewolves, 3 seers and 3 doctors"),
            ("werewolf(seers=-2)", "seers", "must be 0 or more"),
            ("werewolf(discussion_rounds=6)", "discussion_rounds", "must be 0 to 5"),
            ("werewolf(preset=mafia)", "preset", "must be one of classic, werewolf_arena, secret_mafia"),
            ("werewolf(night_tie=highest)", "night_tie", "must be one of lowest_seat, random"),
            ("werewolf(day_tie=revote)", "day_tie", "must be one of no_elimination, random"),
            ("werewolf(max_days=0)", "max_days", "must be 1 to 50"),
            ("werewolf(message_limit=-1)", "message_limit", "must be 0 to 100000"),
            ("werewolf(players=seven)", "players", "must be an integer"),
            ("werewolf(wolves=2)", "wolves", "is unknown; accepted: preset, players"),
        ])
    func badParameters(gameString: String, parameter: String, reason: String) throws {
        let error = try #require(problem(gameString))
        guard case .badParameter(let game, let named, let said) = error else {
            Issue.record("\(gameString) gave \(error), not a bad parameter")
            return
        }
        #expect(game == "werewolf")
        #expect(named == parameter)
        #expect(said.contains(reason), "\(said)")
    }

    @Test func theTensorSizesFollowTheCardsFormula() throws {
        for players in [5, 7, 15] {
            let game = try Werewolf(["players": .int(players), "werewolves": .int(2)])
            #expect(game.observationShape == [4 * players * players + 17 * players + 15])
            #expect(game.actionCount == 3 * players + 7)
        }
    }
}
