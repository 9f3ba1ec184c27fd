import ArgumentParser
import Bridge
import Foundation
import Games
import Rollout

/// The prefix of a policy served by another process (`remote:tcp://127.0.0.1:5557`).
let remotePrefix = "remote:"

/// Builds the policies a command names (comma-separated), or the game's default line-up.
func policyLineup<G: Game>(_ names: String?, for game: G) throws -> [Policy<G>] {
    let list = names.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        ?? PolicyCatalog.defaultNames(for: game)
    guard !list.isEmpty, list.allSatisfy({ !$0.isEmpty }) else {
        throw ValidationError("--policies needs comma-separated names, e.g. random,minimax; accepted: \(PolicyCatalog.names.joined(separator: ", "))")
    }
    do {
        return try list.map { name in
            // `remote:ENDPOINT`: a learner serving actions over the bridge (docs/protocol.md).
            if name.hasPrefix(remotePrefix) {
                let endpoint = String(name.dropFirst(remotePrefix.count))
                do {
                    return Policy(name: name, batched: try RemotePolicy(endpoint: endpoint, game: game.description))
                } catch {
                    throw ValidationError("\(name): \(error); expected remote:tcp://HOST:PORT")
                }
            }
            return try PolicyCatalog.make(name, for: game)
        }
    } catch let error as PolicyCatalog.UnknownPolicy {
        throw ValidationError("\(error.description), or remote:ENDPOINT (a policy served over the bridge)")
    }
}

/// A one-line progress bar on standard error, shown only when it is a terminal.
struct ProgressBar {
    let label: String
    let enabled = isatty(2) == 1

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
