import Games
import Testing

@testable import Bridge

@Suite("Vector footprints")
struct FootprintTests {
    /// Game strings whose states keep heap: every catalog game, and variants that make the
    /// heap grow (long Werewolf games, Kuhn matches).
    static let games = [
        "tic_tac_toe", "kuhn_poker", "kuhn_poker(rounds=5)", "kuhn_poker(players=4)", "negotiation",
        "negotiation(preset=textarena)", "werewolf", "werewolf(preset=secret_mafia)", "werewolf(players=15,max_days=20,discussion_rounds=3)",
    ]

    /// Random play, every state: what a state holds on the heap stays within the bound the
    /// footprint estimate uses.
    @Test(arguments: games) func noStateHoldsMoreHeapThanItsGamesBound(_ game: String) throws {
        struct Check: GameVisitor {
            func visit<G: Game>(_ game: G) throws -> (largest: Int, bound: Int) {
                let bound = StateFootprint.maxHeapBytes(game)
                let legal = game.makeActionBuffer()
                var largest = 0
                for index in 0..<20 {
                    var episode = Episode(game, seed: 99, index: UInt64(index))
                    var rng = EpisodeRNG(seed: 7, episode: UInt64(index))
                    largest = max(largest, StateFootprint.heapBytes(game, episode.state))
                    while case .seat = episode.currentPlayer {
                        game.legalActions(episode.state, into: legal)
                        _ = episode.play(legal[rng.index(below: legal.count)])
                        largest = max(largest, StateFootprint.heapBytes(game, episode.state))
                    }
                }
                return (largest, bound)
            }
        }
        let (largest, bound) = try GameCatalog.visit(game, with: Check())
        #expect(largest <= bound, "\(game): a state held \(largest) heap bytes, over the bound \(bound)")
    }

    @Test func aPromptCacheNeverHoldsMoreThanItsByteLimit() throws {
        let game = Werewolf()
        let cache = TextFaceCache<Werewolf>(byteLimit: 256 << 10)
        let legal = game.makeActionBuffer()
        var largest = 0
        for index in 0..<20 {
            var episode = Episode(game, seed: 3, index: UInt64(index))
            var rng = EpisodeRNG(seed: 4, episode: UInt64(index))
            while case .seat(let seat) = episode.currentPlayer {
                _ = cache.face(game, episode.state, seat: seat, scratch: legal)
                largest = max(largest, cache.heldBytes)
                game.legalActions(episode.state, into: legal)
                _ = episode.play(legal[rng.index(below: legal.count)])
            }
        }
        #expect(largest > 128 << 10, "the test should fill the cache")
        #expect(largest <= 256 << 10)
    }

    /// The byte limit leaves room for a small game's every position (TicTacToe's 5478).
    @Test func everyTicTacToePositionFitsTheSmallestCache() {
        let game = TicTacToe()
        let cache = TextFaceCache<TicTacToe>(byteLimit: TextFaceCache<TicTacToe>.byteLimit(batchSize: 1))
        let legal = game.makeActionBuffer()
        var positions = 0
        func visit(_ state: TicTacToe.State) {
            guard case .seat(let seat) = game.currentPlayer(state) else { return }
            positions += 1
            _ = cache.face(game, state, seat: seat, scratch: legal)
            for action in game.legalActions(state) {
                var next = state
                game.apply(action, to: &next)
                visit(next)
            }
        }
        visit(game.initialState())
        #expect(positions > 5478)  // histories, not positions: the cache sees each position many times
        #expect(cache.heldBytes > 0)
        #expect(cache.heldBytes <= cache.byteLimit)
        // Not emptied on the way: the last position asked for is still a hit at no cost.
        let before = cache.heldBytes
        _ = cache.face(game, game.initialState(), seat: 0, scratch: legal)
        #expect(cache.heldBytes == before)
    }

    @Test func theEstimateGrowsWithWhatAVectorKeeps() throws {
        func estimate(_ configure: (inout WireMakeRequest) -> Void) throws -> Int {
            var request = WireMakeRequest()
            request.game = "werewolf"
            request.batchSize = 1024
            configure(&request)
            return VectorFootprint(game: Werewolf(), options: try VectorOptions(request), textSizes: nil).totalBytes
        }
        let plain = try estimate { _ in }
        let recorded = try estimate { $0.trajectories = WireTrajectoryOptions.with { $0.enabled = true } }
        let retried = try estimate {
            $0.trajectories = WireTrajectoryOptions.with { $0.enabled = true }
            $0.invalidMovePolicy = "zero_sum+3"
        }
        let doubled = try estimate { $0.batchSize = 2048 }
        #expect(plain < recorded && recorded < retried)
        #expect(doubled > plain + plain / 2)
    }
}
