import Games
import Testing

/// SPIRAL's reading of replies, case by case. Each expected text is what SPIRAL's own
/// `extract_action` (spiral-rl/spiral `train_spiral.py` at a02d0ed, `qwen3` template) returned
/// for the reply with its final check against the legal actions left out; the forgiving
/// `boxed` format's reading is beside it (docs/llm-selfplay.md has the table).
@Suite("SPIRAL's answer extraction, exactly")
struct SpiralAnswerFormatTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let reply: String
        /// What SPIRAL's extraction makes of it.
        let spiral: String
        /// What the `boxed` format hands the game's parser (nil: no `\boxed{}`, invalid).
        let boxed: String?
        var testDescription: String { String(reflecting: reply) }
    }

    static let cases: [Case] = [
        Case(reply: #"\boxed{bet}"#, spiral: "[bet]", boxed: "[bet]"),
        Case(reply: #"\boxed{[bet]}"#, spiral: "[bet]", boxed: "[bet]"),
        Case(reply: "bet", spiral: "[bet]", boxed: nil),
        Case(reply: "[bet]", spiral: "[bet]", boxed: nil),
        Case(reply: #"\boxed{\text{bet}}"#, spiral: "[bet]", boxed: #"[\text{bet}]"#),
        Case(reply: #"\boxed{Bet}"#, spiral: "[Bet]", boxed: "[Bet]"),
        Case(reply: #"\boxed{BET}"#, spiral: "[BET]", boxed: "[BET]"),
        Case(reply: #"\boxed{ bet }"#, spiral: "[ bet ]", boxed: "[bet]"),
        Case(reply: #"\boxed{pass}"#, spiral: "[pass]", boxed: "[pass]"),
        Case(reply: #"I think I should bet. \boxed{check} no wait \boxed{bet}"#, spiral: "[bet]", boxed: "[bet]"),
        Case(reply: "I will bet now okay then", spiral: "I will bet now okay then", boxed: nil),
        Case(reply: "I will bet now", spiral: "[I will bet now]", boxed: nil),
        Case(reply: "", spiral: "", boxed: nil),
        Case(reply: #"\boxed{bet"#, spiral: #"[\boxed{bet]"#, boxed: nil),
        Case(reply: #"\fbox{bet}"#, spiral: #"[\fbox{bet}]"#, boxed: nil),
        Case(reply: #"\boxed{}"#, spiral: "[]", boxed: "[]"),
        Case(reply: "  \\boxed{bet}\n", spiral: "[bet]", boxed: "[bet]"),
        Case(reply: #"\boxed{{bet}}"#, spiral: "[{bet}]", boxed: "[{bet}]"),
        Case(reply: #"\boxed {bet}"#, spiral: #"[\boxed {bet}]"#, boxed: nil),
        Case(reply: "5", spiral: "[5]", boxed: nil),
        Case(reply: "[5]", spiral: "[5]", boxed: nil),
        Case(reply: #"\boxed{5}"#, spiral: "[5]", boxed: "[5]"),
        Case(reply: #"\boxed{[ 5 ]}"#, spiral: "[ 5 ]", boxed: "[ 5 ]"),
        Case(reply: #"\boxed{[5]}"#, spiral: "[5]", boxed: "[5]"),
        Case(reply: #"my move: \boxed{4}."#, spiral: "[4]", boxed: "[4]"),
        Case(reply: #"\boxed{5} \boxed{x}"#, spiral: "[x]", boxed: "[x]"),
        Case(reply: #"\boxed{\text{[4]}}"#, spiral: "[4]", boxed: #"[\text{[4]}]"#),
        Case(reply: "a\tb  \\boxed{x", spiral: #"[a b \boxed{x]"#, boxed: nil),
        Case(reply: #"\boxed{a}}"#, spiral: "[a]", boxed: "[a]"),
        Case(reply: #"x \boxed{y} z"#, spiral: "[y]", boxed: "[y]"),
    ]

    @Test("SPIRAL's extraction gives what SPIRAL's trainer gives", arguments: cases)
    func spiral(_ example: Case) {
        #expect(AnswerFormat.spiral.answer(in: example.reply) == example.spiral)
    }

    @Test("the boxed format's reading, for comparison", arguments: cases)
    func boxed(_ example: Case) {
        #expect(AnswerFormat.boxed.answer(in: example.reply) == example.boxed)
    }

    @Test("the free format hands the reply on as it is")
    func free() {
        #expect(AnswerFormat.free.answer(in: " I bet [bet] ") == " I bet [bet] ")
    }

    @Test("formats are named as the wire names them")
    func names() {
        #expect(AnswerFormat.allCases.map(\.rawValue) == ["free", "boxed", "spiral"])
    }
}
