/// Static facts about a game: what the catalog, the CLI and documentation read instead of
/// branching on the game.
public struct GameInfo: Sendable {
    /// The catalog name used in game strings, e.g. `kuhn_poker`.
    public var name: String
    /// A human-readable name, e.g. `Kuhn Poker`.
    public var longName: String
    /// One sentence saying what the game is.
    public var summary: String
    /// The parameters the game accepts, in the order they are written in game strings.
    public var parameters: [ParameterSpec]
    /// The game's card: rules, parameters, action table, observation layout (Markdown).
    public var card: String
    /// The rules version: the last entry of the card's "Version history". It goes up when
    /// behaviour, tensors or texts change (never for speed-ups), so that recorded data says
    /// which rules produced it.
    public var version: Int

    /// Creates the static description of a game.
    ///
    /// - Parameter version: the rules version, 1 for a game's first version.
    public init(name: String, longName: String, summary: String, parameters: [ParameterSpec], card: String, version: Int = 1) {
        self.name = name
        self.longName = longName
        self.summary = summary
        self.parameters = parameters
        self.card = card
        self.version = version
    }
}

/// The declaration of one game parameter: its name, type (from the default) and meaning.
public struct ParameterSpec: Sendable, Hashable {
    /// The key used in game strings.
    public var name: String
    /// The value used when the game string does not name this parameter; also fixes the type.
    public var defaultValue: ParameterValue
    /// One line saying what the parameter does and which values are accepted.
    public var help: String

    /// Declares a parameter.
    public init(_ name: String, default defaultValue: ParameterValue, help: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.help = help
    }
}
