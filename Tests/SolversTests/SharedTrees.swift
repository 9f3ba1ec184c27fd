import Games
import Solvers

/// Trees several tests read, built once per test run (TicTacToe's 549,946 nodes take a few
/// seconds in a debug build).
enum SharedTrees {
    static let ticTacToe = try? GameTree(TicTacToe())
}
