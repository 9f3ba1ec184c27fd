/// A zero-sum game written as a pure state machine.
///
/// A game is a small immutable value holding its parameters; its `State` is a plain value
/// (no reference back to the game), so states copy, hash and compare cheaply. Engines and
/// solvers are generic over `Game` and get specialised per game; never use `any Game` in a
/// hot loop.
///
/// Every game has two faces over the same rules:
/// - the tensor face: a fixed action index space (`actionCount`), a legal mask, and an
///   observation tensor per seat of the declared `observationShape`;
/// - the text face: a prompt per seat (`observationText`), legal action strings
///   (`actionText`) and a parser from free text to an action (`parseAction`).
///
/// Hot-path calls (`legalActions`, `chanceOutcomes`, `writeObservation`) write into
/// caller-owned storage so that a playout allocates nothing per step.
public protocol Game: Sendable, Hashable, CustomStringConvertible {
    /// A position of the game, including everything the rules need to continue.
    associatedtype State: Hashable, Sendable
    /// A move of a seat or an outcome of a chance node.
    associatedtype Action: Hashable, Sendable

    /// Static facts shared by every instance: catalog name, parameters and their defaults.
    static var info: GameInfo { get }

    /// Builds the game from validated parameters.
    ///
    /// - Throws: `GameError.badParameter` when a value is out of range or inconsistent.
    init(parameters: GameParameters) throws(GameError)

    /// The parameters this instance was built with (defaults filled in).
    var parameters: GameParameters { get }

    /// Number of seats (players), numbered `0..<seatCount`.
    var seatCount: Int { get }
    /// The size of the tensor face's action index space.
    var actionCount: Int { get }
    /// The shape of the observation tensor of every seat.
    var observationShape: [Int] { get }
    /// Whether every value of every observation tensor is 0 or 1, so that observations can go
    /// out as bytes (the bridge's uint8 observations); false by default. The conformance
    /// checker holds a game that says so to it.
    var observationIsBinary: Bool { get }
    /// Names of the roles a seat may hold; `role(of:in:)` indexes into this list.
    var roleNames: [String] { get }
    /// The utility kind and the range of terminal returns.
    var utility: Utility { get }
    /// An upper bound on the number of actions (chance included) in one episode.
    var maxGameLength: Int { get }

    /// The position before the first move (a chance node where dealing comes first).
    func initialState() -> State
    /// Who acts at `state`: a seat, chance, or nobody (terminal).
    func currentPlayer(_ state: State) -> CurrentPlayer
    /// Writes the legal actions of the acting seat into `actions`, sorted by index and unique.
    ///
    /// `actions` is emptied first. Empty at chance and terminal states. At most `actionCount`
    /// actions (they have distinct indices), so `makeActionBuffer()` always has room.
    func legalActions(_ state: State, into actions: ActionBuffer<Action>)

    /// Writes the legal mask of the acting seat into `mask` (`actionCount` entries): 1 at the
    /// index of every legal action, 0 elsewhere, all 0 at chance and terminal states.
    ///
    /// The default (`Game+Conveniences.swift`) lists the legal actions into `scratch`; a game
    /// whose legal set is already a bit pattern writes the mask directly (the bridge writes a
    /// mask per game per step, so this is a hot call). The conformance checker holds every
    /// game's mask equal to its legal actions.
    func writeLegalMask(_ state: State, into mask: UnsafeMutableBufferPointer<UInt8>, scratch: ActionBuffer<Action>)
    /// Writes the outcomes of a chance node with their probabilities; empty elsewhere.
    ///
    /// `outcomes` is emptied first; see `makeChanceBuffer()`.
    func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Action>>)
    /// Draws the outcome of the chance node at `state`: exactly what `rng.sample` picks from
    /// `chanceOutcomes(state, into:)`, with the same draws from `rng`.
    ///
    /// The default (`Game+Conveniences.swift`) lists the outcomes into `scratch` and samples
    /// them; a game that can walk its outcomes without listing them overrides it (engines
    /// sample at every deal, which is much of a short episode's work). For equally likely
    /// outcomes, `UniformDraw` gives the index `sample` would pick without a loop. The
    /// conformance checker holds every game's draw equal to the default's, generator state
    /// included.
    ///
    /// - Precondition: `state` is a chance node.
    func sampleChance(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<ChanceOutcome<Action>>) -> Action
    /// Draws the acting seat's move uniformly from its legal actions: exactly
    /// `legal[rng.index(below: legal.count)]` over `legalActions(state, into:)`, the same draw.
    ///
    /// The default (`Game+Conveniences.swift`) lists the legal actions into `scratch`; a game
    /// that can count and pick its legal actions without listing them overrides it (random
    /// playouts draw at every decision; the engine and the bridge call it wherever the
    /// uniform random policy plays). The conformance checker holds every game's draw equal
    /// to the default's, generator state included.
    ///
    /// - Precondition: a seat acts at `state`.
    func sampleLegalAction(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<Action>) -> Action
    /// Plays `state` to its end with a uniform random move for every seat and chance drawn by
    /// its probabilities, and returns the number of seat decisions made: exactly the loop that
    /// applies `sampleChance` at chance nodes and `sampleLegalAction` at decisions until the
    /// state is terminal, with the same draws from `rng`, so `state` and `rng` end alike.
    ///
    /// This is a random rollout, as a search's leaf evaluation or random self-play makes. The
    /// default (`Game+Conveniences.swift`) is that loop; a game whose whole random episode is a
    /// few draws in a fixed order overrides it with straight-line code (Kuhn Poker's hand is
    /// five draws or six, and the loop's per-turn dispatch costs more than the draws). The
    /// conformance checker holds every game's rollout equal to the loop's, generator state
    /// included.
    ///
    /// - Parameters:
    ///   - legal: scratch storage for `sampleLegalAction`.
    ///   - outcomes: scratch storage for `sampleChance`.
    func playOutRandomly(
        _ state: inout State, rng: inout EpisodeRNG, legal: ActionBuffer<Action>, outcomes: ActionBuffer<ChanceOutcome<Action>>
    ) -> Int
    /// Applies a legal action (or chance outcome) to `state`.
    ///
    /// - Precondition: `action` is legal at `state`; engines check with `legalActions` first.
    func apply(_ action: Action, to state: inout State)
    /// The cumulative return of `seat` so far; at a terminal state, the final outcome.
    func returns(_ state: State, seat: Int) -> Double

    /// The index of a seat action in `0..<actionCount`.
    func actionIndex(_ action: Action) -> Int
    /// The seat action with index `index`, or nil when the index is outside `0..<actionCount`.
    func action(atIndex index: Int) -> Action?

    /// The role `seat` holds at `state`, as an index into `roleNames`.
    func role(of seat: Int, in state: State) -> Int
    /// Writes `seat`'s observation tensor (row-major, `observationShape`) into `buffer`.
    ///
    /// Valid for every seat at every state, terminal states included.
    func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>)
    /// A string that identifies everything `seat` knows at `state` (OpenSpiel's information state).
    func informationState(_ state: State, seat: Int) -> String

    /// What an LLM playing `seat` reads: the rules, the position and, where it matters, the history.
    func observationText(_ state: State, seat: Int) -> String
    /// The text form of an action at `state`, as the parser accepts it (e.g. `[4]`, `[call]`).
    func actionText(_ action: Action, in state: State) -> String
    /// Reads the acting seat's free-text reply and returns the action it names.
    ///
    /// - Returns: the action, or an error that says why the text was rejected and what is accepted.
    func parseAction(_ text: String, in state: State) -> Result<Action, ActionParseError>

    /// A string from which `decodeState` rebuilds `state` exactly.
    func encodeState(_ state: State) -> String
    /// Rebuilds a state written by `encodeState`.
    ///
    /// - Throws: `GameError.badState` naming what was wrong with `text`.
    func decodeState(_ text: String) throws(GameError) -> State
}

/// Who acts at a state.
public enum CurrentPlayer: Hashable, Sendable {
    /// A seat in `0..<seatCount` chooses an action.
    case seat(Int)
    /// Nature samples one of the listed chance outcomes.
    case chance
    /// The episode is over.
    case terminal

    /// OpenSpiel's numbering: seats are 0..n-1, chance is -1, terminal is -4.
    public var openSpielID: Int {
        switch self {
        case .seat(let seat): return seat
        case .chance: return -1
        case .terminal: return -4
        }
    }
}

/// One outcome of a chance node.
public struct ChanceOutcome<Action: Hashable & Sendable>: Hashable, Sendable {
    /// The outcome, applied with `Game.apply` like a seat's action.
    public var action: Action
    /// Its probability, in (0, 1]; the outcomes of a node sum to 1.
    public var probability: Double

    /// Creates an outcome.
    public init(_ action: Action, probability: Double) {
        self.action = action
        self.probability = probability
    }
}

/// How the returns of a game relate to each other.
public struct Utility: Hashable, Sendable {
    /// Utility kinds, as OpenSpiel names them.
    public enum Kind: String, Hashable, Sendable {
        /// Returns always sum to zero.
        case zeroSum = "zero_sum"
        /// Returns always sum to the same constant.
        case constantSum = "constant_sum"
        /// Every seat gets the same return.
        case identical
        /// No constraint.
        case generalSum = "general_sum"
    }

    /// The kind of utility.
    public var kind: Kind
    /// The smallest return any seat can get at a terminal state.
    public var min: Double
    /// The largest return any seat can get at a terminal state.
    public var max: Double

    /// Creates a utility description.
    public init(kind: Kind, min: Double, max: Double) {
        self.kind = kind
        self.min = min
        self.max = max
    }
}
