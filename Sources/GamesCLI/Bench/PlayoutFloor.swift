import Games

/// The floor under a game's random-playout speed: the same uniform random play written as a
/// C programmer would write it for that one game, with no engine around it (no per-episode
/// generator, no results kept, no generic rules). `games bench` times it in every round beside
/// the engine, so that the engine's gap to it is printed in every run.
///
/// Each loop makes the draws the rules need (one per dealt card, one per decision) from one
/// xoshiro256** stream, the generator the engine uses, and nothing else.
struct PlayoutFloor {
    /// Plays `episodes` episodes; returns the decisions made and a checksum of the outcomes
    /// (kept so that the optimiser cannot drop the work).
    let play: (_ episodes: Int, _ rng: inout EpisodeRNG) -> (steps: Int, checksum: Int)
    /// How the loop plays, for the report.
    let summary: String

    /// The floor of a game string, when one is written for it: the default TicTacToe and the
    /// default (two-player, one-hand) Kuhn Poker.
    static func named(_ gameString: String) -> PlayoutFloor? {
        switch gameString {
        case "tic_tac_toe":
            return PlayoutFloor(play: ticTacToe, summary: "bitboards, a list of empty cells, a draw per move, a 512-entry table of three in a row")
        case "kuhn_poker":
            return PlayoutFloor(play: kuhnPoker, summary: "a state machine, a draw per dealt card and per decision")
        default:
            return nil
        }
    }

    /// Random TicTacToe on two 9-bit boards, the empty cells in a list that a move
    /// shrinks by moving the last one into its place.
    static func ticTacToe(episodes: Int, rng: inout EpisodeRNG) -> (steps: Int, checksum: Int) {
        let wins = winningBoards
        let empty = UnsafeMutablePointer<UInt32>.allocate(capacity: 9)
        defer { empty.deallocate() }
        var steps = 0
        var checksum = 0
        wins.withUnsafeBufferPointer { wins in
            for _ in 0..<episodes {
                for cell in 0..<9 { empty[cell] = UInt32(cell) }
                var boards: (UInt32, UInt32) = (0, 0)
                var left = 9
                while left > 0 {
                    let drawn = rng.index(below: left)
                    let bit = UInt32(1) &<< empty[drawn]
                    left &-= 1
                    empty[drawn] = empty[left]
                    steps &+= 1
                    // Crosses move when an odd number of cells is left.
                    if left & 1 == 0 {
                        boards.0 |= bit
                        if wins[Int(boards.0)] { checksum &+= 1; break }
                    } else {
                        boards.1 |= bit
                        if wins[Int(boards.1)] { checksum &+= 2; break }
                    }
                }
            }
        }
        return (steps, checksum)
    }

    /// Every 9-bit board, true where it holds three in a row.
    static let winningBoards: [Bool] = (0..<512).map { board in
        [0b000_000_111, 0b000_111_000, 0b111_000_000, 0b001_001_001, 0b010_010_010, 0b100_100_100, 0b100_010_001, 0b001_010_100]
            .contains { board & $0 == $0 }
    }

    /// Two-player Kuhn Poker: deal two of three cards, then check/bet, call/fold.
    static func kuhnPoker(episodes: Int, rng: inout EpisodeRNG) -> (steps: Int, checksum: Int) {
        var steps = 0
        var checksum = 0
        for _ in 0..<episodes {
            let first = rng.index(below: 3)
            var second = rng.index(below: 2)
            if second >= first { second &+= 1 }
            let showdown = first > second ? 1 : -1
            // Seat 0's chips won: bet 1 or 2 each, or a fold.
            let payoff: Int
            if rng.index(below: 2) == 0 {  // seat 0 checks
                if rng.index(below: 2) == 0 {  // seat 1 checks: showdown for 1
                    payoff = showdown
                    steps &+= 2
                } else {  // seat 1 bets; seat 0 folds or calls
                    payoff = rng.index(below: 2) == 0 ? -1 : 2 * showdown
                    steps &+= 3
                }
            } else {  // seat 0 bets; seat 1 folds or calls
                payoff = rng.index(below: 2) == 0 ? 1 : 2 * showdown
                steps &+= 2
            }
            checksum &+= payoff
        }
        return (steps, checksum)
    }
}
