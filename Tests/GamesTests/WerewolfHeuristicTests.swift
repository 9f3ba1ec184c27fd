import Games
import Testing

/// The rule-based player. Seats 0 and 1 are werewolves, 2 the seer, 3 the doctor, 4 to 6
/// villagers unless a test deals otherwise.
@Suite("Werewolf heuristic")
struct WerewolfHeuristicTests {
    let heuristic = WerewolfHeuristic()

    func choice(_ game: Werewolf, _ state: Werewolf.State) throws -> Werewolf.Action {
        guard case .seat(let seat) = game.currentPlayer(state) else {
            throw HeuristicTestError.noSeatToAct
        }
        var rng = EpisodeRNG(seed: 1)
        return heuristic.action(for: seat, in: state, game: game, rng: &rng)
    }

    enum HeuristicTestError: Error { case noSeatToAct }

    @Test func theSeerClaimsThenAccusesTheWerewolfItFound() throws {
        let game = try Werewolf(["discussion_rounds": .int(2)])
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(1), .target(3)] + sleeping(3), on: &state)  // the seer finds 1
        game.play(silence(2), on: &state)  // seats 0 and 1
        #expect(try choice(game, state) == .speech(.claim(.seer)))
        game.play([.speech(.claim(.seer))] + silence(3), on: &state)  // 2, 3, 5, 6; round 2 begins
        game.play(silence(2), on: &state)
        #expect(try choice(game, state) == .speech(.accuse(1)))
        game.play([.speech(.accuse(1))] + silence(3), on: &state)
        // And it votes for its find.
        game.play([.target(5), .target(5)], on: &state)
        #expect(try choice(game, state) == .target(1))
    }

    @Test func villagersFollowAccusationsAndTrustTheOneClaimedSeer() throws {
        let game = Werewolf()
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(1), .target(3)] + sleeping(3), on: &state)
        // 0 accuses 6, 1 accuses 6, the seer claims and accuses nobody yet, 3 passes.
        game.play([.speech(.accuse(6)), .speech(.accuse(6)), .speech(.claim(.seer)), .pass()], on: &state)
        #expect(try choice(game, state) == .speech(.accuse(6)))  // villager 5 follows
        game.play([.speech(.accuse(6))], on: &state)
        // The most accused defends itself.
        #expect(try choice(game, state) == .speech(.defend(6)))
        game.play([.speech(.defend(6))], on: &state)
        // In the vote, villager 5 votes with the accusations.
        game.play([.target(6), .target(6), .target(6), .target(6)], on: &state)
        #expect(try choice(game, state) == .target(6))
    }

    @Test func accusingTheClaimedSeerMakesTheAccuserTheSuspect() throws {
        // Seats 2 and 4 are werewolves, 1 the seer, 3 the doctor.
        let game = Werewolf()
        var state = game.dealt([.villager, .seer, .werewolf, .doctor, .werewolf, .villager, .villager])
        game.play([.sleep, .target(2), .target(0), .target(3), .target(0), .sleep, .sleep], on: &state)  // 0 dies
        // The seer claims; werewolf 2 accuses it; the doctor and werewolf 4 pass.
        game.play([.speech(.claim(.seer)), .speech(.accuse(1)), .pass(), .pass()], on: &state)
        #expect(try choice(game, state) == .speech(.accuse(2)))  // villager 5
    }

    @Test func werewolvesAccuseVillagersAndNeverVoteForTheirPack() throws {
        let game = Werewolf()
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(1), .target(3)] + sleeping(3), on: &state)
        let wolfSpeech = try choice(game, state)
        guard case .speech(.accuse(let accused)) = wolfSpeech.kind else {
            Issue.record("werewolf 0 did not accuse anyone: \(wolfSpeech)")
            return
        }
        #expect(![0, 1].contains(accused))
        // Everyone accuses werewolf 1; werewolf 0 still votes for a villager.
        game.play([wolfSpeech, .speech(.defend(1))] + Array(repeating: .speech(.accuse(1)), count: 4), on: &state)
        let vote = try choice(game, state)
        guard case .target(let target) = vote.kind else {
            Issue.record("werewolf 0 did not vote: \(vote)")
            return
        }
        #expect(![0, 1].contains(target))
    }

    @Test func thePackFollowsTheFirstVoteAndAttacksAClaimedSeer() throws {
        let game = Werewolf()
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(1), .target(3)] + sleeping(3), on: &state)
        game.play([.pass(), .pass(), .speech(.claim(.seer)), .pass(), .pass(), .pass()], on: &state)
        game.play(Array(repeating: .abstain, count: 6), on: &state)
        #expect(try choice(game, state) == .target(2))  // werewolf 0: the claimed seer
        game.play([.target(6)], on: &state)
        #expect(try choice(game, state) == .target(6))  // werewolf 1 follows its teammate
        game.play([.target(6), .target(5)], on: &state)  // and the seer inspects 5
        #expect(try choice(game, state) == .target(2))  // the doctor protects the claimed seer
        game.play([.target(2)], on: &state)
        #expect(try choice(game, state) == .sleep)  // villager 5 sleeps
    }

    @Test(
        "every seat played by the heuristic: legal actions only, and no werewolf turns on its pack",
        arguments: ["werewolf", "werewolf(preset=secret_mafia,players=12)", "werewolf(seers=0,doctors=0)"])
    func heuristicPlayIsLegal(gameString: String) throws {
        let game = try Werewolf(parameters: GameCatalog.parameters(of: gameString))
        for episode in 0..<60 {
            var rng = EpisodeRNG(seed: 11, episode: UInt64(episode))
            var state = game.initialState()
            while !game.isTerminal(state) {
                guard case .seat(let seat) = game.currentPlayer(state) else {
                    game.apply(rng.sample(game.chanceOutcomes(state)), to: &state)
                    continue
                }
                let action = heuristic.action(for: seat, in: state, game: game, rng: &rng)
                try #require(game.legalActions(state).contains(action.withoutMessage), "\(action) by seat \(seat) is not legal")
                if game.role(ofSeat: seat, in: state) == .werewolf {
                    switch action.kind {
                    case .target(let target), .speech(.accuse(let target)):
                        #expect(game.role(ofSeat: target, in: state) != .werewolf, "werewolf \(seat) turned on \(target)")
                    default: break
                    }
                }
                game.apply(action, to: &state)
            }
        }
    }
}
