import ArgumentParser
import Bridge
import Dispatch
import Foundation

/// `games serve`: the ZeroMQ env server (docs/protocol.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve games to trainers over ZeroMQ: requests on a ROUTER, finished episodes on a PUSH (docs/protocol.md).",
        discussion: "Binds loopback by default. Stop with Ctrl-C (SIGINT) or SIGTERM. The Python client is in python-client/ (pip install ./python-client)."
    )

    @Option(help: "The request channel's endpoint (ROUTER; clients connect DEALER sockets).")
    var bind = "tcp://127.0.0.1:5555"

    @Option(help: "The trajectory channel's endpoint (PUSH; trainers connect PULL sockets).")
    var trajectories = "tcp://127.0.0.1:5556"

    @Option(help: "The largest request accepted, in bytes (all frames together).")
    var maxMessageBytes = 64 << 20

    @Option(help: "Trajectory messages queued for trainers before the vectors that feed them wait.")
    var hwm = 1000

    @Option(help: "Seconds a vector may go without requests before the server closes it (0: never).")
    var idleTimeout = 600.0

    @Option(help: "Requests of one vector that may wait for its trajectories to reach a trainer; more are refused (TOO_MANY_WAITING).")
    var maxWaitingRequests = 64

    @Option(help: "Microseconds the server keeps polling without sleeping after a request (0: sleep at once). Saves waking the server for a trainer's next step, at the price of one busy core while requests keep coming; skipped after a request that came more than twice this long after the one before.")
    var busyPoll = 1000.0

    func validate() throws {
        guard maxMessageBytes >= 1024 else { throw ValidationError("--max-message-bytes must be at least 1024, got \(maxMessageBytes)") }
        guard hwm >= 1 else { throw ValidationError("--hwm must be at least 1, got \(hwm)") }
        guard idleTimeout >= 0, idleTimeout.isFinite else { throw ValidationError("--idle-timeout must be 0 (never) or a number of seconds, got \(idleTimeout)") }
        guard busyPoll >= 0, busyPoll <= 1_000_000 else { throw ValidationError("--busy-poll must be 0 to 1000000 microseconds, got \(busyPoll)") }
        guard maxWaitingRequests >= 1 else { throw ValidationError("--max-waiting-requests must be at least 1, got \(maxWaitingRequests)") }
    }

    func run() throws {
        let options = BridgeServerOptions(
            requestEndpoint: bind, trajectoryEndpoint: trajectories, maxMessageBytes: maxMessageBytes, highWaterMark: hwm,
            idleTimeout: idleTimeout, maxWaitingRequests: maxWaitingRequests, busyPollSeconds: busyPoll * 1e-6)
        let server: BridgeServer
        do {
            server = try BridgeServer(options: options)
        } catch {
            throw ValidationError("cannot start the server: \(error); choose other endpoints with --bind and --trajectories")
        }
        let stopSwitch = server.stopSwitch
        // Signals go to a dispatch source instead of the default handler, so `run` returns
        // after the request in hand and the sockets close cleanly.
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stopSwitch.stop() }
            source.resume()
            sources.append(source)
        }
        // Written unbuffered: scripts and tests wait for this line to know the server is up.
        let banner = "games serve: requests on \(server.boundRequestEndpoint), trajectories on \(server.boundTrajectoryEndpoint) (protocol v1)\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        try server.run()
        print("games serve: stopped")
        _ = sources
    }
}
