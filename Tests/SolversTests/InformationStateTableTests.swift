import Games
import Solvers
import Testing

@Suite("Information states with their observation tensors")
struct InformationStateTableTests {
    @Test func kuhnHasTwelveInformationStatesSixPerSeat() throws {
        let table = try InformationStateTable(KuhnPoker())
        #expect(table.game == "kuhn_poker")
        #expect(table.count == 12)
        #expect(table.rows.filter { $0.seat == 0 }.count == 6)
        #expect(table.rows.filter { $0.seat == 1 }.count == 6)
        #expect(table.observationShape == [11])
        #expect(table.roleNames == ["first", "second"])
        #expect(Set(table.rows.map(\.informationState)) == ["0", "1", "2", "0pb", "1pb", "2pb", "0p", "1p", "2p", "0b", "1b", "2b"])
        for row in table.rows {
            #expect(row.legalActions == [KuhnPoker.pass, KuhnPoker.bet])
            #expect(row.role == row.seat)
        }
    }

    /// OpenSpiel's information-state tensor: one-hot seat, one-hot card (J, Q, K), then a
    /// (pass, bet) pair per betting step.
    @Test func kuhnObservationsAreOpenSpielsInformationStateTensors() throws {
        let table = try InformationStateTable(KuhnPoker())
        let kingAfterAPass = try #require(table.rows.first { $0.informationState == "2p" })
        #expect(kingAfterAPass.seat == 1)
        #expect(kingAfterAPass.observation == [0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0])
        let jackFirst = try #require(table.rows.first { $0.informationState == "0" })
        #expect(jackFirst.observation == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        let queenFacingABetAfterPassing = try #require(table.rows.first { $0.informationState == "1pb" })
        #expect(queenFacingABetAfterPassing.seat == 0)
        #expect(queenFacingABetAfterPassing.observation == [1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0])
        let jackFacingABet = try #require(table.rows.first { $0.informationState == "0b" })
        #expect(jackFacingABet.observation == [0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0])
    }

    /// Reads each row's seat, card and betting back from its observation and spells the key
    /// Kuhn writes (`2pb`): every row's tensor belongs to its own key.
    @Test("every Kuhn observation spells its row's key", arguments: [2, 3])
    func everyKuhnObservationSpellsItsKey(players: Int) throws {
        let table = try InformationStateTable(KuhnPoker(["players": .int(players)]))
        for row in table.rows {
            let observation = row.observation
            #expect(observation.count == 6 * players - 1)
            let seats = (0..<players).filter { observation[$0] == 1 }
            let cards = (0...players).filter { observation[players + $0] == 1 }
            let bettingStart = 2 * players + 1
            var betting = ""
            for step in 0..<(observation.count - bettingStart) / 2 {
                if observation[bettingStart + 2 * step] == 1 { betting += "p" }
                if observation[bettingStart + 2 * step + 1] == 1 { betting += "b" }
            }
            #expect(seats == [row.seat], "row \(row.informationState)")
            #expect(cards.count == 1, "row \(row.informationState)")
            #expect("\(cards.first ?? -1)\(betting)" == row.informationState)
        }
    }

    @Test func threePlayerKuhnHasSixteenInformationStatesPerSeat() throws {
        let game = try KuhnPoker(["players": .int(3)])
        let table = try InformationStateTable(game)
        let tree = try GameTree(game)
        #expect(table.game == "kuhn_poker(players=3)")
        #expect(table.count == 48)
        #expect(table.count == tree.informationStateCount)
        for seat in 0..<3 { #expect(table.rows.filter { $0.seat == seat }.count == 16) }
        #expect(table.observationShape == [17])
        #expect(table.rows.map(\.informationState) == (0..<tree.informationStateCount).map(tree.informationState))
    }

    @Test func ticTacToeRowsAreTheTreesInformationStatesInOrder() throws {
        let tree = try #require(SharedTrees.ticTacToe)
        let table = try InformationStateTable(TicTacToe())
        #expect(table.count == 4520)
        #expect(table.observationShape == [3, 3, 3])
        #expect(table.rows.map(\.informationState) == (0..<tree.informationStateCount).map(tree.informationState))
        #expect(table.rows.map(\.seat) == (0..<tree.informationStateCount).map(tree.seat(ofInformationState:)))
        for (index, row) in table.rows.enumerated() {
            #expect(row.legalActions == tree.legalActions(ofInformationState: index))
            // Plane 0 marks the empty cells, which are exactly the legal moves.
            let emptyCells = (0..<9).filter { row.observation[$0] == 1 }
            #expect(emptyCells == row.legalActions, "row \(index)")
        }
    }

    @Test func aPolicyReadFromObservationsIsTheSamePolicyOverKeys() throws {
        // A stand-in for a network: bet with the King, judged from the observation alone.
        let table = try InformationStateTable(KuhnPoker())
        var fromObservations = TabularPolicy(for: KuhnPoker())
        for row in table.rows {
            let holdsKing = row.observation[2 + 2] == 1
            try fromObservations.setProbabilities(holdsKing ? [0, 1] : [1, 0], forInformationState: row.informationState)
        }
        let tree = try GameTree(KuhnPoker())
        let (policy, missing) = try tree.treePolicy(from: fromObservations)
        #expect(missing.isEmpty)
        let fromKeys = tree.purePolicy { key, _ in key.hasPrefix("2") ? KuhnPoker.bet : KuhnPoker.pass }
        #expect(policy == fromKeys)
        #expect(tree.evaluate(policy).nashConv == tree.evaluate(fromKeys).nashConv)
    }

    /// The text face of each row is the prompt a seat reads there and its legal actions' texts,
    /// so a language model can be evaluated on every information state.
    @Test func kuhnRowsCarryTheirPromptsAndActionTexts() throws {
        let game = KuhnPoker()
        let table = try InformationStateTable(game)
        let queenFacingABet = try #require(table.rows.first { $0.informationState == "1b" })
        #expect(queenFacingABet.actionTexts == ["[fold]", "[call]"])
        let prompt = try #require(queenFacingABet.prompt)
        #expect(prompt.contains("You are Player 1"))
        #expect(prompt.contains("Your available actions are: [fold], [call]"))
        let jackFirst = try #require(table.rows.first { $0.informationState == "0" })
        #expect(jackFirst.actionTexts == ["[check]", "[bet]"])
        // Every row has its own prompt: the card and the betting are all in the text.
        #expect(Set(table.rows.compactMap(\.prompt)).count == table.count)
    }

    @Test func aPromptThatShowsWhatTheInformationStateHidesIsLeftOut() throws {
        let table = try InformationStateTable(CoinGuessGame(leak: "text"))
        #expect(table.rows.map(\.informationState) == ["guess"])
        #expect(table.rows.first?.prompt == nil)
        #expect(table.rows.first?.actionTexts == ["[0]", "[1]"])
        #expect(try InformationStateTable(CoinGuessGame(leak: "none")).rows.first?.prompt == "guess")
    }

    @Test func aGameTooLargeIsRefused() {
        #expect {
            _ = try InformationStateTable(Werewolf())
        } throws: { error in
            guard case .gameTooLarge(let game, _, let limit, _)? = error as? SolverError else { return false }
            return game == "werewolf" && limit == GameTree.defaultNodeLimit
        }
    }

    @Test func aGameWhoseObservationsAgreeWithinEachInformationStateIsListed() throws {
        let table = try InformationStateTable(CoinGuessGame(leak: "none"))
        #expect(table.rows.map(\.informationState) == ["guess"])
        #expect(table.rows.first?.observation == [1, 0])
    }

    @Test func anObservationThatShowsWhatTheInformationStateHidesIsRefused() throws {
        let expected = SolverError.observationNotDeterminedByInformationState(
            game: "coin_guess(leak=observation)", informationState: "guess",
            difference: "one history gives an observation tensor with 0.0 at index 1, another 1.0")
        #expect(throws: expected) {
            _ = try InformationStateTable(CoinGuessGame(leak: "observation"))
        }
        #expect(expected.description.contains("the observation is not a function of the information state"))
        #expect(expected.description.contains("writeObservation(_:seat:into:)"))
    }

    @Test func aRoleThatShowsWhatTheInformationStateHidesIsRefused() throws {
        let expected = SolverError.observationNotDeterminedByInformationState(
            game: "coin_guess(leak=role)", informationState: "guess",
            difference: "one history gives the acting seat role 0 (heads), another role 1 (tails)")
        #expect(throws: expected) {
            _ = try InformationStateTable(CoinGuessGame(leak: "role"))
        }
    }
}
