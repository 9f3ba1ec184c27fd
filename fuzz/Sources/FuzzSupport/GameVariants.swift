import Games

/// The game strings the game fuzz targets pick from with one input byte: every game, with
/// the presets and parameters that change its rules or text.
public enum GameVariants {
    /// Every variant, in the order an input byte indexes them (seeds depend on the order).
    public static let gameStrings = [
        "tic_tac_toe",
        "kuhn_poker",
        "kuhn_poker(players=3)",
        "kuhn_poker(preset=spiral_v1)",
        "negotiation",
        "negotiation(preset=textarena)",
        "negotiation(preset=spiral_v2)",
        "werewolf",
        "werewolf(preset=werewolf_arena)",
        "werewolf(preset=secret_mafia,players=6)",
    ]

    /// The variant an input byte selects.
    public static func gameString(_ byte: UInt8) -> String { gameStrings[Int(byte) % gameStrings.count] }

    /// Runs `visitor` on the game `gameString` names; the strings above are all valid.
    public static func visit<V: GameVisitor>(_ gameString: String, with visitor: V) -> V.Output {
        do {
            return try GameCatalog.visit(gameString, with: visitor)
        } catch {
            preconditionFailure("fuzz variant '\(gameString)' does not build: \(error)")
        }
    }
}

extension Game {
    /// The states of one seeded random legal play, first to last (chance sampled).
    public func randomPlay(seed: UInt64) -> [State] {
        var rng = EpisodeRNG(seed: seed)
        var state = initialState()
        var states = [state]
        while states.count <= maxGameLength {
            switch currentPlayer(state) {
            case .terminal:
                return states
            case .chance:
                apply(rng.sample(chanceOutcomes(state)), to: &state)
            case .seat:
                let legal = legalActions(state)
                apply(legal[rng.index(below: legal.count)], to: &state)
            }
            states.append(state)
        }
        return states
    }
}
