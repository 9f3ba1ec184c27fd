import Testing

@testable import Games

/// The no-leak proof: states that differ only in what a seat cannot know give that seat the
/// same knowledge, observation text, tensor, information-state string, legal actions and
/// heuristic choice. Hidden facts: other seats' roles (a werewolf knows its pack), other
/// seats' private night results, the pack's votes (for non-werewolves), and other seats'
/// votes while the ballot is open.
@Suite("Werewolf information: no seat sees what it may not know")
struct WerewolfInformationTests {
    /// Everything `seat` is shown.
    struct SeatView: Equatable {
        var knowledge: Werewolf.Knowledge
        var text: String
        var tensor: [Float]
        var informationState: String
        var legalActions: [Werewolf.Action]
        var heuristicChoice: Werewolf.Action?

        init(_ game: Werewolf, _ state: Werewolf.State, seat: Int) {
            knowledge = game.knowledge(of: seat, in: state)
            text = game.observationText(state, seat: seat)
            tensor = game.observation(state, seat: seat)
            informationState = game.informationState(state, seat: seat)
            let toAct = game.currentPlayer(state) == .seat(seat)
            legalActions = toAct ? game.legalActions(state) : []
            var rng = EpisodeRNG(seed: 99)
            heuristicChoice = toAct ? WerewolfHeuristic().action(for: seat, in: state, game: game, rng: &rng) : nil
        }
    }

    // MARK: States built through the rules

    @Test func aVillagerCannotTellWhoIsTheSeerOrTheDoctorOrWhatTheyDid() throws {
        let game = Werewolf()
        // A: 2 is the seer and finds 0; 3 is the doctor and protects 6.
        var first = game.dealt(standardDeal)
        game.play([.target(5), .target(5), .target(0), .target(6)] + sleeping(3), on: &first)
        // B: 2 is the doctor and protects 4; 3 is the seer and finds 1 a werewolf.
        var second = game.dealt([.werewolf, .werewolf, .doctor, .seer, .villager, .villager, .villager])
        game.play([.target(5), .target(5), .target(4), .target(1)] + sleeping(3), on: &second)
        // Same public night (5 dies), then the same speeches.
        let speeches: [Werewolf.Action] = [.pass("hello"), .speech(.accuse(4)), .speech(.claim(.seer)), .pass(), .speech(.defend(4)), .pass()]
        game.play(speeches, on: &first)
        game.play(speeches, on: &second)
        // Different secret votes by seats 0 to 3 (the ballot is still open).
        game.play([.target(2), .target(2), .target(0), .target(0)], on: &first)
        game.play([.target(3), .target(6), .target(1), .abstain], on: &second)
        #expect(first != second)
        for seat in [4, 5, 6] {
            #expect(SeatView(game, first, seat: seat) == SeatView(game, second, seat: seat), "seat \(seat)")
        }
        // The voters themselves see their own, different votes.
        #expect(SeatView(game, first, seat: 0) != SeatView(game, second, seat: 0))
        // Once everyone has voted, the ballot is public and the views differ again.
        game.play([.abstain, .abstain], on: &first)
        game.play([.abstain, .abstain], on: &second)
        #expect(game.observationText(first, seat: 4) != game.observationText(second, seat: 4))
    }

    @Test func aWerewolfSeesItsPackButNotTheSeerOrTheDoctor() throws {
        let game = Werewolf()
        var first = game.dealt(standardDeal)
        game.play([.target(5), .target(5), .target(0), .target(6)] + sleeping(3), on: &first)
        var second = game.dealt([.werewolf, .werewolf, .villager, .villager, .doctor, .villager, .seer])
        game.play([.target(5), .target(5), .sleep, .sleep, .target(2), .sleep, .target(1)], on: &second)
        for seat in [0, 1] {
            #expect(SeatView(game, first, seat: seat) == SeatView(game, second, seat: seat), "seat \(seat)")
        }
        // A different pack vote is visible to the werewolves.
        var third = game.dealt(standardDeal)
        game.play([.target(6), .target(5), .target(0), .target(6)] + sleeping(3), on: &third)
        #expect(game.observationText(first, seat: 1) != game.observationText(third, seat: 1))
        #expect(game.observation(first, seat: 1) != game.observation(third, seat: 1))
    }

    @Test func theSeerSeesOnlyItsOwnResults() throws {
        let game = Werewolf()
        var first = game.dealt(standardDeal)
        game.play([.target(5), .target(5), .target(0), .target(6)] + sleeping(3), on: &first)
        var second = game.dealt([.werewolf, .villager, .seer, .villager, .werewolf, .doctor, .villager])
        game.play([.target(5), .sleep, .target(0), .sleep, .target(5), .target(3), .sleep], on: &second)
        // Seat 2 is the seer in both and found 0 a werewolf in both.
        #expect(SeatView(game, first, seat: 2) == SeatView(game, second, seat: 2))
        // Finding the other result shows.
        var third = game.dealt(standardDeal)
        game.play([.target(5), .target(5), .target(4), .target(6)] + sleeping(3), on: &third)
        #expect(SeatView(game, first, seat: 2) != SeatView(game, third, seat: 2))
    }

    // MARK: Hidden facts changed directly, over random games

    @Test(
        "changing hidden facts never changes a seat's view",
        arguments: [
            "werewolf", "werewolf(reveal_roles=true,night_tie=random,day_tie=random,discussion_rounds=2)",
            "werewolf(players=9,werewolves=2,seers=2,doctors=2)",
        ])
    func hiddenFactsNeverShow(gameString: String) throws {
        let game = try #require(try GameCatalog.visit(gameString, with: WerewolfOnly()))
        var rng = EpisodeRNG(seed: 5)
        var checkedStates = 0
        var changedStates = 0
        for episode in 0..<12 {
            var state = game.initialState()
            var chance = EpisodeRNG(seed: 17, episode: UInt64(episode))
            while true {
                for seat in 0..<game.players {
                    let view = SeatView(game, state, seat: seat)
                    for _ in 0..<2 {
                        let other = Self.changingHiddenFacts(of: state, for: seat, game: game, rng: &rng)
                        if other != state { changedStates += 1 }
                        guard SeatView(game, other, seat: seat) == view else {
                            // One report is enough: a leak shows up at thousands of states.
                            Issue.record(
                                "seat \(seat) sees a hidden change at state '\(game.encodeState(state))': \(other.events) vs \(state.events)")
                            return
                        }
                    }
                    checkedStates += 1
                }
                switch game.currentPlayer(state) {
                case .terminal: break
                case .chance:
                    game.apply(chance.sample(game.chanceOutcomes(state)), to: &state)
                    continue
                case .seat:
                    let legal = game.legalActions(state)
                    game.apply(legal[chance.index(below: legal.count)], to: &state)
                    continue
                }
                break
            }
        }
        #expect(checkedStates > 1000)
        // The perturbation must actually change something most of the time, or the test proves nothing.
        #expect(changedStates > checkedStates)
    }

    @Test func theViewsDoChangeWithWhatASeatMayKnow() throws {
        // The control for the test above: changing a fact the seat may know changes its view.
        let game = Werewolf()
        var state = game.dealt(standardDeal)
        game.play([.target(5), .target(5), .target(0), .target(6)] + sleeping(3), on: &state)
        // The seat's own role.
        var ownRole = state
        ownRole.roles = Self.roles(state.roles, setting: 2, to: .werewolf)
        #expect(SeatView(game, state, seat: 2) != SeatView(game, ownRole, seat: 2))
        // The seat's own night result.
        var ownResult = state
        let inspection = try #require(state.log.firstIndex(of: .inspect(seer: 2, target: 0, isWerewolf: true)))
        ownResult.log[inspection] = .inspect(seer: 2, target: 0, isWerewolf: false)
        #expect(SeatView(game, state, seat: 2) != SeatView(game, ownResult, seat: 2))
        // A public death.
        var otherDeath = state
        let dawn = try #require(state.log.firstIndex(of: .dawn(day: 1, victim: 5, role: nil)))
        otherDeath.log[dawn] = .dawn(day: 1, victim: 6, role: nil)
        #expect(SeatView(game, state, seat: 4) != SeatView(game, otherDeath, seat: 4))
    }

    /// The packed roles with `seat`'s role replaced.
    static func roles(_ packed: UInt64, setting seat: Int, to role: Werewolf.Role) -> UInt64 {
        let shift = 4 * UInt64(seat)
        return packed & ~(UInt64(0xF) << shift) | UInt64(role.rawValue + 1) << shift
    }

    /// A copy of `state` with facts `seat` may not know changed at random: the roles of the
    /// seats whose roles it does not know are shuffled, and the log entries addressed to
    /// others get new targets and results. Decided here from the rules, not from the code
    /// under test.
    static func changingHiddenFacts(of state: Werewolf.State, for seat: Int, game: Werewolf, rng: inout EpisodeRNG) -> Werewolf.State {
        var changed = state
        let own = game.role(ofSeat: seat, in: state)
        let isWerewolf = own == .werewolf
        // Roles: a werewolf knows who the werewolves are; everyone knows their own role.
        let dealt = Int(state.dealt)
        let movable = (0..<dealt).filter { other in
            other != seat && !(isWerewolf && game.role(ofSeat: other, in: state) == .werewolf)
        }
        var roles = movable.compactMap { game.role(ofSeat: $0, in: state) }
        roles.shuffle(using: &rng)
        for (other, role) in zip(movable, roles) { changed.roles = Self.roles(changed.roles, setting: other, to: role) }
        // The votes of an open ballot are the log's trailing votes while the vote is on.
        let ballotIsOpen = state.phase == .vote || state.phase == .dayTie
        let lastNonVote = state.log.lastIndex { event in
            if case .vote = event { return false }
            return true
        }
        let openStart = ballotIsOpen ? (lastNonVote ?? -1) + 1 : state.log.count
        func anySeat() -> Int { rng.index(below: game.players) }
        for index in changed.log.indices {
            switch changed.log[index] {
            case .packVote(let wolf, _) where !isWerewolf:
                changed.log[index] = .packVote(werewolf: wolf, target: anySeat())
            case .attack where !isWerewolf:
                changed.log[index] = .attack(target: anySeat())
            case .protect(let doctor, _) where doctor != seat:
                changed.log[index] = .protect(doctor: doctor, target: anySeat())
            case .inspect(let seer, _, _) where seer != seat:
                changed.log[index] = .inspect(seer: seer, target: anySeat(), isWerewolf: rng.index(below: 2) == 0)
            case .vote(let voter, _) where voter != seat && index >= openStart:
                let choice = anySeat()
                changed.log[index] = .vote(voter: voter, target: choice == seat ? nil : choice)
            default:
                break
            }
        }
        return changed
    }

    struct WerewolfOnly: GameVisitor {
        func visit<G: Game>(_ game: G) throws -> Werewolf? { game as? Werewolf }
    }
}
