import Games
import PropertyBased

extension Gen {
    /// Random legal play of `game` for `propertyCheck`: each value is a whole random episode
    /// (see `LegalPlay`), and a failing one shrinks toward fewer, lower choices.
    ///
    /// ```swift
    /// @Test func returnsAreZeroSum() async {
    ///     await propertyCheck(input: Gen.legalPlay(of: TicTacToe(), ending: .wholeEpisode)) { play in
    ///         play.expectZeroSumReturns()
    ///     }
    /// }
    /// ```
    ///
    /// - Parameter ending: how a shrunk play whose choices run out ends; `.whereChoicesEnd`
    ///   lets shrinking cut the play short, `.wholeEpisode` keeps every play a whole episode.
    public static func legalPlay<G: Game>(
        of game: G, ending: LegalPlay<G>.Ending = .whereChoicesEnd
    ) -> Generator<LegalPlay<G>, LegalPlayShrinks<G>> where Value == LegalPlay<G> {
        Generator(
            run: { rng in LegalPlay(randomEpisodeOf: game, ending: ending, using: &rng) },
            shrink: { play in LegalPlayShrinks(play) }
        )
    }
}

/// The smaller plays a failing `LegalPlay` shrinks to, most shrunk first: the play with
/// chunks of its choices removed (halves, then quarters, ... then single choices), then with
/// single choices lowered (to 0, to half, by one).
///
/// Every candidate is replayed, so it is a legal play of the game. Each has fewer choices than
/// the play, or at most as many with a smaller sum (a choice replayed where it has fewer
/// options wraps to a smaller one), so shrinking always ends.
public struct LegalPlayShrinks<G: Game>: Sequence, Sendable {
    let play: LegalPlay<G>

    /// The candidates `play` shrinks to.
    public init(_ play: LegalPlay<G>) {
        self.play = play
    }

    /// Iterates over the candidates, replaying each only when it is asked for.
    public func makeIterator() -> Iterator {
        Iterator(play: play, choiceLists: Self.candidateChoices(play.choices).makeIterator())
    }

    /// Produces the candidates one at a time, so shrinking stops replaying at the first that
    /// still fails.
    public struct Iterator: IteratorProtocol {
        let play: LegalPlay<G>
        var choiceLists: [[Int]].Iterator

        /// The next candidate, or nil when none is left.
        public mutating func next() -> LegalPlay<G>? {
            while let choices = choiceLists.next() {
                let candidate = LegalPlay(play.game, choices: choices, ending: play.ending)
                if candidate.choices != play.choices { return candidate }
            }
            return nil
        }
    }

    /// The choice lists to try, most shrunk first.
    static func candidateChoices(_ choices: [Int]) -> [[Int]] {
        var candidates: [[Int]] = []
        var chunk = choices.count
        while chunk > 0 {
            for start in stride(from: 0, to: choices.count, by: chunk) {
                var shorter = choices
                shorter.removeSubrange(start..<Swift.min(start + chunk, choices.count))
                candidates.append(shorter)
            }
            chunk /= 2
        }
        for (position, choice) in choices.enumerated() where choice > 0 {
            for lower in Set([0, choice / 2, choice - 1]).sorted() {
                var lowered = choices
                lowered[position] = lower
                candidates.append(lowered)
            }
        }
        return candidates
    }
}
