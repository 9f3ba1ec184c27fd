import Games
import GamesTesting
import Testing

@Suite("The conformance checker reports each broken rule instead of trapping")
struct ConformanceFailureTests {
    /// A flaw of `FlawedGame`, the words of the rule the report must name, and the step of
    /// every episode's failing state (`nil` for facts about the game as a whole).
    struct Expectation: Sendable, CustomTestStringConvertible {
        let flaw: String
        let rule: String
        let step: Int?
        var testDescription: String { flaw }
    }

    static let seed: UInt64 = 11

    static let expectations = [
        Expectation(flaw: "bad_sizes", rule: "actionCount must be at least 1", step: nil),
        Expectation(flaw: "action_index_round_trip", rule: "action(atIndex: 1) maps back to index 0", step: nil),
        Expectation(flaw: "action_beyond_count", rule: "action(atIndex: actionCount) must be nil", step: nil),
        Expectation(flaw: "game_string_does_not_rebuild", rule: "does not rebuild the same game", step: nil),
        Expectation(flaw: "no_legal_actions", rule: "a seat must have a legal action", step: 2),
        Expectation(flaw: "no_chance_outcomes", rule: "a chance node must list outcomes", step: 0),
        Expectation(flaw: "chance_sum", rule: "chance probabilities sum to 0.9", step: 0),
        Expectation(flaw: "chance_probability_range", rule: "chance probabilities must be in (0, 1]", step: 0),
        Expectation(flaw: "duplicate_outcomes", rule: "chance outcomes must be unique", step: 0),
        Expectation(flaw: "terminal_actions", rule: "terminal state has legal actions", step: 3),
        Expectation(flaw: "terminal_outcomes", rule: "terminal state has chance outcomes", step: 3),
        Expectation(flaw: "chance_lists_actions", rule: "chance node lists seat actions", step: 0),
        Expectation(flaw: "decision_lists_outcomes", rule: "decision node lists chance outcomes", step: 1),
        Expectation(flaw: "seat_out_of_range", rule: "acting seat 2 outside 0..<2", step: 2),
        Expectation(flaw: "index_out_of_range", rule: "legal action indices [7] outside 0..<2", step: 1),
        Expectation(flaw: "unsorted", rule: "legal actions must be sorted by index and unique", step: 1),
        Expectation(flaw: "mask_disagrees", rule: "legal mask [1, 0] disagrees with legal actions [0, 1]", step: 1),
        Expectation(flaw: "mask_where_no_seat_acts", rule: "no seat acts, but the legal mask is [1, 0]", step: 0),
        Expectation(flaw: "text_does_not_parse", rule: "legal action text 'right' does not parse", step: 1),
        Expectation(flaw: "parses_to_other", rule: "'right' parses to 0, not 1", step: 1),
        Expectation(flaw: "shared_text", rule: "two legal actions share the text 'call'", step: 1),
        Expectation(flaw: "returns_not_zero_sum", rule: "zero-sum returns [1.0, 1.0] sum to 2.0", step: 3),
        Expectation(flaw: "return_outside_utility", rule: "return 3.0 outside [-1.0, 1.0]", step: 3),
        Expectation(flaw: "identical_returns_differ", rule: "identical-utility returns differ", step: 3),
        Expectation(flaw: "observation_unwritten", rule: "observation has a non-finite or unwritten value", step: 0),
        Expectation(flaw: "observation_not_binary", rule: "a value other than 0 and 1", step: 0),
        Expectation(flaw: "role_out_of_range", rule: "role 3 outside 0..<2", step: 0),
        Expectation(flaw: "empty_observation_text", rule: "observation text is empty", step: 0),
        Expectation(flaw: "state_does_not_round_trip", rule: "does not decode to the same state", step: 1),
        Expectation(flaw: "state_does_not_decode", rule: "does not decode: ", step: 0),
        Expectation(flaw: "too_long", rule: "longer than maxGameLength 2", step: 3),
        Expectation(flaw: "not_deterministic", rule: "the same seed gave a different trajectory", step: 0),
    ]

    @Test func theFixtureIsCorrectWithoutAFlaw() throws {
        let report = GameConformance.check(try FlawedGame(flaw: "none"), episodes: 20, seed: Self.seed)
        #expect(report.passed, "\(report)")
        #expect(report.statesChecked == 20 * 4)
    }

    @Test func everyFlawOfTheFixtureIsExpected() {
        #expect(Set(Self.expectations.map(\.flaw)) == Set(FlawedGame.flaws.filter { $0 != "none" }))
    }

    @Test("each broken rule is reported with where it broke", arguments: expectations)
    func reported(_ expected: Expectation) throws {
        let report = GameConformance.check(try FlawedGame(flaw: expected.flaw), episodes: 6, seed: Self.seed)
        let matching = report.failures.filter { $0.rule.contains(expected.rule) }
        #expect(!matching.isEmpty, "\(report)")
        guard let step = expected.step else {
            #expect(matching.allSatisfy { $0.place == nil }, "\(report)")
            return
        }
        // Every episode stops at its first failing state, so it reports that state only.
        #expect(report.episodes == 6)
        #expect(Set(report.failures.compactMap(\.place?.episode)) == Set(0..<6), "\(report)")
        for failure in report.failures {
            let place = try #require(failure.place, "\(report)")
            #expect(place.seed == Self.seed)
            #expect(place.step == step, "\(failure)")
            #expect(place.history.first.map { ["heads", "tails"].contains($0) } ?? true, "\(failure)")
        }
    }

    @Test func aSizeTheChecksAllocateByStopsTheRunBeforeAnyEpisode() throws {
        let report = GameConformance.check(try FlawedGame(flaw: "bad_sizes"), episodes: 6)
        #expect(report.episodes == 0)
        #expect(!report.passed)
    }

    @Test func theReportSaysWhereAndAfterWhichActions() throws {
        let report = GameConformance.check(try FlawedGame(flaw: "no_legal_actions"), episodes: 1, seed: Self.seed)
        let failure = try #require(report.failures.first)
        let place = try #require(failure.place)
        #expect(place.history.count == 2)
        #expect(failure.description == "episode 0 (seed 11) step 2, after \(place.history.joined(separator: ", ")): a seat must have a legal action")
    }

    @Test func theReportKeepsAtMostMaxFailuresAndSaysItStopped() throws {
        let report = GameConformance.check(try FlawedGame(flaw: "role_out_of_range"), episodes: 10, maxFailures: 3)
        #expect(report.failures.count == 3)
        #expect(report.stoppedEarly)
        #expect(report.description.hasSuffix("(stopped after 3 failures)"))
    }
}
