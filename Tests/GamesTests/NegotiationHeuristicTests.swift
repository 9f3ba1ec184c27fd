import Games
import Testing

@Suite("The value-greedy Negotiation heuristic")
struct NegotiationHeuristicTests {
    let heuristic = NegotiationHeuristic()

    /// Plays heuristic against heuristic from a setup drawn with `seed`; checks every action.
    func selfPlay(_ game: Negotiation, seed: UInt64) -> (state: Negotiation.State, start: Negotiation.State, trades: Int) {
        var episode = Episode(game, seed: seed)
        let start = episode.state
        var rng = EpisodeRNG(seed: seed, episode: 1 << 32)
        var trades = 0
        while case .seat(let seat) = episode.currentPlayer {
            let action = heuristic.action(for: seat, in: episode.state, game: game, rng: &rng)
            #expect(game.legalActions(episode.state).contains(action), "illegal \(action)")
            if case .offer(let offer) = action.move {
                #expect(game.valueChange(of: offer, for: seat, asProposer: true, in: episode.state) > 0, "it proposed a losing trade")
            }
            if action == .accept, let pending = episode.state.pendingOffer {
                #expect(game.valueChange(of: pending, for: seat, asProposer: false, in: episode.state) > 0, "it accepted a losing trade")
                trades += 1
            }
            _ = episode.play(action)
        }
        return (episode.state, start, trades)
    }

    @Test(
        "self-play never leaves a player poorer than it started",
        arguments: ["negotiation", "negotiation(preset=textarena)", "negotiation(preset=spiral_v2,turns=20)"])
    func selfPlayNeverLosesValue(gameString: String) throws {
        let game = try Negotiation(parameters: GameCatalog.parameters(of: gameString))
        var trades = 0
        var gainers = 0
        for seed in 0..<200 as Range<UInt64> {
            let result = selfPlay(game, seed: seed)
            trades += result.trades
            for seat in 0..<2 {
                let gain = game.gain(of: seat, in: result.state)
                #expect(game.inventoryValue(of: seat, in: result.state) >= game.inventoryValue(of: seat, in: result.start))
                #expect(gain >= 0)
                if gain > 0 { gainers += 1 }
            }
        }
        // Trades do happen, so the check above is not vacuous.
        #expect(trades > 200)
        #expect(gainers > 200)
    }

    /// For every offer Player 0 can make, Player 1 accepts exactly when the trade raises its value.
    @Test func itAcceptsExactlyTheOffersThatRaiseItsOwnValue() throws {
        for gameString in ["negotiation", "negotiation(preset=textarena)"] {
            let game = try Negotiation(parameters: GameCatalog.parameters(of: gameString))
            let start = Episode(game, seed: 3).state
            var rng = EpisodeRNG(seed: 3)
            var accepted = 0
            var declined = 0
            for action in game.legalActions(start) {
                guard case .offer(let offer) = action.move else { continue }
                let state = game.applying(action, to: start)
                let answer = heuristic.action(for: 1, in: state, game: game, rng: &rng)
                let worth = game.valueChange(of: offer, for: 1, asProposer: false, in: state)
                let canPay = game.canAccept(offer, seat: 1, in: state)
                #expect((answer == .accept) == (worth > 0 && canPay), "\(game.offerText(offer)): worth \(worth), answered \(answer.move)")
                if answer == .accept { accepted += 1 } else { declined += 1 }
            }
            #expect(accepted > 0 && declined > 0)
        }
    }

    @Test func itProposesTheMostGenerousTradeThatStillGains() throws {
        let game = Negotiation()
        var rng = EpisodeRNG(seed: 8)
        let action = heuristic.action(for: 0, in: game.initialState(), game: game, rng: &rng)
        // Player 0 (Wood 5, Gold 15) gains 5 at least, e.g. by 2 Wood -> 1 Gold or 1 Gold -> 4 Wood.
        guard case .offer(let offer) = action.move else {
            Issue.record("it did not offer: \(action)")
            return
        }
        let start = game.initialState()
        #expect(game.valueChange(of: offer, for: 0, asProposer: true, in: start) == 5)
        // No offer it can make gains it something less than 5.
        let gains = game.legalActions(start).compactMap { action -> Int? in
            guard case .offer(let candidate) = action.move else { return nil }
            return game.valueChange(of: candidate, for: 0, asProposer: true, in: start)
        }
        #expect(gains.filter { $0 > 0 }.min() == 5)
    }

    @Test func itPassesOrDeniesWhenNoTradeGains() throws {
        // Equal values and one item a side: no trade raises anyone's value.
        let flat = try Negotiation(["values0": .string("5"), "values1": .string("5"), "max_offer": .int(1)])
        var rng = EpisodeRNG(seed: 1)
        #expect(heuristic.action(for: 0, in: flat.initialState(), game: flat, rng: &rng) == .pass)
        let offered = try play(flat, [offer(1, wood, for: 1, gold)])
        #expect(heuristic.action(for: 1, in: offered, game: flat, rng: &rng) == .deny)
    }

    /// It reads only its own seat's knowledge: the opponent's values do not change its choice.
    @Test func itDoesNotDependOnTheOpponentsValues() throws {
        let game = Negotiation()
        let other = try Negotiation(["values1": .string("1;40")])
        for seed in 0..<20 as Range<UInt64> {
            var first = EpisodeRNG(seed: seed)
            var second = EpisodeRNG(seed: seed)
            var mine = game.initialState()
            var theirs = other.initialState()
            // Player 1 plays the same fixed line in both games; Player 0 is the heuristic.
            let line: [Negotiation.Move] = [.pass, offer(2, gold, for: 1, wood), .pass, offer(1, wood, for: 1, gold), .pass]
            for turn in 0..<10 {
                let action: Negotiation.Action
                if turn % 2 == 0 {
                    action = heuristic.action(for: 0, in: mine, game: game, rng: &first)
                    #expect(heuristic.action(for: 0, in: theirs, game: other, rng: &second) == action)
                } else {
                    let scripted = Negotiation.Action(line[turn / 2])
                    action = game.isLegal(scripted.move, seat: 1, in: mine) ? scripted : .pass
                }
                game.apply(action, to: &mine)
                other.apply(action, to: &theirs)
            }
        }
    }
}
