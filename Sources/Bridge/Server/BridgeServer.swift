import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where and how `BridgeServer` listens.
public struct BridgeServerOptions: Sendable {
    /// The request channel's ROUTER endpoint.
    public var requestEndpoint: String
    /// The trajectory channel's PUSH endpoint.
    public var trajectoryEndpoint: String
    /// The largest request accepted, all frames together (larger ones get `MESSAGE_TOO_LARGE`).
    public var maxMessageBytes: Int
    /// Trajectory messages queued for trainers before the PUSH socket blocks.
    public var highWaterMark: Int
    /// Seconds a vector may go without requests before the server closes it (0: never).
    public var idleTimeout: Double
    /// Requests of one vector that may wait for its trajectories to reach a trainer; more
    /// are refused with `TOO_MANY_WAITING`.
    public var maxWaitingRequests: Int
    /// Seconds the server keeps polling without sleeping after a request (0: it sleeps as
    /// soon as nothing is waiting).
    ///
    /// A trainer stepping a vector sends its next request a few hundred microseconds after
    /// the reply; a server asleep by then must be woken, which on a shared VM costs as much
    /// as the step itself. Polling through that gap cut a synchronous 1024-game TicTacToe
    /// step by about a sixth and a one-game round trip by a quarter (docs/bridge-speed.md),
    /// at the price of one core kept busy while requests keep coming. The poll yields the
    /// core to any other thread that wants it, and is skipped after a request that came
    /// more than twice this long after the one before (a trainer busy between steps).
    public var busyPollSeconds: Double
    /// What clients may use: memory, vectors and games, held replies, retries, text kept
    /// per episode, opponents (docs/protocol.md, Limits).
    public var limits: BridgeLimits
    /// CURVE encryption and client authentication on both channels; nil: none, so anyone
    /// who can reach the endpoints may use them (docs/protocol.md, Security).
    public var curve: CurveServerOptions?
    /// Refuse `MAKE`, `RESET`, `STEP` and `CLOSE` without a session token, so that no vector
    /// belongs to a bare connection (docs/protocol.md, Sessions).
    public var requireSessions: Bool

    /// Options with loopback endpoints (ports 5555 and 5556), a 64 MiB limit, HWM 1000,
    /// vectors closed after 600 s without requests, at most 64 waiting requests per vector,
    /// 1 ms of busy polling after each request, the default `BridgeLimits`, no CURVE, and
    /// sessions optional.
    public init(
        requestEndpoint: String = "tcp://127.0.0.1:5555", trajectoryEndpoint: String = "tcp://127.0.0.1:5556",
        maxMessageBytes: Int = 64 << 20, highWaterMark: Int = 1000, idleTimeout: Double = 600, maxWaitingRequests: Int = 64,
        busyPollSeconds: Double = 0.001, limits: BridgeLimits = BridgeLimits(), curve: CurveServerOptions? = nil,
        requireSessions: Bool = false
    ) {
        self.requireSessions = requireSessions
        self.requestEndpoint = requestEndpoint
        self.trajectoryEndpoint = trajectoryEndpoint
        self.maxMessageBytes = maxMessageBytes
        self.highWaterMark = highWaterMark
        self.idleTimeout = idleTimeout
        self.maxWaitingRequests = maxWaitingRequests
        self.busyPollSeconds = busyPollSeconds
        self.limits = limits
        self.curve = curve
    }
}

/// A trajectory message waiting for the PUSH socket.
struct QueuedTrajectories {
    /// The vector whose episodes it carries; nil for a message sent again on `REPLAY` (no
    /// request of the vector waits for it).
    var vectorID: UInt64?
    /// The sequence number of its first episode.
    var firstSequence: UInt64
    var parts: [ZMQMessage]
    var episodes: Int
    /// Its bytes as charged to the memory budget while queued: 0 for a message that is
    /// also kept until acknowledged (charged once, as kept).
    var countedBytes: Int
}

/// A thread-safe switch that tells a running server to stop (e.g. from a signal handler).
public final class BridgeStopSwitch: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a switch in the "keep running" position.
    public init() {}

    /// Asks the server to stop; it finishes the request in hand and returns from `run`.
    public func stop() { flag.store(true, ordering: .releasing) }

    /// Whether `stop` was called.
    public var isStopped: Bool { flag.load(ordering: .acquiring) }
}

/// The env server behind `games serve`: vectors of games stepped on request, finished
/// episodes with RAE advantages pushed to trainers (docs/protocol.md).
///
/// One thread runs everything: each request is small (one vector step takes microseconds to
/// about a millisecond at the largest batch), ZeroMQ's ROUTER queues requests fairly per
/// client, and no call ever blocks on one client or trainer (sends use DONTWAIT and queue
/// what cannot go now), so a slow client or trainer delays only its own work.
public final class BridgeServer {
    /// The options the server was started with.
    public let options: BridgeServerOptions
    /// The request endpoint actually bound (a `*` port resolved).
    public let boundRequestEndpoint: String
    /// The trajectory endpoint actually bound.
    public let boundTrajectoryEndpoint: String
    /// Flip it to make `run` return.
    public let stopSwitch = BridgeStopSwitch()

    let context: ZMQContext
    let router: ZMQSocket
    let push: ZMQSocket
    /// Answers libzmq's questions about connecting clients' keys; nil without CURVE.
    let authenticator: CurveAuthenticator?
    var vectors: [UInt64: any GameVectorProtocol] = [:]
    var nextVectorID: UInt64 = 1
    var nextSequence: UInt64 = 0
    let baselines = BaselineStore()
    /// Trajectory messages not yet accepted by the PUSH socket, oldest first.
    var trajectoryQueue: [QueuedTrajectories] = []
    var trajectoryQueueHead = 0
    /// Per vector: its messages still in `trajectoryQueue`.
    var unsentTrajectories: [UInt64: Int] = [:]
    /// Per vector: requests waiting until its trajectories went out, in arrival order.
    var deferredRequests: [UInt64: [[ZMQMessage]]] = [:]
    /// Per client: replies its full queue did not take yet, in order.
    var replyBacklog: [[UInt8]: [[ZMQMessage]]] = [:]
    /// Per vector: when it last had a request (seconds of `clock`).
    var lastRequestTime: [UInt64: Double] = [:]
    /// Vectors closed for going idle, so a late request hears why its vector is gone.
    var idleClosedVectors: Set<UInt64> = []
    /// When idle vectors were last looked for.
    var lastIdleSweep: Double = 0
    /// Seconds since the server started; tests replace it with a clock they move by hand.
    var clock: () -> Double
    /// The memory budget and what is charged to it.
    let ledger: MemoryLedger
    /// Per client connection (routing identity): replies and requests held for it.
    var clients: [[UInt8]: ClientUsage] = [:]
    /// Per owner (`VectorOwner.key`: a session, or a connection without one): its open
    /// vectors and their games, for the per-client quotas.
    var owners: [[UInt8]: OwnerUsage] = [:]
    /// Open sessions and their vectors.
    var sessions = SessionTable()
    /// Acknowledged vectors' trajectory messages not yet acknowledged.
    let kept: KeptTrajectories
    /// The most bytes kept since memory was last handed back (`returnMemoryOfAcknowledgedMessages`).
    var keptPeakSinceTrim = 0
    /// When that memory was last handed back (seconds of `clock`).
    var lastKeptTrim = -Double.infinity
    /// Episodes handed to the PUSH socket, replays not counted.
    var episodesSent: UInt64 = 0
    /// When lost episodes were last reported on stderr (seconds of `clock`).
    var lastLossReport = -Double.infinity
    /// Per open vector: its footprint estimate, reserved in `ledger`.
    var vectorFootprints: [UInt64: Int] = [:]
    /// Opponents clients may name, and the solves behind `cfr` and `minimax`.
    let opponents: WireOpponents
    /// `MAKE` requests waiting for their opponent's solve, per solve key, in arrival order.
    var waitingForSolves: [String: [[ZMQMessage]]] = [:]
    /// Prompt and legal-action sizes per game string, for text vectors' estimates.
    let textFaceSizes = TextFaceSizeCache()
    /// Vectors closed since their memory was last handed back: their footprints, and the
    /// episode text counted when the first of them closed (`returnFreedMemory`).
    var closedSinceTrim: (footprints: Int, textBytes: Int?) = (0, nil)

    /// Binds both channels.
    ///
    /// - Throws: `BridgeError` (`INVALID_ARGUMENT`) for a busy-poll time that is negative or
    ///   not finite, or a policy directory that is not one; `ZMQError` when an endpoint cannot
    ///   be bound (e.g. the port is taken).
    public convenience init(options: BridgeServerOptions = BridgeServerOptions()) throws {
        try self.init(options: options, beforeSolve: nil)
    }

    /// Binds both channels; `beforeSolve` is called on the solving thread before each
    /// opponent solve starts (tests hold a solve there to see others served meanwhile).
    init(options: BridgeServerOptions, beforeSolve: (@Sendable (String) -> Void)?) throws {
        guard options.busyPollSeconds >= 0, options.busyPollSeconds.isFinite else {
            throw BridgeError.invalid("busyPollSeconds must be 0 or a finite number of seconds, got \(options.busyPollSeconds)")
        }
        self.options = options
        ledger = MemoryLedger(limit: options.limits.maxMemoryBytes)
        kept = KeptTrajectories(limitBytes: options.limits.maxUnacknowledgedBytes)
        opponents = WireOpponents(
            directory: try options.limits.policyDirectory.map { path throws(BridgeError) in try PolicyDirectory(path) },
            solveNodeLimit: options.limits.maxSolveNodes, beforeSolve: beforeSolve)
        let context = try ZMQContext()
        self.context = context
        // Bound before the CURVE sockets: libzmq lets every client in while no handler is bound.
        authenticator = try options.curve.map { curve throws(ZMQError) in
            try CurveAuthenticator(context, authorizedKeys: curve.authorizedKeys, report: { BridgeServer.report($0) })
        }
        router = try ZMQSocket(context, type: .router)
        try router.enableCurve(options.curve)
        try router.set(.routerMandatory, Int32(1))
        // Replies ZeroMQ queues per client before `send` says EAGAIN and the server holds
        // them, counted against the client's limits (`maxUnreadReplies`, `maxUnreadBytes`).
        try router.set(.sendHighWaterMark, Int32(clamping: options.limits.replyHighWaterMark))
        // libzmq drops single frames over this size and closes that connection; whole
        // messages over the limit are answered with MESSAGE_TOO_LARGE by `handle`.
        try router.set(.maxMessageSize, Int64(options.maxMessageBytes))
        try router.bind(options.requestEndpoint)
        boundRequestEndpoint = try router.lastEndpoint()
        let start = ContinuousClock.now
        clock = {
            let elapsed = start.duration(to: .now).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        }
        push = try ZMQSocket(context, type: .push)
        try push.enableCurve(options.curve)
        try push.set(.sendHighWaterMark, Int32(clamping: options.highWaterMark))
        try push.bind(options.trajectoryEndpoint)
        boundTrajectoryEndpoint = try push.lastEndpoint()
    }

    /// Serves until `stopSwitch.stop()` is called, then tries for up to `drainSeconds` to hand
    /// queued trajectories to a trainer before returning.
    ///
    /// - Throws: `ZMQError` when polling fails (a closed socket; not expected).
    public func run(drainSeconds: Double = 2) throws {
        // On the system's clock, not `clock` (which tests move by hand for idle timeouts).
        let busyPoll = Duration.seconds(options.busyPollSeconds)
        var busyPollEnd = ContinuousClock.now
        var lastBurstEnd: ContinuousClock.Instant?
        while !stopSwitch.isStopped {
            let wantsToSend = trajectoryQueueHead < trajectoryQueue.count
            let busyPolling = ContinuousClock.now < busyPollEnd
            // Solves end on another thread: look for them often while MAKEs wait on one.
            let timeout = busyPolling ? 0 : !replyBacklog.isEmpty || !waitingForSolves.isEmpty ? 5 : 100
            var sockets = [
                ZMQPollRequest(socket: router, readable: true, writable: false),
                ZMQPollRequest(socket: push, readable: false, writable: wantsToSend),
            ]
            if let authenticator { sockets.append(ZMQPollRequest(socket: authenticator.socket, readable: true, writable: false)) }
            let ready = try ZMQPoller.poll(sockets, timeoutMilliseconds: timeout)
            // First, so a client's handshake waits for no request in the burst below.
            if ready.count > 2, ready[2].readable { try authenticator?.answerWaiting() }
            if wantsToSend { sendTrajectories() }
            if !deferredRequests.isEmpty { serveDeferredRequests() }
            if !waitingForSolves.isEmpty { serveSolvedRequests() }
            closeIdleVectors()
            if ready[0].readable {
                // Poll after this burst only if the wait before it was short enough for
                // polling to have spared a wake-up (twice the window allows for the wake-up
                // itself): a trainer that works longer between steps gets the core back.
                let arrival = ContinuousClock.now
                let waitWasShort = lastBurstEnd.map { arrival - $0 <= busyPoll * 2 } ?? true
                // A bounded burst, so queued trajectories and backlogged replies get their turn.
                for _ in 0..<256 {
                    guard let parts = try router.receive(dontWait: true) else { break }
                    // Before every request, not once per burst: a request that arrives after
                    // its vector's idle timeout must find the vector closed.
                    closeIdleVectors()
                    handle(parts)
                    if stopSwitch.isStopped { break }
                }
                // The client's next request comes some time after the last reply.
                let burstEnd = ContinuousClock.now
                lastBurstEnd = burstEnd
                busyPollEnd = waitWasShort ? burstEnd + busyPoll : burstEnd
            }
            flushReplyBacklog()
            returnFreedMemory()
            reportLostEpisodes()
            if busyPolling && !ready[0].readable { sched_yield() }
        }
        drainTrajectories(seconds: drainSeconds)
    }

    /// Sends queued trajectory messages until the PUSH socket would block. (Requests that
    /// waited on them are served by the loop, never from here: that would answer them in the
    /// middle of another request, ahead of its reply.)
    func sendTrajectories() {
        while trajectoryQueueHead < trajectoryQueue.count {
            let entry = trajectoryQueue[trajectoryQueueHead]
            do {
                guard try push.send(entry.parts, dontWait: true) else { break }
            } catch {
                reportProblem("trajectory send failed, retrying: \(error)")
                break
            }
            trajectoryQueue[trajectoryQueueHead].parts = []
            ledger.removeQueuedTrajectories(entry.countedBytes)
            trajectoryQueueHead += 1
            guard let vectorID = entry.vectorID else { continue }  // a replay
            episodesSent += UInt64(entry.episodes)
            let left = (unsentTrajectories[vectorID] ?? 1) - 1
            unsentTrajectories[vectorID] = left > 0 ? left : nil
        }
        if trajectoryQueueHead == trajectoryQueue.count {
            trajectoryQueue.removeAll(keepingCapacity: true)
            trajectoryQueueHead = 0
        } else if trajectoryQueueHead > 1024 {
            trajectoryQueue.removeFirst(trajectoryQueueHead)
            trajectoryQueueHead = 0
        }
    }

    /// Serves, in arrival order, the waiting requests of vectors whose trajectories went out.
    private func serveDeferredRequests() {
        for vectorID in Array(deferredRequests.keys) where unsentTrajectories[vectorID] == nil {
            while let waiting = deferredRequests[vectorID], let first = waiting.first, unsentTrajectories[vectorID] == nil {
                deferredRequests[vectorID] = waiting.count > 1 ? Array(waiting.dropFirst()) : nil
                release(first)
                handle(first, replaying: true)
            }
        }
    }

    private func drainTrajectories(seconds: Double) {
        var waited = 0.0
        while trajectoryQueueHead < trajectoryQueue.count && waited < seconds {
            _ = try? ZMQPoller.poll([ZMQPollRequest(socket: push, readable: false, writable: true)], timeoutMilliseconds: 50)
            sendTrajectories()
            waited += 0.05
        }
        let left = trajectoryQueue.count - trajectoryQueueHead
        if left > 0 { reportProblem("stopping with \(left) trajectory messages no trainer took") }
    }

    /// Sends a reply to `identity`'s client, or keeps it until the client reads again
    /// (counted against the client's limits until it goes out).
    func sendReply(_ parts: [ZMQMessage], to identity: [UInt8]) {
        if replyBacklog[identity] != nil {
            hold(parts, for: identity)
            replyBacklog[identity, default: []].append(parts)
            return
        }
        do {
            if try !router.send(parts, dontWait: true) {
                hold(parts, for: identity)
                replyBacklog[identity] = [parts]
            }
        } catch let error where error.code == EHOSTUNREACH {
            // The client is gone; its reply has nowhere to go.
        } catch {
            reportProblem("reply not sent: \(error)")
        }
    }

    private func flushReplyBacklog() {
        for identity in Array(replyBacklog.keys) {
            guard var queue = replyBacklog[identity] else { continue }
            while let first = queue.first {
                // Counted before sending: libzmq empties the parts it takes.
                let bytes = first.reduce(0) { $0 + $1.count }
                do {
                    guard try router.send(first, dontWait: true) else { break }
                } catch {
                    // The client is gone.
                    for parts in queue { release(parts) }
                    queue.removeAll()
                    break
                }
                release(bytes: bytes, of: identity)
                queue.removeFirst()
            }
            replyBacklog[identity] = queue.isEmpty ? nil : queue
        }
    }

    func reportProblem(_ text: String) { Self.report(text) }

    static func report(_ text: String) {
        var standardError = StandardErrorStream()
        print("games serve: \(text)", to: &standardError)
    }
}

extension ZMQSocket {
    /// Makes the socket a CURVE server with `curve`'s secret key (nothing when nil); before bind.
    fileprivate func enableCurve(_ curve: CurveServerOptions?) throws(ZMQError) {
        guard let curve else { return }
        try set(.curveServer, Int32(1))
        try set(.curveSecretKey, Array(curve.secretKey.utf8))
    }
}

struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}
