import Games
import Testing

// What a rule says about a position: who acts, what is legal, what each seat sees, what
// the episode pays. Each expectation records one issue at the caller's line when it fails.

extension Scenario {
    /// Expects `seat` to act now.
    public func expectActing(seat: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        check(currentPlayer == .seat(seat), "expected seat \(seat) to act, but \(Self.describe(currentPlayer))", at: sourceLocation)
    }

    /// Expects a chance node (a deal, a draw) to come next.
    public func expectChanceNode(sourceLocation: SourceLocation = #_sourceLocation) {
        check(currentPlayer == .chance, "expected a chance node, but \(Self.describe(currentPlayer))", at: sourceLocation)
    }

    /// Expects the episode to be over.
    public func expectTerminal(sourceLocation: SourceLocation = #_sourceLocation) {
        check(isTerminal, "expected the episode to be over, but \(Self.describe(currentPlayer))", at: sourceLocation)
    }

    /// Expects the episode to go on.
    public func expectNotTerminal(sourceLocation: SourceLocation = #_sourceLocation) {
        check(!isTerminal, "expected the episode to go on, but it is over (returns \(returns))", at: sourceLocation)
    }

    /// Expects every seat's return so far (the final outcome at a terminal state).
    ///
    /// - Parameter tolerance: the largest difference per seat that still counts as equal.
    public func expectReturns(_ expected: [Double], tolerance: Double = 1e-9, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = returns
        let equal = actual.count == expected.count && zip(actual, expected).allSatisfy { abs($0 - $1) <= tolerance }
        check(equal, "expected returns \(expected), got \(actual)", at: sourceLocation)
    }

    /// Expects `seat` to hold the role named `role` (one of the game's `roleNames`).
    public func expectRole(seat: Int, _ role: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard isSeat(seat, at: sourceLocation) else { return }
        let actual = game.roleName(of: seat, in: state)
        check(actual == role, "expected seat \(seat) to be \(role), but it is \(actual)", at: sourceLocation)
    }

    // MARK: - Legal moves

    /// Expects exactly these legal action strings, in index order.
    public func expectLegalMoves(_ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = legalMoves
        check(actual == expected, "expected legal moves \(expected), got \(actual)", at: sourceLocation)
    }

    /// Expects exactly these legal action indices, in order.
    public func expectLegalIndices(_ expected: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = legalIndices
        check(actual == expected, "expected legal indices \(expected), got \(actual)", at: sourceLocation)
    }

    /// Expects each of `moves` to be the action string of a legal action (exactly as the text
    /// face writes it).
    public func expectLegal(_ moves: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        let legal = legalMoves
        for move in moves {
            check(legal.contains(move), "expected '\(move)' to be legal; the legal moves are \(legal)", at: sourceLocation)
        }
    }

    /// Expects each of `indices` to be the index of a legal action.
    public func expectLegal(indices: Int..., sourceLocation: SourceLocation = #_sourceLocation) {
        let legal = legalIndices
        for index in indices {
            check(legal.contains(index), "expected index \(index) to be legal; the legal indices are \(legal)", at: sourceLocation)
        }
    }

    /// Expects none of `moves` to be playable: the parser rejects each, or reads it as an
    /// action that is not legal.
    public func expectIllegal(_ moves: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        for move in moves {
            if case .success(let action) = resolve(move) {
                check(false, "expected '\(move)' to be illegal, but it plays \(game.actionText(action, in: state))", at: sourceLocation)
            }
        }
    }

    /// Expects none of `indices` to be the index of a legal action.
    public func expectIllegal(indices: Int..., sourceLocation: SourceLocation = #_sourceLocation) {
        let legal = legalIndices
        for index in indices {
            check(!legal.contains(index), "expected index \(index) to be illegal, but it is legal", at: sourceLocation)
        }
    }

    // MARK: - What a seat sees

    /// Expects `seat`'s prompt to contain every one of `fragments`.
    public func expectObservationText(seat: Int, contains fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        guard isSeat(seat, at: sourceLocation) else { return }
        let text = observationText(seat: seat)
        for fragment in fragments {
            check(text.contains(fragment), "expected seat \(seat)'s prompt to contain '\(fragment)'; it is:\n\(text)", at: sourceLocation)
        }
    }

    /// Expects `seat`'s prompt to contain none of `fragments` (hidden information stays hidden).
    public func expectObservationText(seat: Int, excludes fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        guard isSeat(seat, at: sourceLocation) else { return }
        let text = observationText(seat: seat)
        for fragment in fragments {
            check(!text.contains(fragment), "expected seat \(seat)'s prompt not to contain '\(fragment)'; it is:\n\(text)", at: sourceLocation)
        }
    }

    /// Expects `seat`'s whole observation tensor.
    public func expectObservation(seat: Int, equals expected: [Float], sourceLocation: SourceLocation = #_sourceLocation) {
        guard isSeat(seat, at: sourceLocation) else { return }
        let actual = observation(seat: seat)
        check(actual == expected, "expected seat \(seat)'s observation \(expected), got \(actual)", at: sourceLocation)
    }

    /// Expects `seat`'s observation tensor to be non-zero exactly at `indices` (flat,
    /// row-major): a readable check of one-hot encodings.
    public func expectObservation(seat: Int, nonzeroAt indices: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
        guard isSeat(seat, at: sourceLocation) else { return }
        let tensor = observation(seat: seat)
        let actual = tensor.indices.filter { tensor[$0] != 0 }
        check(
            actual == indices.sorted(), "expected seat \(seat)'s observation to be non-zero at \(indices.sorted()), but it is at \(actual)",
            at: sourceLocation)
    }

    /// Whether `seat` is a seat of the game; records an issue when it is not (games trap on
    /// views of seats they do not have).
    func isSeat(_ seat: Int, at sourceLocation: SourceLocation) -> Bool {
        guard (0..<game.seatCount).contains(seat) else {
            check(false, "seat \(seat) is outside 0..<\(game.seatCount)", at: sourceLocation)
            return false
        }
        return true
    }
}
