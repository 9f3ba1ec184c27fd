import GameScenarios
import Games
import PropertyBased
import Testing

@Suite("LegalPlay: plays decoded from choices, and how they shrink")
struct LegalPlayTests {
    @Test func choicesPickLegalActionsInIndexOrder() {
        // Empty cells in order: 0 takes cell 0; then 3 of cells 1-8 is cell 4; 20 wraps to 20 % 7 = 6, cell 8.
        let play = LegalPlay(TicTacToe(), choices: [0, 3, 20])
        #expect(play.actions == [0, 4, 8])
        #expect(play.choices == [0, 3, 6])
        #expect(play.moveTexts == ["[0]", "[4]", "[8]"])
        #expect(play.states.count == 4)
        #expect(!play.isTerminal)
        #expect(play.description == "tic_tac_toe: [0] [4] [8] (choices [0, 3, 6])")
    }

    @Test func choicesAtChanceNodesPickOutcomes() {
        let play = LegalPlay(KuhnPoker(), choices: [2, 0, 1, 1])
        #expect(play.moveTexts == ["[deal K]", "[deal J]", "[bet]", "[call]"])
        #expect(play.isTerminal)
        #expect(play.game.returns(play.finalState) == [2, -2])
    }

    @Test func aPlayStopsAtTheEndOfTheEpisode() {
        // The top row wins after five moves: later choices are dropped.
        let play = LegalPlay(TicTacToe(), choices: [0, 2, 0, 2, 0, 5, 5])
        #expect(play.moveTexts == ["[0]", "[3]", "[1]", "[5]", "[2]"])
        #expect(play.isTerminal)
        #expect(play.choices.count == 5)
    }

    @Test func aWholeEpisodeGoesOnWithTheFirstLegalAction() {
        let play = LegalPlay(TicTacToe(), choices: [4], ending: .wholeEpisode)
        // Then every move takes the lowest empty cell, to a full board and a draw.
        #expect(play.moveTexts == ["[4]", "[0]", "[1]", "[2]", "[3]", "[5]", "[6]", "[7]", "[8]"])
        #expect(play.isTerminal)
        #expect(play.game.returns(play.finalState) == [0, 0])
        // Trailing zeros are what this ending implies, so they are not kept.
        #expect(LegalPlay(TicTacToe(), choices: [4, 0, 0], ending: .wholeEpisode).choices == [4])
        #expect(LegalPlay(TicTacToe(), choices: [], ending: .wholeEpisode).moveTexts.count == 7)  // x wins on 0, 2, 4, 6
    }

    @Test func shrinkCandidatesRemoveChunksThenLowerChoices() {
        let play = LegalPlay(TicTacToe(), choices: [1, 2, 3, 0])
        let candidates = LegalPlayShrinks(play).map(\.choices)
        // Most shrunk first: everything removed, then halves, then single choices.
        #expect(Array(candidates.prefix(3)) == [[], [3, 0], [1, 2]])
        #expect(candidates.contains([1, 2, 0, 0]))  // the third choice lowered to 0
        #expect(candidates.contains([1, 1, 3, 0]))  // the second lowered by one
        #expect(!candidates.contains(play.choices))
    }

    @Test func everyShrinkCandidateIsALegalPlayThatIsSmaller() async {
        await propertyCheck(count: 30, input: Gen.legalPlay(of: KuhnPoker())) { play in
            for candidate in LegalPlayShrinks(play) {
                let smaller =
                    candidate.choices.count < play.choices.count
                    || (candidate.choices.count == play.choices.count && candidate.choices.reduce(0, +) < play.choices.reduce(0, +))
                #expect(smaller, "\(candidate) is not smaller than \(play)")
                #expect(throws: Never.self) { try play.game.replay(candidate.actions) }
            }
        }
    }

    @Test func generatedPlaysAreWholeLegalEpisodes() async {
        await propertyCheck(count: 30, input: Gen.legalPlay(of: Werewolf())) { play in
            #expect(play.isTerminal)
            #expect(throws: Never.self) { try play.game.replay(play.actions) }
            #expect(LegalPlay(play.game, choices: play.choices).actions == play.actions)
        }
    }
}
