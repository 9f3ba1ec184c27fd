import ArgumentParser
import Bridge
import Dispatch
import Foundation

/// `games serve`: the ZeroMQ env server (docs/protocol.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve games to trainers over ZeroMQ: requests on a ROUTER, finished episodes on a PUSH (docs/protocol.md).",
        discussion:
            "Binds loopback by default; other addresses need CURVE (--curve-secret-key with --authorized-keys) or --insecure. Stop with Ctrl-C (SIGINT) or SIGTERM. The Python client is in python-client/ (pip install ./python-client)."
    )

    @Option(help: "The request channel's endpoint (ROUTER; clients connect DEALER sockets).")
    var bind = "tcp://127.0.0.1:5555"

    @Option(help: "The trajectory channel's endpoint (PUSH; trainers connect PULL sockets).")
    var trajectories = "tcp://127.0.0.1:5556"

    @Option(parsing: .unconditional, help: "The largest request accepted, in bytes (all frames together).")
    var maxMessageBytes = 64 << 20

    @Option(parsing: .unconditional, help: "Trajectory messages queued for trainers before the vectors that feed them wait.")
    var hwm = 1000

    @Option(parsing: .unconditional, help: "Seconds a vector may go without requests before the server closes it (0: never).")
    var idleTimeout = 600.0

    @Option(
        parsing: .unconditional,
        help: "Requests of one vector that may wait for its trajectories to reach a trainer; more are refused (TOO_MANY_WAITING).")
    var maxWaitingRequests = 64

    @Option(
        parsing: .unconditional,
        help:
            "Microseconds the server keeps polling without sleeping after a request (0: sleep at once). Saves waking the server for a trainer's next step, at the price of one busy core while requests keep coming; skipped after a request that came more than twice this long after the one before."
    )
    var busyPoll = 1000.0

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "The memory budget (e.g. 512M, 4G): vector estimates, episode text, queued trajectories, held replies; a MAKE that does not fit is refused. Default: half of physical memory, of the address-space limit (ulimit -v) and of the cgroup limit, whichever is smallest.",
            valueName: "bytes"))
    var maxMemory: ByteCountArgument?

    @Option(parsing: .unconditional, help: "Open vectors one client may have.")
    var maxVectorsPerClient = 64

    @Option(parsing: .unconditional, help: "Games (the sum of batch sizes) one client's open vectors may hold.")
    var maxGamesPerClient = 262_144

    @Option(
        parsing: .unconditional,
        help: "Replies a client has not read (and requests waiting for trajectories or a solve) before its requests are refused (TOO_MANY_WAITING).")
    var maxUnreadReplies = 64

    @Option(
        parsing: .unconditional, help: ArgumentHelp("Bytes of those replies and requests before a client's requests are refused.", valueName: "bytes")
    )
    var maxUnreadBytes = ByteCountArgument(bytes: 256 << 20)

    @Option(parsing: .unconditional, help: "Replies ZeroMQ queues per client before the server holds them (ZMQ_SNDHWM of the request socket).")
    var replyHwm = 4

    @Option(parsing: .unconditional, help: "The most retries an invalid-move policy may ask for (zero_sum+K).")
    var maxRetries = 10

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Text one episode may keep (replies played, recorded prompts and replies) before it is cut as at max_turns.", valueName: "bytes"))
    var maxEpisodeTextBytes = ByteCountArgument(bytes: 4 << 20)

    @Option(
        help: ArgumentHelp(
            "A directory of policy files that clients may name as opponents (tabular:NAME); without it clients get built-in opponents only.",
            valueName: "dir"))
    var policyDir: String?

    @Option(parsing: .unconditional, help: "The largest game tree (histories) a cfr or minimax opponent is solved on.")
    var maxSolveNodes = 200_000

    @Option(
        parsing: .unconditional,
        help: "Sessions the server keeps open at once (a session without vectors ends --idle-timeout after its last request).")
    var maxSessions = 4096

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Bytes of trajectory messages kept until a trainer acknowledges them (vectors made with trajectories.acknowledged); when full, the oldest are dropped and counted as lost.",
            valueName: "bytes"))
    var maxUnacknowledgedBytes = ByteCountArgument(bytes: 256 << 20)

    @Option(
        help: ArgumentHelp(
            "The server's CURVE secret key (from `games keygen PREFIX`: PREFIX.key): both channels encrypt, and only clients with a key in --authorized-keys may connect. Clients need the matching PREFIX.pub.",
            valueName: "file"))
    var curveSecretKey: String?

    @Option(
        help: ArgumentHelp(
            "A directory of the public keys (*.pub) of the clients and trainers that may connect; with --curve-secret-key.", valueName: "dir"))
    var authorizedKeys: String?

    @Flag(
        help:
            "Refuse MAKE, RESET, STEP and CLOSE without a session token, so no vector belongs to a bare connection (which a reconnect loses and a client reusing its routing id could take)."
    )
    var requireSessions = false

    @Flag(help: "Allow binding an address other than loopback without CURVE: anyone who can reach it may use the server and read its traffic.")
    var insecure = false

    func validate() throws {
        switch (curveSecretKey, authorizedKeys) {
        case (.some, nil): throw ValidationError("--curve-secret-key needs --authorized-keys DIR (the public keys of the clients that may connect)")
        case (nil, .some):
            throw ValidationError("--authorized-keys needs --curve-secret-key FILE (the server's secret key, from `games keygen PREFIX`)")
        case (.some, .some) where insecure:
            throw ValidationError("--insecure contradicts --curve-secret-key: with CURVE the server is not insecure; drop --insecure")
        default: break
        }
        let exposed = [bind, trajectories].filter { !isLoopbackEndpoint($0) }
        if curveSecretKey == nil, !insecure, let endpoint = exposed.first {
            throw ValidationError(
                "\(endpoint) is not a loopback address, and without CURVE anyone who can reach it could use the server and read its traffic. "
                    + "Give --curve-secret-key FILE and --authorized-keys DIR (keys from `games keygen PREFIX`; docs/protocol.md, Security), "
                    + "bind 127.0.0.1 instead, or pass --insecure to serve it unauthenticated anyway")
        }
        guard maxMessageBytes >= 1024 else { throw ValidationError("--max-message-bytes must be at least 1024, got \(maxMessageBytes)") }
        guard hwm >= 1 else { throw ValidationError("--hwm must be at least 1, got \(hwm)") }
        guard idleTimeout >= 0, idleTimeout.isFinite else {
            throw ValidationError("--idle-timeout must be 0 (never) or a number of seconds, got \(idleTimeout)")
        }
        guard busyPoll >= 0, busyPoll <= 1_000_000 else { throw ValidationError("--busy-poll must be 0 to 1000000 microseconds, got \(busyPoll)") }
        guard maxWaitingRequests >= 1 else { throw ValidationError("--max-waiting-requests must be at least 1, got \(maxWaitingRequests)") }
        for (flag, value) in [
            ("--max-vectors-per-client", maxVectorsPerClient), ("--max-games-per-client", maxGamesPerClient),
            ("--max-unread-replies", maxUnreadReplies), ("--reply-hwm", replyHwm), ("--max-solve-nodes", maxSolveNodes),
            ("--max-sessions", maxSessions),
        ] where value < 1 {
            throw ValidationError("\(flag) must be at least 1, got \(value)")
        }
        guard maxRetries >= 0 else { throw ValidationError("--max-retries must be 0 or more, got \(maxRetries)") }
        for (flag, value) in [
            ("--max-memory", maxMemory?.bytes ?? 1), ("--max-unread-bytes", maxUnreadBytes.bytes),
            ("--max-episode-text-bytes", maxEpisodeTextBytes.bytes),
            ("--max-unacknowledged-bytes", maxUnacknowledgedBytes.bytes),
        ] where value < 1 {
            throw ValidationError("\(flag) must be at least 1 byte, got \(value)")
        }
        if let policyDir {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: policyDir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--policy-dir \(policyDir) is not a directory")
            }
        }
    }

    /// The limits the flags set.
    var limits: BridgeLimits {
        var limits = BridgeLimits(
            maxVectorsPerClient: maxVectorsPerClient, maxGamesPerClient: maxGamesPerClient, maxUnreadReplies: maxUnreadReplies,
            maxUnreadBytes: maxUnreadBytes.bytes, replyHighWaterMark: replyHwm, maxRetries: maxRetries,
            maxEpisodeTextBytes: maxEpisodeTextBytes.bytes, policyDirectory: policyDir, maxSolveNodes: maxSolveNodes,
            maxSessions: maxSessions, maxUnacknowledgedBytes: maxUnacknowledgedBytes.bytes)
        if let maxMemory { limits.maxMemoryBytes = maxMemory.bytes }
        return limits
    }

    /// The CURVE options the flags name, read from their files; nil without them.
    ///
    /// - Throws: `ValidationError` for a key file or directory that is missing, unreadable or
    ///   malformed (a wrong flag value, so a usage error), or a libzmq without CURVE.
    func curveOptions() throws -> CurveServerOptions? {
        guard let curveSecretKey, let authorizedKeys else { return nil }
        guard CurveKeys.isAvailable else {
            throw CommandError("this libzmq was built without CURVE (libsodium); --curve-secret-key cannot be used")
        }
        do {
            return try CurveServerOptions(secretKeyFile: curveSecretKey, authorizedKeysDirectory: authorizedKeys)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let curve = try curveOptions()
        let options = BridgeServerOptions(
            requestEndpoint: bind, trajectoryEndpoint: trajectories, maxMessageBytes: maxMessageBytes, highWaterMark: hwm,
            idleTimeout: idleTimeout, maxWaitingRequests: maxWaitingRequests, busyPollSeconds: busyPoll * 1e-6, limits: limits,
            curve: curve, requireSessions: requireSessions)
        if curve == nil, insecure {
            for endpoint in [bind, trajectories] where !isLoopbackEndpoint(endpoint) {
                let warning =
                    "games serve: warning: \(endpoint) is not loopback and has no CURVE (--insecure): anyone who can reach it may use the server and read its traffic\n"
                FileHandle.standardError.write(Data(warning.utf8))
            }
        }
        let server: BridgeServer
        do {
            server = try BridgeServer(options: options)
        } catch {
            throw CommandError("cannot start the server: \(error); choose other endpoints with --bind and --trajectories")
        }
        let stopSwitch = server.stopSwitch
        // Signals go to a dispatch source instead of the default handler, so `run` returns
        // after the request in hand and the sockets close cleanly. A source is registered
        // asynchronously, and the default action is already ignored by then: a signal in
        // between would be lost and the server would never stop. So the banner, which tells
        // scripts the server is up (and so may be stopped), waits for both registrations.
        var sources: [any DispatchSourceSignal] = []
        let registered = DispatchSemaphore(value: 0)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stopSwitch.stop() }
            source.setRegistrationHandler { registered.signal() }
            source.resume()
            sources.append(source)
        }
        for _ in sources { registered.wait() }
        // Written unbuffered: scripts and tests wait for this line to know the server is up.
        let banner = "games serve: requests on \(server.boundRequestEndpoint), trajectories on \(server.boundTrajectoryEndpoint) (protocol v1)\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        if let curve {
            let security =
                "games serve: CURVE on both channels, server public key \(curve.publicKey), \(curve.authorizedKeys.count) authorized client keys (--authorized-keys)\n"
            FileHandle.standardError.write(Data(security.utf8))
        }
        let budget = "games serve: memory budget \(ByteCount.describe(options.limits.maxMemoryBytes)) (--max-memory)\n"
        FileHandle.standardError.write(Data(budget.utf8))
        try server.run()
        print("games serve: stopped")
        _ = sources
    }
}
