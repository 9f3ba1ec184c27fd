import Foundation
import Games
import Rollout

/// A policy served by another process over the bridge's remote-policy channel: the engine
/// sends a batch of observations and legal masks, the learner answers with actions
/// (docs/protocol.md, Remote policy channel).
///
/// The learner binds a REP (or ROUTER) socket, e.g. Python's `selfplay.PolicyServer`; this
/// side connects one REQ socket per engine thread that calls `act` at the same time (a pool:
/// the engine's shards call concurrently, and a ZeroMQ socket must have one user at a time).
public final class RemotePolicy: BatchPolicy, @unchecked Sendable {
    /// The learner's endpoint.
    public let endpoint: String
    /// The game string sent with each request, so the learner can check what it plays.
    public let game: String
    /// The largest reply accepted, in bytes (all frames together; ZeroMQ drops a single
    /// frame over it unread, `ZMQ_MAXMSGSIZE`).
    public let maxReplyBytes: Int
    /// The most frames a reply may have: a header and the actions, with room to spare.
    public static let maxReplyFrames = 8
    private let timeoutMilliseconds: Int32
    private let context: ZMQContext
    private let lock = NSLock()
    // Guarded by `lock`.
    private var idleSockets: [ZMQSocket] = []
    private var nextRequestID: UInt64 = 1

    /// A policy that asks the learner at `endpoint`.
    ///
    /// - Parameters:
    ///   - endpoint: a ZeroMQ endpoint such as `tcp://127.0.0.1:5557`.
    ///   - game: the canonical game string of the game played.
    ///   - timeoutSeconds: how long to wait for each answer before the rollout stops with an error.
    ///   - maxReplyBytes: the largest reply accepted (a reply holds 4 bytes per decision and a
    ///     small header: the 16 MiB default is room for four million decisions per request).
    /// - Throws: `ZMQError` when the endpoint is not a valid ZeroMQ address.
    public init(endpoint: String, game: String, timeoutSeconds: Double = 60, maxReplyBytes: Int = 16 << 20) throws {
        self.endpoint = endpoint
        self.game = game
        self.maxReplyBytes = maxReplyBytes
        self.timeoutMilliseconds = Int32(clamping: Int(timeoutSeconds * 1000))
        context = try ZMQContext()
        // Connect one socket now, so a malformed endpoint fails here and not mid-rollout.
        idleSockets.append(try makeSocket())
    }

    private func makeSocket() throws -> ZMQSocket {
        let socket = try ZMQSocket(context, type: .request)
        try socket.set(.receiveTimeout, timeoutMilliseconds)
        try socket.set(.sendTimeout, timeoutMilliseconds)
        // A learner's reply is never read into memory past this size: libzmq drops a larger
        // frame as it arrives (and the connection with it) instead of allocating it.
        try socket.set(.maxMessageSize, Int64(maxReplyBytes))
        try socket.connect(endpoint)
        return socket
    }

    /// Asks the learner for one action per decision.
    ///
    /// - Throws: `RemotePolicyError` when the learner does not answer in time, answers with an
    ///   error, sends a reply over `maxReplyBytes` or `maxReplyFrames`, or sends the wrong
    ///   number of actions; `ZMQError` for transport failures.
    public func act(_ decisions: DecisionBatch) throws -> [Int32] {
        let (socket, requestID) = try checkOut()
        var request = OutgoingMessage(kind: .policyAct, requestID: requestID, isReply: false)
        var body = WirePolicyActRequest()
        body.game = game
        body.observationSize = UInt32(decisions.observationSize)
        body.actionCount = UInt32(decisions.actionCount)
        request.header.policyAct = body
        let count = decisions.count
        try request.addArray("observations", decisions.observations, shape: [count, decisions.observationSize])
        try request.addArray("legal_masks", decisions.legalMasks, shape: [count, decisions.actionCount])
        try request.addArray("seats", decisions.seats)
        try request.addArray("roles", decisions.roles)
        try request.addArray("episode_ids", decisions.episodeIDs)
        try socket.send(try request.parts())
        guard let parts = try socket.receive() else {
            // A REQ socket that missed its reply cannot send again: drop it (a new one replaces it).
            throw RemotePolicyError(
                description: "the policy at \(endpoint) did not answer within \(Double(timeoutMilliseconds) / 1000) s "
                    + "(a reply with a frame over \(ByteCount.describe(maxReplyBytes)), the limit RemotePolicy.maxReplyBytes, is dropped unread and looks the same)"
            )
        }
        checkIn(socket)
        let replyBytes = parts.reduce(0) { $0 + $1.count }
        guard parts.count <= Self.maxReplyFrames, replyBytes <= maxReplyBytes else {
            throw RemotePolicyError(
                description:
                    "the policy at \(endpoint) answered \(ByteCount.describe(replyBytes)) in \(parts.count) frames; a reply may have at most "
                    + "\(ByteCount.describe(maxReplyBytes)) (RemotePolicy.maxReplyBytes) in \(Self.maxReplyFrames) frames (RemotePolicy.maxReplyFrames)"
            )
        }
        let reply = try IncomingMessage(frames: parts)
        if case .error(let error)? = reply.header.body {
            throw RemotePolicyError(description: "the policy at \(endpoint) answered \(error.code): \(error.message)")
        }
        guard reply.header.kind == .policyAct, reply.header.requestID == requestID else {
            throw RemotePolicyError(
                description:
                    "the policy at \(endpoint) answered a \(reply.header.kind) with id \(reply.header.requestID); expected POLICY_ACT \(requestID)")
        }
        guard let (actions, _) = try reply.array("actions", as: Int32.self), actions.count == count else {
            throw RemotePolicyError(description: "the policy at \(endpoint) must answer array 'actions' (int32) with \(count) entries")
        }
        return actions
    }

    private func checkOut() throws -> (ZMQSocket, UInt64) {
        lock.lock()
        let socket = idleSockets.popLast()
        let requestID = nextRequestID
        nextRequestID += 1
        lock.unlock()
        return (try socket ?? makeSocket(), requestID)
    }

    private func checkIn(_ socket: ZMQSocket) {
        lock.lock()
        idleSockets.append(socket)
        lock.unlock()
    }
}

/// A remote policy that failed to answer properly.
public struct RemotePolicyError: Error, CustomStringConvertible {
    /// What went wrong, naming the endpoint.
    public let description: String
}
