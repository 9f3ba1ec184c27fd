import Games

/// Golden playthroughs: a seeded random episode written out state by state, so that any
/// change to rules, tensors or text shows up as a diff of a committed transcript.
public enum Playthrough {
    /// The transcript of episode 0 of a run seeded with `seed`, uniform random actions.
    ///
    /// The first two lines (`game: ...`, `seed: ...`) say how to regenerate it; the third
    /// names the rules version (`GameInfo.version`) that wrote it.
    public static func transcript<G: Game>(_ game: G, seed: UInt64) -> String {
        var rng = EpisodeRNG(seed: seed, episode: 0)
        var state = game.initialState()
        var lines = [
            "game: \(game.description)",
            "seed: \(seed)",
            "rules version: \(G.info.version)",
            "seats: \(game.seatCount)  actions: \(game.actionCount)  observation: \(game.observationShape)  roles: \(game.roleNames.joined(separator: ", "))",
            "utility: \(game.utility.kind.rawValue) [\(format(game.utility.min)), \(format(game.utility.max))]",
        ]
        var step = 0
        while true {
            lines.append("")
            lines.append("## step \(step)")
            lines.append("state: \(game.encodeState(state))")
            let player = game.currentPlayer(state)
            lines.append("current player: \(describe(player))")
            for seat in 0..<game.seatCount {
                lines.append("seat \(seat) role: \(game.roleName(of: seat, in: state))")
                lines.append("seat \(seat) information state: \(QuotedText.quoted(game.informationState(state, seat: seat)))")
                lines.append("seat \(seat) observation: \(game.observation(state, seat: seat).map(format).joined(separator: " "))")
            }
            let action: G.Action
            switch player {
            case .terminal:
                lines.append("returns: \(game.returns(state).map(format).joined(separator: " "))")
                for seat in 0..<game.seatCount {
                    lines.append("seat \(seat) final text:")
                    lines.append(indented(game.observationText(state, seat: seat)))
                }
                return lines.joined(separator: "\n") + "\n"
            case .chance:
                let outcomes = game.chanceOutcomes(state)
                lines.append(
                    "chance outcomes: " + outcomes.map { "\(game.actionText($0.action, in: state))=\(format($0.probability))" }.joined(separator: " ")
                )
                action = game.sampleChance(state, rng: &rng, scratch: game.makeChanceBuffer())
            case .seat(let seat):
                let legal = game.legalActions(state)
                lines.append("legal actions: " + abbreviated(legal.map { "\(game.actionIndex($0)) \(game.actionText($0, in: state))" }))
                lines.append("seat \(seat) text:")
                lines.append(indented(game.observationText(state, seat: seat)))
                action = legal[rng.index(below: legal.count)]
            }
            lines.append("action: \(game.actionText(action, in: state))")
            game.apply(action, to: &state)
            step += 1
        }
    }

    /// The transcript of the game a game string names.
    ///
    /// - Throws: `GameError` when the string does not name a game of the catalog.
    public static func transcript(gameString: String, seed: UInt64) throws -> String {
        try GameCatalog.visit(gameString, with: TranscriptVisitor(seed: seed))
    }

    private struct TranscriptVisitor: GameVisitor {
        let seed: UInt64
        func visit<G: Game>(_ game: G) throws -> String { Playthrough.transcript(game, seed: seed) }
    }

    /// Long lists (Negotiation offers a thousand actions) keep their first 20 and last 5
    /// entries and say how many were left out, so transcripts stay readable and small.
    private static func abbreviated(_ items: [String]) -> String {
        guard items.count > 40 else { return items.joined(separator: ", ") }
        return (items.prefix(20) + ["... \(items.count - 25) more ..."] + items.suffix(5)).joined(separator: ", ")
    }

    private static func describe(_ player: CurrentPlayer) -> String {
        switch player {
        case .seat(let seat): return "seat \(seat)"
        case .chance: return "chance"
        case .terminal: return "terminal"
        }
    }

    private static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    | " + $0 }.joined(separator: "\n")
    }

    /// Numbers printed the same on every platform: integers without a fraction, others with up to 6 decimals.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let scaled = (value * 1_000_000).rounded() / 1_000_000
        return String(scaled)
    }

    static func format(_ value: Float) -> String { format(Double(value)) }
}
