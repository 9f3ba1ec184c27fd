import Games
import Testing

// Bad moves: what the acting seat is told when its reply or index cannot be played. These
// are the errors `Episode` (and so `games play` and the bridge's `invalid_reasons`) report.

extension Scenario {
    /// Expects the acting seat's reply `move` to be rejected by the game's parser, and
    /// returns the error (nil when the move was not rejected; the issue is then recorded).
    ///
    /// - Parameter fragment: text the error must contain (its reason or the accepted moves),
    ///   e.g. `"already taken"`.
    @discardableResult
    public func expectRejected(
        _ move: String, because fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) -> ActionParseError? {
        guard !hasFailed else { return nil }
        guard case .seat = currentPlayer else {
            fail("expected '\(move)' to be rejected, but no seat acts (\(Self.describe(currentPlayer)))", at: sourceLocation)
            return nil
        }
        switch game.parseAction(move, in: state) {
        case .success(let action) where isLegal(action):
            fail("expected '\(move)' to be rejected, but it plays \(game.actionText(action, in: state))", at: sourceLocation)
            return nil
        case .success(let action):
            fail("expected '\(move)' to be rejected, but the parser reads it as \(action), an illegal action the game would play", at: sourceLocation)
            return nil
        case .failure(let error):
            expect(error, contains: fragment, for: "'\(move)'", at: sourceLocation)
            return error
        }
    }

    /// Expects the acting seat's action index `index` to be rejected, and returns the error
    /// (nil when it was not rejected; the issue is then recorded).
    ///
    /// - Parameter fragment: text the error must contain, e.g. `"not legal now"`.
    @discardableResult
    public func expectRejected(
        index: Int, because fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) -> ActionParseError? {
        guard !hasFailed else { return nil }
        guard case .seat = currentPlayer else {
            fail("expected index \(index) to be rejected, but no seat acts (\(Self.describe(currentPlayer)))", at: sourceLocation)
            return nil
        }
        switch game.legalAction(atIndex: index, in: state) {
        case .success(let action):
            fail("expected index \(index) to be rejected, but it plays \(game.actionText(action, in: state))", at: sourceLocation)
            return nil
        case .failure(let error):
            expect(error, contains: fragment, for: "index \(index)", at: sourceLocation)
            return error
        }
    }

    private func expect(_ error: ActionParseError, contains fragment: String?, for move: String, at sourceLocation: SourceLocation) {
        guard let fragment else { return }
        let text = error.description
        check(text.contains(fragment), "\(move) was rejected, but the error does not contain '\(fragment)': \(text)", at: sourceLocation)
    }
}
