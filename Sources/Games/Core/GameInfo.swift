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

    /// Creates the static description of a game.
    public init(name: String, longName: String, summary: String, parameters: [ParameterSpec], card: String) {
        self.name = name
        self.longName = longName
        self.summary = summary
        self.parameters = parameters
        self.card = card
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
