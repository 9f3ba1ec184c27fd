import Foundation
import Rollout

/// Renders tournament results as a table, JSON or CSV.
enum TournamentReport {
    /// What the two ratings mean, printed under the ratings table and put in the JSON.
    static let ratingsExplained = [
        "nash_average": "mean return per game against the maximum-entropy Nash mixture of these policies (Nash averaging, "
            + "Balduzzi et al. 2018); 0 for the policies in the mixture (their weights beside it), below 0 for the ones it beats, "
            + "by how much; beating weak policies earns nothing",
        "elo": "Bradley-Terry fit to per-game scores (win 1, draw 0.5, loss 0; margins scaled to [0, 1]); it rewards beating "
            + "weak policies, so it can rank a policy above one that beats it",
    ]

    static func table(_ result: Tournament.Result) -> String {
        var lines = ["\(result.game): \(result.episodesPerPairing) episodes per pairing, seats swapped, seed \(result.seed)", ""]
        lines += pairingLines(result)
        lines.append("")
        lines += ratingLines(result)
        if !result.teams.isEmpty {
            lines.append("")
            lines.append(pad("policy", 20) + pad("team", 16) + pad("games", 9) + pad("win", 8) + pad("draw", 8) + pad("loss", 8) + "mean team return")
            for record in result.teams {
                let games = Double(max(record.seatsPlayed, 1))
                lines.append(
                    pad(result.policies[record.policy], 20) + pad(result.teamNames[record.role], 16) + pad("\(record.seatsPlayed)", 9)
                        + pad(percent(Double(record.wins) / games), 8) + pad(percent(Double(record.draws) / games), 8)
                        + pad(percent(Double(record.losses) / games), 8) + fixed(record.totalReturn / games, 4))
            }
        }
        lines.append("")
        lines.append(pad("policy", 20) + pad("role", 16) + pad("seats", 9) + pad("win", 8) + pad("draw", 8) + pad("loss", 8) + "mean return")
        for record in result.roles {
            let seats = Double(max(record.seatsPlayed, 1))
            lines.append(
                pad(result.policies[record.policy], 20) + pad(result.roleNames[record.role], 16) + pad("\(record.seatsPlayed)", 9)
                    + pad(percent(Double(record.wins) / seats), 8) + pad(percent(Double(record.draws) / seats), 8)
                    + pad(percent(Double(record.losses) / seats), 8) + fixed(record.totalReturn / seats, 4))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The pairing table. Where returns are margins (chips), the mean return leads and the
    /// game counts follow with a note: a policy can win most games and still lose chips.
    static func pairingLines(_ result: Tournament.Result) -> [String] {
        var lines: [String] = []
        func name(_ pairing: Tournament.Pairing) -> String { "\(result.policies[pairing.a]) vs \(result.policies[pairing.b])" }
        func meanReturn(_ pairing: Tournament.Pairing) -> String {
            "\(fixed(pairing.meanReturn, 4)) ± \(fixed(pairing.meanReturnInterval, 4))"
        }
        if result.returnsAreMargins {
            lines.append(pad("pairing", 32) + pad("mean return per game (95% CI)", 32) + pad("won", 8) + pad("tied", 8) + "lost")
            for pairing in result.pairings {
                lines.append(
                    pad(name(pairing), 32) + pad(meanReturn(pairing), 32) + pad("\(pairing.wins)", 8) + pad("\(pairing.draws)", 8)
                        + "\(pairing.losses)")
            }
            lines.append(
                "(returns are margins here: won/tied/lost count games by the sign of the result, so a policy can win most games and still lose on average)"
            )
        } else {
            lines.append(pad("pairing", 32) + pad("wins", 8) + pad("draws", 8) + pad("losses", 8) + "mean return (95% CI)")
            for pairing in result.pairings {
                lines.append(
                    pad(name(pairing), 32) + pad("\(pairing.wins)", 8) + pad("\(pairing.draws)", 8) + pad("\(pairing.losses)", 8)
                        + meanReturn(pairing))
            }
        }
        return lines
    }

    /// The ratings, best Nash average first (Elo breaks ties), and what they mean.
    static func ratingLines(_ result: Tournament.Result) -> [String] {
        var lines = [pad("policy", 20) + pad("Nash average", 14) + pad("Nash weight", 13) + pad("Elo", 10) + "Elo 95% bootstrap interval"]
        let order = result.ratings.sorted { left, right in
            let (a, b) = (result.nash.ratings[left.policy], result.nash.ratings[right.policy])
            return a != b ? a > b : left.elo > right.elo
        }
        for rating in order {
            lines.append(
                pad(result.policies[rating.policy], 20) + pad(fixed(result.nash.ratings[rating.policy], 4), 14)
                    + pad(fixed(result.nash.weights[rating.policy], 3), 13) + pad(fixed(rating.elo, 1), 10)
                    + "[\(fixed(rating.low, 1)), \(fixed(rating.high, 1))]")
        }
        lines.append("Nash average: \(ratingsExplained["nash_average"] ?? ""). Elo: \(ratingsExplained["elo"] ?? "").")
        return lines
    }

    static func json(_ result: Tournament.Result) -> [String: Any] {
        [
            "game": result.game,
            "seed": result.seed,
            "episodes_per_pairing": result.episodesPerPairing,
            "policies": result.policies,
            "returns_are_margins": result.returnsAreMargins,
            "ratings": result.ratings.map {
                [
                    "policy": result.policies[$0.policy], "elo": $0.elo, "low": $0.low, "high": $0.high,
                    "nash_average": result.nash.ratings[$0.policy], "nash_weight": result.nash.weights[$0.policy],
                ] as [String: Any]
            },
            "ratings_explained": ratingsExplained,
            "nash_averaging": ["payoffs": result.nash.payoffs, "weights": result.nash.weights, "ratings": result.nash.ratings],
            "pairings": result.pairings.map {
                [
                    "a": result.policies[$0.a], "b": result.policies[$0.b], "episodes": $0.episodes, "wins": $0.wins, "draws": $0.draws,
                    "losses": $0.losses, "mean_return": $0.meanReturn, "mean_return_ci95": $0.meanReturnInterval, "mean_score": $0.meanScore,
                    "meta_game_payoff": $0.metaGamePayoff,
                ] as [String: Any]
            },
            "teams": result.teams.map {
                [
                    "policy": result.policies[$0.policy], "team": result.teamNames[$0.role], "games": $0.seatsPlayed, "wins": $0.wins,
                    "draws": $0.draws, "losses": $0.losses, "mean_return": $0.totalReturn / Double(max($0.seatsPlayed, 1)),
                ] as [String: Any]
            },
            "roles": result.roles.map {
                [
                    "policy": result.policies[$0.policy], "role": result.roleNames[$0.role], "seats_played": $0.seatsPlayed, "wins": $0.wins,
                    "draws": $0.draws, "losses": $0.losses, "mean_return": $0.totalReturn / Double(max($0.seatsPlayed, 1)),
                ] as [String: Any]
            },
        ]
    }

    static func csv(_ result: Tournament.Result) -> String {
        var lines = ["game,a,b,episodes,wins,draws,losses,mean_return,mean_return_ci95,elo_a,elo_b,nash_average_a,nash_average_b"]
        let elo = Dictionary(uniqueKeysWithValues: result.ratings.map { ($0.policy, $0.elo) })
        let nash = result.nash.ratings
        for pairing in result.pairings {
            lines.append(
                [
                    result.game, result.policies[pairing.a], result.policies[pairing.b], "\(pairing.episodes)", "\(pairing.wins)",
                    "\(pairing.draws)", "\(pairing.losses)", "\(pairing.meanReturn)", "\(pairing.meanReturnInterval)",
                    "\(elo[pairing.a] ?? 0)", "\(elo[pairing.b] ?? 0)", "\(nash[pairing.a])", "\(nash[pairing.b])",
                ].map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}
