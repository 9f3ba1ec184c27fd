import GameScenarios
import Games
import PropertyBased
import Testing

/// A property test finds `BonusNim`'s bug in random play and shrinks the failing play to the
/// shortest one that shows it: three takes of 1 (the bonus starts at the fourth move), then a
/// take of 3. Whatever random play fails first, that is the only play the shrinker can end on.
@Suite("Random legal play catches a broken rule and shrinks it")
struct BrokenGameShrinkingTests {
    @Test(.shrinking) func aBrokenBonusRuleShrinksToFourMoves() async {
        var shrunk: LegalPlay<BonusNim>?
        await withKnownIssue("BonusNim is broken on purpose") {
            await propertyCheck(input: Gen.legalPlay(of: BonusNim())) { play in
                // The last failing play the property sees is the one it reports: the shrunk one.
                if !play.expectZeroSumReturns() { shrunk = play }
            }
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined(separator: "\n")
            // The failed expectation, then PropertyBased's report of the input.
            return text.contains("after [take 1] [take 1] [take 1] [take 3]: returns [0.0, 1.0] sum to 1.0")
                || (text.contains("Failure occured with input bonus_nim: [take 1] [take 1] [take 1] [take 3] (choices [0, 0, 0, 2])")
                    && text.contains("shrunk down from"))
        }
        #expect(shrunk?.moveTexts == ["[take 1]", "[take 1]", "[take 1]", "[take 3]"])
        #expect(shrunk?.choices == [0, 0, 0, 2])
    }

    @Test func theBugShowsFromTheFourthMoveOn() {
        // A take of 3 as the first move earns no bonus, and the returns stay zero-sum.
        #expect(BonusNim().returns(LegalPlay(BonusNim(), choices: [2]).finalState) == [0, 0])
        // As the fourth move it earns seat 1 a chip that seat 0 is never charged.
        #expect(BonusNim().returns(LegalPlay(BonusNim(), choices: [0, 0, 0, 2]).finalState) == [0, 1])
    }
}
