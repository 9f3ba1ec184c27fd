import Games

/// Remembers a vector's prompts and legal action texts per position and seat.
///
/// Building a prompt is string work (about 5-10 us per game), while a batch of small games
/// keeps revisiting the same positions (TicTacToe has 5478), so a text-mode step mostly hits
/// this cache. Keys are the game's own `State` (exact), so a hit returns exactly what the
/// game would build. The cache is emptied when it reaches `limit` entries or `byteLimit`
/// bytes (prompts, action texts, the keys' own heap such as a Werewolf log), which bounds its
/// memory for games with many positions and for prompts that show long client text.
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
    let byteLimit: Int
    /// What the cached entries hold, as `entryBytes` counts it.
    private(set) var heldBytes = 0

    init(limit: Int = 100_000, byteLimit: Int = 16 << 20) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    /// The byte limit of a vector's cache: room for the positions its slots visit (all 5478
    /// TicTacToe positions take about 3.5 MiB) without letting many small vectors each hold
    /// the most.
    static func byteLimit(batchSize: Int) -> Int {
        min(max(batchSize * (16 << 10), 4 << 20), 16 << 20)
    }

    /// `seat`'s prompt at `state` (`game.observationText(state, seat: seat)`) and the legal
    /// actions with their texts, in index order: one lookup for both, since hashing a state
    /// is most of a hit's cost.
    func face(_ game: G, _ state: G.State, seat: Int, scratch: ActionBuffer<G.Action>) -> Face {
        let key = PromptKey(state: state, seat: seat)
        if let cached = faces[key] { return cached }
        game.legalActions(state, into: scratch)
        let actions = scratch.map { LegalAction(action: $0, text: game.actionText($0, in: state)) }
        let face = Face(prompt: game.observationText(state, seat: seat), legalActions: actions)
        let bytes = Self.entryBytes(game, key: key, face: face)
        if faces.count >= limit || heldBytes + bytes > byteLimit {
            // Not keeping capacity: a table sized for the most entries is memory the limit
            // is meant to bound.
            faces.removeAll()
            heldBytes = 0
        }
        guard bytes <= byteLimit else { return face }
        faces[key] = face
        heldBytes += bytes
        return face
    }

    /// An entry's bytes: the key and face values in the table, the prompt and action texts,
    /// the legal action array, and the heap the key's state holds.
    private static func entryBytes(_ game: G, key: PromptKey, face: Face) -> Int {
        var bytes = MemoryLayout<PromptKey>.stride + MemoryLayout<Face>.stride + 16
        bytes += StateFootprint.string(face.prompt) + StateFootprint.array(LegalAction.self, capacity: face.legalActions.count)
        for action in face.legalActions { bytes += StateFootprint.string(action.text) }
        return bytes + StateFootprint.heapBytes(game, key.state)
    }
}
