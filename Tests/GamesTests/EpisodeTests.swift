import Games
import Testing

@Suite("Episodes: chance, invalid moves, reproducibility")
struct EpisodeTests {
    @Test func chanceIsResolvedUpToTheFirstDecision() throws {
        let episode = Episode(KuhnPoker(), seed: 3)
        #expect(episode.currentPlayer == .seat(0))
        #expect(episode.length == 2)
    }

    @Test func theSameSeedAndIndexDealTheSameCards() throws {
        let first = Episode(KuhnPoker(), seed: 5, index: 9)
        let second = Episode(KuhnPoker(), seed: 5, index: 9)
        #expect(first.state == second.state)
        let dealt = Set((0..<50).map { Episode(KuhnPoker(), seed: 5, index: UInt64($0)).state })
        #expect(dealt.count == 6)  // all six deals appear among 50 episodes
    }

    @Test func anInvalidMoveForfeitsZeroSumByDefault() throws {
        var episode = Episode(TicTacToe(), seed: 1)
        guard case .forfeited(let error) = episode.step(text: "pass") else {
            Issue.record("invalid text did not forfeit")
            return
        }
        #expect(error.reason.contains("no move found"))
        #expect(episode.isOver)
        #expect(episode.returns == [-1, 1])
        #expect(episode.forfeit?.seat == 0)
    }

    @Test func spiralsTrainingPresetPenalisesTheOffender() throws {
        var episode = Episode(TicTacToe(), seed: 1, invalidMovePolicy: .spiralTraining)
        _ = episode.step(text: "[4]")
        _ = episode.step(text: "[4]")  // seat 1 plays an occupied cell
        #expect(episode.returns == [0.5, -1.5])
    }

    @Test func retriesAreGrantedPerTurnThenTheSeatForfeits() throws {
        var episode = Episode(TicTacToe(), seed: 1, invalidMovePolicy: InvalidMovePolicy(retries: 2))
        guard case .retry = episode.step(text: "[9]") else { Issue.record("first invalid move must be a retry"); return }
        guard case .retry = episode.step(text: "[x]") else { Issue.record("second invalid move must be a retry"); return }
        guard case .played(4) = episode.step(text: "[4]") else { Issue.record("a valid move must be played"); return }
        // A new turn: seat 1 gets its own two retries.
        #expect(episode.invalidAttemptsThisTurn == 0)
        guard case .retry = episode.step(index: 4) else { Issue.record("occupied index must be a retry"); return }
        guard case .retry = episode.step(index: 99) else { Issue.record("out-of-range index must be a retry"); return }
        guard case .forfeited = episode.step(index: 4) else { Issue.record("third invalid move must forfeit"); return }
        #expect(episode.returns == [1, -1])
        #expect(episode.invalidMoveCounts == [2, 3])
    }

    @Test func aRestartedEpisodeIsTheFreshEpisodeOfThatSeedAndIndex() throws {
        // A Kuhn episode that forfeited after an invalid move, restarted as episode 7 of seed 5:
        // it must deal, count and play exactly as a newly made episode 7 does.
        var reused = Episode(KuhnPoker(), seed: 3, index: 1, invalidMovePolicy: InvalidMovePolicy(retries: 1))
        _ = reused.step(text: "nonsense")
        _ = reused.step(text: "nonsense")
        #expect(reused.forfeit != nil)
        reused.restart(seed: 5, index: 7)
        var fresh = Episode(KuhnPoker(), seed: 5, index: 7, invalidMovePolicy: InvalidMovePolicy(retries: 1))
        #expect(reused.state == fresh.state)
        #expect(reused.rng == fresh.rng)
        #expect(reused.forfeit == nil)
        #expect(reused.invalidMoveCounts == [0, 0])
        #expect(reused.invalidAttemptsThisTurn == 0)
        #expect(reused.length == fresh.length)
        // And the play that follows matches move for move.
        for move in ["[bet]", "[call]"] {
            _ = reused.step(text: move)
            _ = fresh.step(text: move)
        }
        #expect(reused.state == fresh.state)
        #expect(reused.returns == fresh.returns)
    }

    @Test func policiesAreNamed() throws {
        #expect(InvalidMovePolicy(named: "zero_sum") == .zeroSum)
        #expect(InvalidMovePolicy(named: "spiral") == .spiralTraining)
        #expect(InvalidMovePolicy(named: "spiral+3")?.retries == 3)
        #expect(InvalidMovePolicy(named: "lenient") == nil)
        #expect(InvalidMovePolicy.zeroSum.forfeitReturn(seat: 1, offender: 0, seatCount: 3) == 0.5)
    }

    @Test func textArenasPolicyIsOneRetryThenMinusOneForTheOffenderAndZeroForTheOthers() throws {
        // TextArena 0.6.4's State.set_invalid_move (error_allowance 1).
        #expect(InvalidMovePolicy(named: "textarena") == InvalidMovePolicy(retries: 1, offenderReturn: -1, othersReturn: 0))
        #expect(InvalidMovePolicy(named: "textarena") == .textArena)
        #expect(InvalidMovePolicy(named: "textarena+0")?.retries == 0)
        #expect(InvalidMovePolicy.textArena.forfeitReturn(seat: 1, offender: 0, seatCount: 2) == 0)
        #expect(InvalidMovePolicy.acceptedNames.contains("textarena"))
    }
}

@Suite("Episode random numbers")
struct EpisodeRNGTests {
    @Test func streamsDependOnSeedAndEpisode() throws {
        var a = EpisodeRNG(seed: 1, episode: 0)
        var b = EpisodeRNG(seed: 1, episode: 0)
        var c = EpisodeRNG(seed: 1, episode: 1)
        var d = EpisodeRNG(seed: 2, episode: 0)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
        #expect(first != (0..<4).map { _ in d.next() })
    }

    @Test func indicesAreUniformEnough() throws {
        var rng = EpisodeRNG(seed: 42)
        var counts = [Int](repeating: 0, count: 9)
        for _ in 0..<90_000 { counts[rng.index(below: 9)] += 1 }
        // 10,000 expected per bucket; 5 standard deviations is about 475.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
    }

    @Test func takeKeepsTheOtherStateOnlyWhenAsked() {
        let start = EpisodeRNG(seed: 4, episode: 2)
        var ahead = start
        _ = ahead.next()
        var kept = start
        kept.take(ahead, if: false)
        #expect(kept == start)
        var taken = start
        taken.take(ahead, if: true)
        #expect(taken == ahead)
        #expect(taken.next() == ahead.next())
    }

    @Test func samplingFollowsTheProbabilities() throws {
        var rng = EpisodeRNG(seed: 8)
        let outcomes = [ChanceOutcome(0, probability: 0.25), ChanceOutcome(1, probability: 0.75)]
        let ones = (0..<40_000).filter { _ in rng.sample(outcomes) == 1 }.count
        #expect(abs(ones - 30_000) < 500)  // sd about 87
    }
}

@Suite("Reading LLM replies")
struct TextCommandsTests {
    @Test func theLastBoxedAnswerIsTaken() throws {
        #expect(TextCommands.lastBoxed("a \\boxed{1} then \\boxed{call}") == "call")
        #expect(TextCommands.lastBoxed("\\boxed{\\frac{1}{2}}") == "\\frac{1}{2}")
        #expect(TextCommands.lastBoxed("no box") == nil)
        #expect(TextCommands.lastBoxed("\\boxed{ok} \\boxed{unclosed") == "ok")
    }

    @Test func boxedAnswersBecomeBracketedActions() throws {
        #expect(TextCommands.boxedAnswerAsAction("so \\boxed{4}") == "[4]")
        #expect(TextCommands.boxedAnswerAsAction("so \\boxed{[bet]}") == "[bet]")
        #expect(TextCommands.boxedAnswerAsAction("so [4]") == nil)
    }

    @Test func bracketedCommandsAreFoundInOrder() throws {
        #expect(TextCommands.bracketed("[a] x [b c] [") == ["a", "b c"])
    }
}

@Suite("Forfeits in team games")
struct TeamForfeitTests {
    @Test func theOffendersWholeTeamLosesAndTheTotalsCancel() throws {
        var episode = Episode(Werewolf(), seed: 4)
        guard case .seat(let offender) = episode.currentPlayer else {
            Issue.record("a werewolf episode must start at a decision after the deal")
            return
        }
        guard case .forfeited = episode.step(index: -1) else {
            Issue.record("an invalid index must forfeit with no retries")
            return
        }
        let game = Werewolf()
        let team = { (seat: Int) in game.team(ofRole: game.role(of: seat, in: episode.state)) }
        let mates = (0..<game.seatCount).filter { team($0) == team(offender) }
        #expect(abs(mates.reduce(0) { $0 + episode.returns(seat: $1) } + 1) < 1e-12)
        #expect(abs(episode.returns.reduce(0, +)) < 1e-12)
        for seat in mates { #expect(episode.returns(seat: seat) == -1 / Double(mates.count)) }
    }
}
