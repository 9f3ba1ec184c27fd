import Foundation
import Games
import Solvers
import Testing

@Suite("Tabular policies and policy files")
struct TabularPolicyTests {
    func kuhnFile(policy: String, game: String = "kuhn_poker", version: String = "1", actionCount: String = "2") -> String {
        """
        {"format": "selfplay.tabular_policy", "version": \(version), "game": "\(game)",
         "action_count": \(actionCount), "policy": {\(policy)}}
        """
    }

    func loadError(_ text: String, expectedGame: String? = "kuhn_poker") -> PolicyError? {
        do {
            _ = try TabularPolicy(json: text, expectedGame: expectedGame)
            return nil
        } catch {
            return error
        }
    }

    @Test func aCFRPolicyRoundTripsThroughAFileBitForBit() throws {
        var solver = CFRSolver(tree: try GameTree(KuhnPoker()), algorithm: .cfrPlus)
        solver.run(iterations: 100)
        let policy = solver.tree.tabularPolicy(solver.averagePolicy, metadata: ["algorithm": "cfr+", "iterations": "100"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kuhn-\(UInt64.random(in: 0...UInt64.max)).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try policy.save(to: path)
        let loaded = try TabularPolicy.load(from: path, expectedGame: "kuhn_poker")
        #expect(loaded == policy)
        #expect(loaded.informationStates.count == 12)
        #expect(loaded.metadata["algorithm"] == "cfr+")
        let (treePolicy, _) = try solver.tree.treePolicy(from: loaded)
        #expect(treePolicy == solver.averagePolicy)
    }

    @Test func theFileListsOneInformationStatePerLineSorted() throws {
        var policy = TabularPolicy(for: KuhnPoker())
        try policy.setProbabilities([0.25, 0.75], forInformationState: "1pb")
        try policy.setProbabilities([1, 0], forInformationState: "0")
        #expect(
            policy.jsonString() == """
                {
                  "format": "selfplay.tabular_policy",
                  "version": 1,
                  "game": "kuhn_poker",
                  "action_count": 2,
                  "metadata": {},
                  "policy": {
                    "0": [1.0, 0.0],
                    "1pb": [0.25, 0.75]
                  }
                }

                """)
    }

    @Test func aMissingInformationStateCountsAsUniform() throws {
        let tree = try GameTree(KuhnPoker())
        let policy = try TabularPolicy(json: kuhnFile(policy: #""0": [1, 0]"#))
        let (treePolicy, missing) = try tree.treePolicy(from: policy)
        #expect(missing.count == 11)
        #expect(!missing.contains("0"))
        // Only "0" differs from uniform; the rest is the uniform policy.
        var expected = tree.uniformPolicy()
        let index = tree.informationStateIndex("0", seat: 0) ?? -1
        let slots = tree.slots(ofInformationState: index)
        expected.probabilities[slots.lowerBound] = 1
        expected.probabilities[slots.lowerBound + 1] = 0
        #expect(treePolicy == expected)
        #expect(policy.probabilities(forInformationState: "2b", legalActions: [0, 1]) == [0.5, 0.5])
        #expect(policy.probabilities(forInformationState: "0", legalActions: [0, 1]) == [1, 0])
    }

    @Test func anEmptyPolicyIsTheUniformPolicy() throws {
        let tree = try GameTree(KuhnPoker())
        let (treePolicy, _) = try tree.treePolicy(from: TabularPolicy(json: kuhnFile(policy: "")))
        #expect(abs(tree.evaluate(treePolicy).exploitability - 0.4583333333333335) < 1e-12)
    }

    @Test func probabilityOnActionsThatAreNotLegalIsDroppedWhenAsked() throws {
        var policy = TabularPolicy(game: "tic_tac_toe", actionCount: 9)
        try policy.setProbabilities([0.5, 0.25, 0.25, 0, 0, 0, 0, 0, 0], forInformationState: "board")
        let probabilities = policy.probabilities(forInformationState: "board", legalActions: [1, 2, 5])
        #expect(probabilities == [0, 0.5, 0.5, 0, 0, 0, 0, 0, 0])
        // Nothing left on the legal actions: uniform over them.
        #expect(policy.probabilities(forInformationState: "board", legalActions: [7, 8])[7] == 0.5)
    }

    @Test func samplingFollowsTheProbabilities() throws {
        var policy = TabularPolicy(for: KuhnPoker())
        try policy.setProbabilities([0.25, 0.75], forInformationState: "0")
        var rng = EpisodeRNG(seed: 7)
        var bets = 0
        for _ in 0..<10_000 where policy.sampleAction(forInformationState: "0", legalActions: [0, 1], using: &rng) == 1 {
            bets += 1
        }
        #expect((7_200...7_800).contains(bets))
        try policy.setProbabilities([0, 1], forInformationState: "1")
        #expect(policy.sampleAction(forInformationState: "1", legalActions: [0, 1], using: &rng) == 1)
    }

    @Test(
        "malformed files get errors that name the problem",
        arguments: [
            ("not json", "not valid JSON"),
            (#"{"format": "selfplay.tabular_policy", "version": 1,"#, "not valid JSON"),
            ("[1, 2]", "top level must be a JSON object"),
            (#"{"version": 1}"#, "'format'"),
            (#"{"format": "selfplay.tabular_policy", "version": "1"}"#, "'version' must be an integer"),
            (#"{"format": "selfplay.tabular_policy", "version": 1, "game": "kuhn_poker", "action_count": 2}"#, "'policy'"),
            (
                #"{"format": "selfplay.tabular_policy", "version": 1, "game": "kuhn_poker", "action_count": -2, "policy": {}}"#,
                "'action_count' must be a positive integer"
            ),
        ])
    func malformed(text: String, mentions: String) {
        let error = loadError(text)
        #expect(error?.description.contains(mentions) == true, "\(String(describing: error))")
    }

    @Test(
        "bad rows name their information state",
        arguments: [
            (#""1pb": [0.5]"#, "has 1 probabilities; expected 2"),
            (#""1pb": [1.5, -0.5]"#, "negative probability -0.5"),
            (#""1pb": [0.5, 0.4]"#, "sum to 0.9"),
            (#""1pb": [0.5, "half"]"#, "action 1's probability is not a number"),
            (#""1pb": [0.5, true]"#, "action 1's probability is not a number"),
            (#""1pb": 0.5"#, "must be an array of 2 numbers"),
        ])
    func badRow(row: String, mentions: String) {
        let error = loadError(kuhnFile(policy: row))
        #expect(error?.description.hasPrefix("information state '1pb'") == true, "\(String(describing: error))")
        #expect(error?.description.contains(mentions) == true, "\(String(describing: error))")
    }

    @Test func sumsWithinTheToleranceAreAccepted() throws {
        let policy = try TabularPolicy(json: kuhnFile(policy: #""1pb": [0.3333333, 0.6666667]"#))
        #expect(policy["1pb"] == [0.3333333, 0.6666667])
    }

    @Test func aPolicyForAnotherGameIsRefused() {
        #expect(
            loadError(kuhnFile(policy: "", game: "kuhn_poker(players=3)"))
                == .gameMismatch(policy: "kuhn_poker(players=3)", expected: "kuhn_poker"))
        // Defaults written out still name the same game.
        #expect(loadError(kuhnFile(policy: "", game: "kuhn_poker(players=2)")) == nil)
        #expect(loadError(kuhnFile(policy: "", version: "2")) == .unsupportedVersion(found: 2))
    }

    /// Found by fuzz/FuzzPolicyFile: a file whose `action_count` is not the game's loaded as an
    /// opponent, and its first decision allocated `action_count` probabilities (7.2 PB here).
    @Test func loadingForAGameRefusesAnotherActionCount() throws {
        #expect(throws: PolicyError.actionCountMismatch(policy: 3, expected: 2)) {
            _ = try TabularPolicy(json: kuhnFile(policy: #""0": [0, 0, 1]"#, actionCount: "3"), for: KuhnPoker())
        }
        #expect(throws: PolicyError.actionCountMismatch(policy: 900_000_000_000_000, expected: 2)) {
            _ = try TabularPolicy(json: kuhnFile(policy: "", actionCount: "900000000000000"), for: KuhnPoker())
        }
        #expect(throws: PolicyError.gameMismatch(policy: "kuhn_poker", expected: "tic_tac_toe")) {
            _ = try TabularPolicy(json: kuhnFile(policy: ""), for: TicTacToe())
        }
        #expect(try TabularPolicy(json: kuhnFile(policy: #""0": [0.5, 0.5]"#), for: KuhnPoker()).actionCount == 2)
    }

    @Test func treeConversionRefusesStatesAndActionsTheGameDoesNotHave() throws {
        let tree = try GameTree(KuhnPoker())
        let unknown = try TabularPolicy(json: kuhnFile(policy: #""3pb": [1, 0]"#))
        #expect(throws: PolicyError.unknownInformationState("3pb", game: "kuhn_poker")) {
            _ = try tree.treePolicy(from: unknown)
        }
        let wide = try TabularPolicy(json: kuhnFile(policy: #""0": [0, 0, 1]"#, actionCount: "3"))
        #expect(throws: PolicyError.actionCountMismatch(policy: 3, expected: 2)) {
            _ = try tree.treePolicy(from: wide)
        }
        let ticTacToe = try #require(SharedTrees.ticTacToe)
        var illegal = TabularPolicy(for: TicTacToe())
        // x moved to the centre: o may not play cell 4.
        let board = "...\n.x.\n..."
        try illegal.setProbabilities([0, 0, 0, 0, 1, 0, 0, 0, 0], forInformationState: board)
        #expect(throws: PolicyError.illegalAction(informationState: board, action: 4, legal: [0, 1, 2, 3, 5, 6, 7, 8])) {
            _ = try ticTacToe.treePolicy(from: illegal)
        }
    }

    @Test func anUnreadableFileSaysWhichFile() {
        #expect {
            _ = try TabularPolicy.load(from: "/nonexistent/policy.json")
        } throws: { error in
            (error as? PolicyError)?.description.contains("/nonexistent/policy.json") == true
        }
    }
}
