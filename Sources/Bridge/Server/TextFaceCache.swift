import Games

/// Remembers a vector's prompts and legal action texts per position and seat.
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

    /// What a waiting seat is shown: its prompt and the legal actions with their texts.
    struct Face {
        let prompt: String
        let legalActions: [LegalAction]
    }

    private var faces: [PromptKey: Face] = [:]
    let limit: Int

    init(limit: Int = 100_000) {
        self.limit = limit
    }

    /// `seat`'s prompt at `state` (`game.observationText(state, seat: seat)`) and the legal
    /// actions with their texts, in index order: one lookup for both, since hashing a state
    /// is most of a hit's cost.
    func face(_ game: G, _ state: G.State, seat: Int, scratch: ActionBuffer<G.Action>) -> Face {
        let key = PromptKey(state: state, seat: seat)
        if let cached = faces[key] { return cached }
        if faces.count >= limit { faces.removeAll(keepingCapacity: true) }
        game.legalActions(state, into: scratch)
        let actions = scratch.map { LegalAction(action: $0, text: game.actionText($0, in: state)) }
        let face = Face(prompt: game.observationText(state, seat: seat), legalActions: actions)
        faces[key] = face
        return face
    }
}
