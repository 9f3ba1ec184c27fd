/// How a text-mode reply becomes the move a game's text face reads.
///
/// SelfPlay offers SPIRAL's extraction exactly (`spiral`), a forgiving reading of the same
/// `\boxed{}` answers (`boxed`), and the reply as it is (`free`). They differ on replies a
/// model really writes: SPIRAL takes an unboxed `bet` as `[bet]` but refuses `\boxed{Bet}`;
/// `boxed` does the opposite. docs/llm-selfplay.md tabulates the cases.
public enum AnswerFormat: String, CaseIterable, Sendable {
    /// The whole reply goes to the game's parser (TextArena's `[action]` replies).
    case free
    /// The last `\boxed{x}` (braces balanced), trimmed, read as `[x]` unless `x` is already
    /// bracketed, then the game's parser (letter case and spacing forgiven). A reply with no
    /// `\boxed{}` is invalid.
    case boxed
    /// SPIRAL's `extract_action` (spiral-rl/spiral `train_spiral.py`, the `qwen3` template),
    /// then its strict check: the result must equal one of the legal actions' texts exactly.
    case spiral

    /// The move text to play for `reply`, or nil when the format finds none (`boxed` with no
    /// `\boxed{}`). Under `spiral` the text must still be matched exactly against the legal
    /// actions' texts; the other formats go to the game's parser.
    public func answer(in reply: String) -> String? {
        switch self {
        case .free: return reply
        case .boxed: return TextCommands.boxedAnswerAsAction(reply)
        case .spiral: return TextCommands.spiralAction(reply)
        }
    }
}
