import ArgumentParser
import Bridge
import Foundation
import Games
import Rollout

/// The policies every command that plays policies accepts (`selfplay`, `rollout`,
/// `play --opponent`): the built-in catalog and learners served over the bridge.
enum PolicyNames {
    /// The prefix of a policy served by another process (`remote:tcp://127.0.0.1:5557`).
    static let remotePrefix = "remote:"
    /// The prefix of a tabular policy file (`tabular:kuhn_cfr.json`).
    static let tabularPrefix = "tabular:"

    /// Every accepted form, for help texts and errors.
    static let accepted = PolicyCatalog.names + ["remote:ENDPOINT"]

    /// `random, minimax, ..., tabular:FILE, remote:ENDPOINT`.
    static var acceptedList: String { accepted.joined(separator: ", ") }

    /// Whether `name` is a policy the catalog or the bridge knows (it may still not fit a game).
    static func isKnown(_ name: String) -> Bool {
        name.hasPrefix(remotePrefix) || name.hasPrefix(tabularPrefix) || PolicyCatalog.names.contains(name)
    }
}

/// Builds one policy by name for `game`: a catalog policy or `remote:ENDPOINT`.
///
/// - Throws: `ValidationError` (a usage error) naming what is accepted, or why the policy does
///   not fit the game.
func makePolicy<G: Game>(_ name: String, for game: G) throws -> Policy<G> {
    guard PolicyNames.isKnown(name) else {
        throw ValidationError("unknown policy '\(name)'; accepted: \(PolicyNames.acceptedList)")
    }
    // `remote:ENDPOINT`: a learner serving actions over the bridge (docs/protocol.md).
    if name.hasPrefix(PolicyNames.remotePrefix) {
        let endpoint = String(name.dropFirst(PolicyNames.remotePrefix.count))
        do {
            return Policy(name: name, batched: try RemotePolicy(endpoint: endpoint, game: game.description))
        } catch {
            throw ValidationError("policy '\(name)': \(error); expected remote:tcp://HOST:PORT")
        }
    }
    do {
        return try PolicyCatalog.make(name, for: game)
    } catch let error as PolicyCatalog.UnknownPolicy {
        throw ValidationError(error.description)
    }
}

/// Builds the policies a command names (comma-separated), or the game's default line-up.
func policyLineup<G: Game>(_ names: String?, for game: G) throws -> [Policy<G>] {
    let list =
        names.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) } }
        ?? PolicyCatalog.defaultNames(for: game)
    guard !list.isEmpty, list.allSatisfy({ !$0.isEmpty }) else {
        throw ValidationError("--policies needs comma-separated names, e.g. random,minimax; accepted: \(PolicyNames.acceptedList)")
    }
    return try list.map { try makePolicy($0, for: game) }
}
