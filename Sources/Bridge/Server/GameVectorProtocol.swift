import Games
import Rollout

/// What the server needs from a vector of games, whatever the game: one existential call per
/// request; the work inside is generic code specialised for the game.
protocol GameVectorProtocol: AnyObject {
    var id: UInt64 { get }
    /// The routing identity of the client that made the vector.
    var owner: [UInt8] { get }
    var makeReply: WireMakeReply { get }
    /// Finished episodes not yet sent (nil without trajectories).
    var collector: TrajectoryCollector? { get }
    /// The canonical game string.
    var gameString: String { get }
    /// Games (slots) in the vector.
    var batchSize: Int { get }
    /// Starts a new episode in every slot and writes the state frames.
    func reset(seed: UInt64?, into reply: inout OutgoingMessage) throws
    /// Plays one action or reply per slot and writes the state frames.
    func step(_ request: IncomingMessage, into reply: inout OutgoingMessage) throws
}

/// Builds a vector for the game a `MAKE` names, specialised for that game, with the
/// estimate of its footprint.
struct VectorBuilder: GameVisitor {
    let id: UInt64
    let owner: [UInt8]
    let options: VectorOptions
    let ledger: MemoryLedger
    let opponents: WireOpponents
    let textFaceSizes: TextFaceSizeCache
    /// Refuses a footprint the server cannot hold; called before anything is allocated.
    let admit: (VectorFootprint, String) throws(BridgeError) -> Void

    /// - Throws: `BridgeError` for a refused vector; `SolvePending` when the opponent is
    ///   being solved (the request is answered when the solve ends).
    func visit<G: Game>(_ game: G) throws -> (any GameVectorProtocol, VectorFootprint) {
        let footprint = VectorFootprint(game: game, options: options, textSizes: options.text ? textFaceSizes.sizes(of: game) : nil)
        try admit(footprint, game.description)
        let opponent: Policy<G>?
        switch try opponents.resolve(options.opponentName, for: game) {
        case .ready(let policy): opponent = policy
        case .solving(let key): throw SolvePending(key: key)
        }
        let vector = try GameVector(id: id, owner: owner, game: game, options: options, ledger: ledger, opponentPolicy: opponent)
        return (ErasedGameVector(vector), footprint)
    }
}

/// A vector behind closures made where its game type is concrete.
///
/// Calling `GameVector<G>` through a protocol witness runs the generic, unspecialised code
/// (witness tables of generic classes are not specialised per game): measured 9 us per game
/// step instead of well under 1 us. Closures formed inside the catalog's specialised visit
/// call the specialised methods.
final class ErasedGameVector: GameVectorProtocol {
    let id: UInt64
    let owner: [UInt8]
    let makeReply: WireMakeReply
    let collector: TrajectoryCollector?
    let gameString: String
    let batchSize: Int
    private let resetBody: (UInt64?, inout OutgoingMessage) throws -> Void
    private let stepBody: (IncomingMessage, inout OutgoingMessage) throws -> Void

    @inline(__always)
    init<G: Game>(_ vector: GameVector<G>) {
        id = vector.id
        owner = vector.owner
        makeReply = vector.makeReply
        collector = vector.collector
        gameString = vector.gameString
        batchSize = vector.batchSize
        resetBody = { seed, reply in try vector.reset(seed: seed, into: &reply) }
        stepBody = { request, reply in try vector.step(request, into: &reply) }
    }

    func reset(seed: UInt64?, into reply: inout OutgoingMessage) throws { try resetBody(seed, &reply) }
    func step(_ request: IncomingMessage, into reply: inout OutgoingMessage) throws { try stepBody(request, &reply) }
}
