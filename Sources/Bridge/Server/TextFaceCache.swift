import Games

/// Remembers a vector's prompts and legal action texts per position.
///
/// Building a prompt is string work (about 5-10 us per game), while a batch of small games
/// keeps revisiting the same positions (TicTacToe has 5478), so a text-mode step mostly hits
/// this cache. Keys are the game's own `State` (exact), so a hit returns exactly what the
/// game would build. The cache is emptied when it reaches `limit` entries, which bounds its
/// memory for games with many positions.
final class TextFaceCache<G: Game> {
    struct PromptKey: Hashable {
        let state: G.State
        let seat: Int
    }

    /// A legal action with its text, in index order.
    struct LegalAction {
        let action: G.Action
        let text: String
    }

    private var prompts: [PromptKey: String] = [:]
    private var legal: [G.State: [LegalAction]] = [:]
    let limit: Int

    init(limit: Int = 100_000) {
        self.limit = limit
    }

    /// `seat`'s prompt at `state`: `game.observationText(state, seat: seat)`.
    func prompt(_ game: G, _ state: G.State, seat: Int) -> String {
        let key = PromptKey(state: state, seat: seat)
        if let cached = prompts[key] { return cached }
        if prompts.count >= limit { prompts.removeAll(keepingCapacity: true) }
        let text = game.observationText(state, seat: seat)
        prompts[key] = text
        return text
    }

    /// The legal actions at `state` with their texts, in index order.
    func legalActions(_ game: G, _ state: G.State, scratch: ActionBuffer<G.Action>) -> [LegalAction] {
        if let cached = legal[state] { return cached }
        if legal.count >= limit { legal.removeAll(keepingCapacity: true) }
        game.legalActions(state, into: scratch)
        let actions = scratch.map { LegalAction(action: $0, text: game.actionText($0, in: state)) }
        legal[state] = actions
        return actions
    }
}
