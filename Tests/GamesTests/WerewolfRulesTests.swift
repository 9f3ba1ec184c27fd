import Games
import Testing

/// Scripted games. Unless a test says otherwise: seats 0 and 1 are werewolves, 2 the seer,
/// 3 the doctor, 4 to 6 villagers (`standardDeal`); at night every living player acts in
/// seat order (the villagers sleep).
@Suite("Werewolf rules")
struct WerewolfRulesTests {
    let game = Werewolf()

    @Test func theDealIsAChanceNodeProportionalToTheRolesLeft() throws {
        let first = game.chanceOutcomes(game.initialState())
        // 7 seats: 2 werewolves, 3 villagers, 1 seer, 1 doctor
        let firstProbabilities: [Double] = [2.0 / 7, 3.0 / 7, 1.0 / 7, 1.0 / 7]
        #expect(first.map(\.action) == [deal(.werewolf), deal(.villager), deal(.seer), deal(.doctor)])
        #expect(first.map(\.probability) == firstProbabilities)
        // After a seer and a doctor are dealt, only werewolves and villagers remain.
        var state = game.initialState()
        game.play([deal(.seer), deal(.doctor)], on: &state)
        let third = game.chanceOutcomes(state)
        let thirdProbabilities: [Double] = [2.0 / 5, 3.0 / 5]
        #expect(third.map(\.action) == [deal(.werewolf), deal(.villager)])
        #expect(third.map(\.probability) == thirdProbabilities)
    }

    @Test func everyLivingPlayerActsAtNightInSeatOrderWhateverItsRole() throws {
        var state = game.dealt(standardDeal)
        let actors = game.play([.target(4), .target(4), .target(0), .target(6)] + sleeping(3), on: &state)
        #expect(actors == [0, 1, 2, 3, 4, 5, 6])
        // Day 1 begins with the first living seat.
        #expect(game.currentPlayer(state) == .seat(0))
        // The dead take no night turn: 4 died in the night, 0 is voted out.
        game.play(silence(6) + [.target(5)] + Array(repeating: .target(0), count: 5), on: &state)
        let secondNight = game.play([.target(5), .target(1), .target(3)] + sleeping(2), on: &state)
        #expect(secondNight == [1, 2, 3, 5, 6])
    }

    @Test func aPlayerWithoutANightPowerCanOnlySleepAndSleepingChangesNothingPublic() throws {
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(0), .target(6)], on: &state)
        #expect(game.currentPlayer(state) == .seat(4))
        #expect(game.legalActions(state) == [.sleep])
        let before = state
        game.play([.sleep], on: &state)
        // Only the sleeper's own view records the turn.
        #expect(state.events.last == .sleep(seat: 4))
        for seat in [0, 2, 3, 5, 6] {
            #expect(game.knowledge(of: seat, in: state).events == game.knowledge(of: seat, in: before).events)
        }
        #expect(game.informationState(state, seat: 4).hasSuffix("| N1 | z | @N1"))
    }

    @Test func theVillageWinsByVotingOutBothWerewolvesAndTheLastVoteEndsTheGameAtOnce() throws {
        var state = game.dealt(standardDeal)
        // Night 1: the pack attacks 4, the doctor protects 4 (a save), the seer finds 0.
        game.play([.target(4), .target(4), .target(0), .target(4)] + sleeping(3), on: &state)
        #expect(state.events.contains(.dawn(day: 1, victim: nil, role: nil)))
        // Day 1: silence, then 0 is voted out 5 to 2.
        game.play(silence(7) + [.target(2), .target(2), .target(0), .target(0), .target(0), .target(0), .target(0)], on: &state)
        #expect(state.events.contains(.ballotClosed(day: 1, eliminated: 0, role: nil)))
        #expect(game.currentPlayer(state) == .seat(1))  // night 2 starts at the first living seat
        // Night 2: 5 dies; day 2: the seer's find, 1, is voted out by the last voter.
        game.play([.target(5), .target(1), .target(3)] + sleeping(3), on: &state)
        game.play(silence(5) + [.target(2), .target(1), .target(1), .target(1)], on: &state)
        #expect(game.currentPlayer(state) == .seat(6))
        game.play([.target(1)], on: &state)
        #expect(game.isTerminal(state))
        #expect(state.result == .villageWins)
        #expect(state.events.suffix(2) == [.ballotClosed(day: 2, eliminated: 1, role: nil), .gameOver(.villageWins)])
        // Each team shares +-1: 2 werewolves, 5 villagers.
        #expect(game.returns(state) == [-0.5, -0.5, 0.2, 0.2, 0.2, 0.2, 0.2])
        #expect(abs(game.returns(state).reduce(0, +)) < 1e-12)
        #expect(game.legalActions(state).isEmpty)
    }

    @Test func theWerewolvesWinByParityAtDawn() throws {
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(5), .target(3)] + sleeping(3), on: &state)  // 4 dies
        // Day 1: villager 5 is voted out 3 to 2; 0, 1, 2, 3, 6 live.
        game.play(silence(6) + [.target(5), .target(5), .target(5), .target(6), .target(6), .target(0)], on: &state)
        #expect(!game.isTerminal(state))
        // Night 2: 6 dies, leaving 2 werewolves and 2 others.
        game.play([.target(6), .target(6), .target(1), .target(2), .sleep], on: &state)
        #expect(game.isTerminal(state))
        #expect(state.result == .werewolvesWin)
        #expect(state.events.suffix(2) == [.dawn(day: 2, victim: 6, role: nil), .gameOver(.werewolvesWin)])
        #expect(game.returns(state) == [0.5, 0.5, -0.2, -0.2, -0.2, -0.2, -0.2])
    }

    @Test func theWerewolvesWinByParityAfterADayVote() throws {
        let six = try Werewolf(["players": .int(6)])
        var state = six.dealt([.werewolf, .werewolf, .seer, .doctor, .villager, .villager])
        six.play([.target(4), .target(4), .target(3), .target(2)] + sleeping(2), on: &state)  // 4 dies: 2 werewolves, 3 others
        six.play(silence(5) + [.target(5), .target(5), .target(0), .target(5), .target(0)], on: &state)
        #expect(six.isTerminal(state))
        #expect(state.result == .werewolvesWin)
        #expect(state.events.suffix(2) == [.ballotClosed(day: 1, eliminated: 5, role: nil), .gameOver(.werewolvesWin)])
        #expect(six.returns(state) == [0.5, 0.5, -0.25, -0.25, -0.25, -0.25])
    }

    @Test func aTiedPackVoteAttacksTheLowestSeatByDefault() throws {
        var state = game.dealt(standardDeal)
        // The attack is settled once every living player has acted.
        game.play([.target(5), .target(4), .target(3), .target(6)] + sleeping(3), on: &state)
        #expect(state.events.suffix(2) == [.attack(target: 4), .dawn(day: 1, victim: 4, role: nil)])
    }

    @Test func aTiedPackVoteGoesToAChanceNodeUnderTheRandomRule() throws {
        let random = try Werewolf(["night_tie": .string("random")])
        var state = random.dealt(standardDeal)
        random.play([.target(5), .target(4), .target(3), .target(6)] + sleeping(3), on: &state)
        #expect(random.currentPlayer(state) == .chance)
        let outcomes = random.chanceOutcomes(state)
        #expect(outcomes == [ChanceOutcome(breakTie(4), probability: 0.5), ChanceOutcome(breakTie(5), probability: 0.5)])
        random.play([breakTie(5)], on: &state)
        #expect(state.events.last == .dawn(day: 1, victim: 5, role: nil))
    }

    @Test func underTheRandomRuleEveryNightEndsAtAChanceNodeTiedOrNot() throws {
        // Otherwise the extra step would tell everyone that the pack split its vote.
        let random = try Werewolf(["night_tie": .string("random")])
        var state = random.dealt(standardDeal)
        random.play([.target(5), .target(5), .target(3), .target(6)] + sleeping(3), on: &state)
        #expect(random.currentPlayer(state) == .chance)
        #expect(random.chanceOutcomes(state) == [ChanceOutcome(breakTie(5), probability: 1)])
        random.play([breakTie(5)], on: &state)
        #expect(state.events.last == .dawn(day: 1, victim: 5, role: nil))
    }

    @Test func aTiedDayVoteEliminatesNobodyByDefault() throws {
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(6), .target(4)] + sleeping(3), on: &state)  // saved
        game.play(silence(7) + [.target(2), .target(2), .target(0), .target(0), .abstain, .abstain, .abstain], on: &state)
        #expect(state.events.suffix(2) == [.ballotClosed(day: 1, eliminated: nil, role: nil), .nightBegins(night: 2)])
        #expect(game.currentPlayer(state) == .seat(0))
    }

    @Test func aTiedDayVoteGoesToAChanceNodeUnderTheRandomRule() throws {
        let random = try Werewolf(["day_tie": .string("random")])
        var state = random.dealt(standardDeal)
        random.play([.target(4), .target(4), .target(6), .target(4)] + sleeping(3), on: &state)
        random.play(silence(7) + [.target(2), .target(2), .target(0), .target(0), .abstain, .abstain, .abstain], on: &state)
        #expect(random.currentPlayer(state) == .chance)
        #expect(random.chanceOutcomes(state).map(\.action) == [breakTie(0), breakTie(2)])
        #expect(random.chanceOutcomes(state).map(\.probability) == [0.5, 0.5])
        random.play([breakTie(2)], on: &state)
        #expect(state.events.suffix(2) == [.ballotClosed(day: 1, eliminated: 2, role: nil), .nightBegins(night: 2)])
    }

    @Test func aVoteWhereEveryoneAbstainsEliminatesNobody() throws {
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(6), .target(4)] + sleeping(3), on: &state)
        game.play(silence(7) + Array(repeating: .abstain, count: 7), on: &state)
        #expect(state.events.suffix(2) == [.ballotClosed(day: 1, eliminated: nil, role: nil), .nightBegins(night: 2)])
    }

    @Test func deadPlayersNeitherSpeakNorVoteNorCanBeChosen() throws {
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(6), .target(3)] + sleeping(3), on: &state)  // 4 dies
        let speakers = game.play(silence(6), on: &state)
        #expect(speakers == [0, 1, 2, 3, 5, 6])
        #expect(!game.legalActions(state).contains(.target(4)))
        let voters = game.play([.target(5), .target(5), .target(0), .target(0), .abstain, .abstain], on: &state)
        #expect(voters == [0, 1, 2, 3, 5, 6])
        // Night 2: the pack cannot attack the dead, the doctor cannot protect them.
        #expect(!game.legalActions(state).contains(.target(4)))
    }

    @Test func theDayLimitEndsTheGameInADraw() throws {
        let short = try Werewolf(["max_days": .int(1)])
        var state = short.dealt(standardDeal)
        short.play([.target(4), .target(4), .target(6), .target(4)] + sleeping(3), on: &state)
        short.play(silence(7) + Array(repeating: .abstain, count: 7), on: &state)
        #expect(short.isTerminal(state))
        #expect(state.result == .draw)
        #expect(short.returns(state) == Array(repeating: 0, count: 7))
    }

    @Test func rolesAreRevealedOnDeathOnlyWhenAsked() throws {
        var hidden = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(6), .target(3)] + sleeping(3), on: &hidden)
        #expect(hidden.events.last == .dawn(day: 1, victim: 4, role: nil))
        #expect(!game.observationText(hidden, seat: 6).contains("They were"))

        let revealing = try Werewolf(["reveal_roles": .bool(true)])
        var shown = revealing.dealt(standardDeal)
        revealing.play([.target(4), .target(4), .target(6), .target(3)] + sleeping(3), on: &shown)
        #expect(shown.events.last == .dawn(day: 1, victim: 4, role: .villager))
        #expect(revealing.observationText(shown, seat: 6).contains("Player 4 was killed in the night. They were a villager."))
        revealing.play(silence(6) + [.target(5), .target(5), .target(0), .target(0), .target(0), .target(0)], on: &shown)
        #expect(shown.events.contains(.ballotClosed(day: 1, eliminated: 0, role: .werewolf)))
    }

    @Test func selfProtectionIsAParameter() throws {
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(1)], on: &state)
        #expect(game.currentPlayer(state) == .seat(3))
        #expect(game.legalActions(state).contains(.target(3)))

        let strict = try Werewolf(["self_protect": .bool(false)])
        var strictState = strict.dealt(standardDeal)
        strict.play([.target(4), .target(4), .target(1)], on: &strictState)
        #expect(!strict.legalActions(strictState).contains(.target(3)))
        #expect(strict.legalActions(strictState).contains(.target(4)))
    }

    @Test func theSeerLearnsTheTruthAboutItsTarget() throws {
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(1), .target(3)] + sleeping(3), on: &state)
        #expect(state.events.contains(.inspect(seer: 2, target: 1, isWerewolf: true)))
        var other = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(5), .target(3)] + sleeping(3), on: &other)
        #expect(other.events.contains(.inspect(seer: 2, target: 5, isWerewolf: false)))
    }

    @Test func withoutDoctorsOrSeersOnlyTheWerewolvesDoAnythingAtNight() throws {
        let plain = try Werewolf(["seers": .int(0), "doctors": .int(0)])
        var state = plain.dealt([.villager, .werewolf, .villager, .werewolf, .villager, .villager, .villager])
        let actors = plain.play([.sleep, .target(0), .sleep, .target(0)] + sleeping(3), on: &state)
        #expect(actors == [0, 1, 2, 3, 4, 5, 6])
        #expect(state.events.last == .dawn(day: 1, victim: 0, role: nil))
    }

    @Test func theWerewolvesCannotAttackEachOther() throws {
        let state = game.dealt(standardDeal)
        #expect(game.legalActions(state) == [.target(2), .target(3), .target(4), .target(5), .target(6)])
    }

    @Test func theActionIndicesFollowTheCardsLayout() throws {
        // n = 7: targets 0..6, abstain 7, claims 8..11, accuse 12..18, defend 19..25, pass 26,
        // sleep 27.
        #expect(game.actionCount == 28)
        #expect(game.actionIndex(.target(3)) == 3)
        #expect(game.actionIndex(.abstain) == 7)
        #expect(game.actionIndex(.speech(.claim(.seer))) == 10)
        #expect(game.actionIndex(.speech(.accuse(2))) == 14)
        #expect(game.actionIndex(.speech(.defend(6))) == 25)
        #expect(game.actionIndex(.pass("the message does not change the index")) == 26)
        #expect(game.action(atIndex: 26) == .pass())
        #expect(game.actionIndex(.sleep) == 27)
        #expect(game.action(atIndex: 27) == .sleep)
        #expect(game.action(atIndex: 28) == nil)
    }

    @Test func utilityRangeFollowsTheTeamSizes() throws {
        #expect(game.utility == Utility(kind: .zeroSum, min: -0.5, max: 0.5))
        let lone = try Werewolf(["werewolves": .int(1)])
        #expect(lone.utility == Utility(kind: .zeroSum, min: -1, max: 1))
    }
}

@Suite("Werewolf observation tensor")
struct WerewolfTensorTests {
    let game = Werewolf()

    @Test func theBlocksSitWhereTheCardSays() throws {
        // n = 7: role at 7, moment at 11, to-act 15, alive at 21, known werewolves at 42,
        // known non-werewolves at 49, accusations at 112, own open vote at 322.
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(1), .target(3)] + sleeping(3), on: &state)  // 4 dies; the seer finds 1
        game.play([.speech(.accuse(6))] + silence(5), on: &state)
        game.play([.target(5)], on: &state)  // seat 0 votes for 5; seat 1 is to vote
        let wolf = game.observation(state, seat: 0)
        #expect(wolf[0] == 1 && wolf[7 + 0] == 1)  // seat 0, a werewolf
        #expect(Array(wolf[11..<15]) == [0, 0, 1, 0])  // the vote
        #expect(wolf[15] == 0)  // not to act
        #expect(Array(wolf[21..<28]) == [1, 1, 1, 1, 0, 1, 1])  // 4 is dead
        #expect(Array(wolf[42..<49]) == [1, 1, 0, 0, 0, 0, 0])  // its pack
        #expect(Array(wolf[49..<56]) == [0, 0, 1, 1, 1, 1, 1])  // everyone else
        #expect(wolf[112 + 0 * 7 + 6] == 1)  // its own accusation of 6
        #expect(Array(wolf[322..<330]) == [0, 0, 0, 0, 0, 1, 0, 0])  // its open vote
        let seer = game.observation(state, seat: 2)
        #expect(seer[7 + 2] == 1)
        #expect(Array(seer[42..<49]) == [0, 1, 0, 0, 0, 0, 0])  // found 1
        #expect(Array(seer[49..<56]) == [0, 0, 1, 0, 0, 0, 0])  // itself
        #expect(Array(seer[322..<330]) == Array(repeating: 0, count: 8))  // seat 0's vote is secret
        #expect(game.observation(state, seat: 1)[15] == 1)  // seat 1 is to act
    }

    @Test func everyViewIsFiniteAtTheEnd() throws {
        var state = game.dealt(standardDeal)
        game.play([.target(4), .target(4), .target(5), .target(3)] + sleeping(3), on: &state)
        game.play(silence(6) + [.target(5), .target(5), .target(5), .target(6), .target(6), .target(0)], on: &state)
        game.play([.target(6), .target(6), .target(1), .target(2), .sleep], on: &state)
        #expect(game.isTerminal(state))
        for seat in 0..<7 {
            let observation = game.observation(state, seat: seat)
            #expect(observation.allSatisfy { $0.isFinite })
            #expect(observation[7 + 11 + 1] == 1)  // outcome: werewolves won
        }
    }
}
