import Games

/// The floor under a game's random-playout speed: the same uniform random play written as a
/// C programmer would write it for that one game, with no engine around it (no per-episode
/// generator, no results kept, no generic rules). `games bench` times it in every round beside
/// the engine, so that the engine's gap to it is printed in every run.
///
/// Each loop makes the draws the rules need (one per dealt card, one per decision) from
/// xoshiro256**, the generator the engine uses, and nothing else: from one stream, or (the
/// seeded floor) from a generator per episode seeded as the engine seeds it, which splits the
/// gap into the seeding's share and the rest.
struct PlayoutFloor {
    /// Plays `episodes` episodes from one generator stream; returns the decisions made and a
    /// checksum of the outcomes (kept so that the optimiser cannot drop the work).
    let play: (_ episodes: Int, _ rng: inout EpisodeRNG) -> (steps: Int, checksum: Int)
    /// Plays episodes `episodes` of a run seeded with `seed`, each from its own generator seeded
    /// as the engine seeds it (`EpisodeRNG(seed:episode:)`): the floor of an engine whose
    /// episodes replay alike on any number of threads, which a single stream cannot give.
    let playSeeded: (_ episodes: Range<Int>, _ seed: UInt64) -> (steps: Int, checksum: Int)
    /// How the loop plays, for the report.
    let summary: String

    /// The floor of a game string, when one is written for it: the default TicTacToe and the
    /// default (two-player, one-hand) Kuhn Poker.
    static func named(_ gameString: String) -> PlayoutFloor? {
        switch gameString {
        case "tic_tac_toe":
            return PlayoutFloor(
                play: { episodes, rng in TicTacToeFloor.withLoop { $0.play(episodes, rng: &rng) } },
                playSeeded: { episodes, seed in TicTacToeFloor.withLoop { $0.playSeeded(episodes, seed: seed) } },
                summary: "bitboards, a list of empty cells, a draw per move, a 512-entry table of three in a row")
        case "kuhn_poker":
            var loop = KuhnPokerFloor()
            return PlayoutFloor(
                play: { episodes, rng in loop.play(episodes, rng: &rng) },
                playSeeded: { episodes, seed in loop.playSeeded(episodes, seed: seed) },
                summary: "a state machine, a draw per dealt card and per decision")
        default:
            return nil
        }
    }
}

/// One game's floor: a whole random episode, with the draws its rules need and nothing else.
protocol FloorEpisode {
    /// Plays one episode; returns its decisions and a number that sums up its outcome.
    mutating func playEpisode(_ rng: inout EpisodeRNG) -> (steps: Int, outcome: Int)
}

extension FloorEpisode {
    /// Episodes drawn one after another from `rng`.
    mutating func play(_ episodes: Int, rng: inout EpisodeRNG) -> (steps: Int, checksum: Int) {
        var steps = 0
        var checksum = 0
        for _ in 0..<episodes {
            let played = playEpisode(&rng)
            steps &+= played.steps
            checksum &+= played.outcome
        }
        return (steps, checksum)
    }

    /// Episodes each drawn from its own generator, seeded from (`seed`, episode index).
    mutating func playSeeded(_ episodes: Range<Int>, seed: UInt64) -> (steps: Int, checksum: Int) {
        var steps = 0
        var checksum = 0
        for episode in episodes {
            var rng = EpisodeRNG(seed: seed, episode: UInt64(truncatingIfNeeded: episode))
            let played = playEpisode(&rng)
            steps &+= played.steps
            checksum &+= played.outcome
        }
        return (steps, checksum)
    }
}

/// Random TicTacToe on two 9-bit boards, the empty cells in a list that a move shrinks by
/// moving the last one into its place.
struct TicTacToeFloor: FloorEpisode {
    let wins: UnsafeBufferPointer<Bool>
    let empty: UnsafeMutablePointer<UInt32>

    /// Runs `body` with a loop whose storage lives as long as the call.
    static func withLoop<Result>(_ body: (inout TicTacToeFloor) -> Result) -> Result {
        let empty = UnsafeMutablePointer<UInt32>.allocate(capacity: 9)
        defer { empty.deallocate() }
        return winningBoards.withUnsafeBufferPointer { wins in
            var loop = TicTacToeFloor(wins: wins, empty: empty)
            return body(&loop)
        }
    }

    @inline(__always)
    mutating func playEpisode(_ rng: inout EpisodeRNG) -> (steps: Int, outcome: Int) {
        for cell in 0..<9 { empty[cell] = UInt32(cell) }
        var boards: (UInt32, UInt32) = (0, 0)
        var left = 9
        var steps = 0
        while left > 0 {
            let drawn = rng.index(below: left)
            let bit = UInt32(1) &<< empty[drawn]
            left &-= 1
            empty[drawn] = empty[left]
            steps &+= 1
            // Crosses move when an odd number of cells is left.
            if left & 1 == 0 {
                boards.0 |= bit
                if wins[Int(boards.0)] { return (steps, 1) }
            } else {
                boards.1 |= bit
                if wins[Int(boards.1)] { return (steps, 2) }
            }
        }
        return (steps, 0)
    }

    /// Every 9-bit board, true where it holds three in a row.
    static let winningBoards: [Bool] = (0..<512).map { board in
        [0b000_000_111, 0b000_111_000, 0b111_000_000, 0b001_001_001, 0b010_010_010, 0b100_100_100, 0b100_010_001, 0b001_010_100]
            .contains { board & $0 == $0 }
    }
}

/// Two-player Kuhn Poker: deal two of three cards, then check/bet, call/fold. The outcome is
/// seat 0's chips won.
struct KuhnPokerFloor: FloorEpisode {
    @inline(__always)
    mutating func playEpisode(_ rng: inout EpisodeRNG) -> (steps: Int, outcome: Int) {
        let first = rng.index(below: 3)
        var second = rng.index(below: 2)
        if second >= first { second &+= 1 }
        let showdown = first > second ? 1 : -1
        // Bet 1 or 2 each, or a fold.
        if rng.index(below: 2) == 0 {  // seat 0 checks
            if rng.index(below: 2) == 0 { return (2, showdown) }  // seat 1 checks: showdown for 1
            // Seat 1 bets; seat 0 folds or calls.
            return (3, rng.index(below: 2) == 0 ? -1 : 2 * showdown)
        }
        // Seat 0 bets; seat 1 folds or calls.
        return (2, rng.index(below: 2) == 0 ? 1 : 2 * showdown)
    }
}
