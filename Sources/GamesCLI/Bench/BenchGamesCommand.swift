import ArgumentParser
import Foundation
import Games
import Rollout

/// `games bench [GAME...]`: random-playout speed through the rollout engine, with and
/// without recording, on one thread and on every core, beside each game's floor.
struct BenchGamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "games",
        abstract: "Random-playout speed per game: steps/s with and without recording, 1 thread and all threads, beside a C-like loop.",
        discussion: """
            Steps are decisions (chance deals are not counted). Every configuration is measured \
            once per round, rounds one after another, and reported as the median of the rounds \
            with their range. Per core is steps per CPU second of the process (all its \
            threads), so that other processes sharing the cores do not lower it. For the \
            default TicTacToe and Kuhn Poker, each round also times the floor: the same random \
            play written as a one-game C-like loop on one thread, and each figure per core is \
            divided by the floor's steps per CPU second in the same round (the gap to the \
            floor). The seeded floor is the same loop with a generator seeded per episode, as \
            the engine seeds them so that a seed gives the same games on any number of \
            threads; the ratio to it is the gap that is not that seeding's. Compare with \
            other engines using benchmarks/compare_anchors.py.
            """
    )

    /// Which recording modes to measure.
    enum Recording: String, ExpressibleByArgument, CaseIterable {
        case no, yes, both

        var modes: [Bool] {
            switch self {
            case .no: return [false]
            case .yes: return [true]
            case .both: return [false, true]
            }
        }
    }

    @OptionGroup var games: GameListSelection

    @Option(parsing: .unconditional, help: "Seconds to measure each configuration in each round (after a warm-up).")
    var seconds = 1.0

    @Option(parsing: .unconditional, help: "Rounds; every figure is the median of its rounds.")
    var rounds = 3

    @Option(help: ArgumentHelp("Thread counts, comma-separated (default: 1 and every core).", valueName: "n,n,..."))
    var threads: String?

    @Option(help: "Which to measure: no (without recording), yes (recording) or both.")
    var record: Recording = .both

    @Option(parsing: .unconditional, help: "Episodes per batch (default: 65536 without recording, 4096 with it).")
    var batchSize: Int?

    @Option(parsing: .unconditional, help: "Measure a fixed number of batches instead of --seconds (instruction counts then repeat, for profilers).")
    var batches: Int?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds.isFinite else { throw ValidationError("--seconds must be a positive number, got \(seconds)") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1, got \(rounds)") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
        if let batches, batches < 1 { throw ValidationError("--batches must be at least 1, got \(batches)") }
        _ = try threadCounts()
    }

    /// The thread counts to measure, in the order given.
    func threadCounts() throws -> [Int] {
        guard let threads else { return Array(Set([1, RolloutOptions.coreCount])).sorted() }
        let counts = threads.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--threads takes positive whole numbers separated by commas, e.g. 1,2; got '\(threads)'")
        }
        var seen = Set<Int>()
        return counts.compactMap { $0 }.filter { seen.insert($0).inserted }
    }

    /// One configuration's figures over the rounds.
    struct Row {
        let game: String
        let threads: Int
        let record: Bool
        let batchSize: Int
        var stepsPerSecond: [Double] = []
        var stepsPerCPUSecond: [Double] = []
        var episodesPerSecond: [Double] = []
        var ratioToFloor: [Double] = []
        var ratioToSeededFloor: [Double] = []
        var pageFaultsPerBatch: [Double] = []
        var bytesPerStep = 0
        var reservedBytes = 0
    }

    func run() throws {
        let names = games.gameStrings.isEmpty ? GameCatalog.names : games.gameStrings
        let threadCounts = try threadCounts()
        let length = batches.map(BenchLength.batches) ?? .seconds(seconds)
        var rows: [Row] = []
        for name in names {
            for threads in threadCounts {
                for record in record.modes {
                    // Recording batches are smaller: Werewolf's 1.4 kB steps would otherwise hold a gigabyte.
                    rows.append(Row(game: name, threads: threads, record: record, batchSize: batchSize ?? (record ? 4096 : 65_536)))
                }
            }
        }
        var floors: [String: FloorRates] = [:]
        QuietProcess.wait()
        for _ in 0..<rounds {
            // The floor of a game goes right before its configurations, so that each ratio
            // compares figures taken seconds apart.
            var floorNow: [String: (plain: PlayoutRate, seeded: PlayoutRate)] = [:]
            for index in rows.indices {
                let name = rows[index].game
                if floorNow[name] == nil, let floor = PlayoutFloor.named(name) {
                    let plain = floor.measure(length, chunk: batchSize ?? 65_536, seeded: false)
                    let seeded = floor.measure(length, chunk: batchSize ?? 65_536, seeded: true)
                    floorNow[name] = (plain, seeded)
                    floors[name, default: FloorRates()].plain.append(plain)
                    floors[name, default: FloorRates()].seeded.append(seeded)
                }
                let benchmark = EngineBenchmark(
                    length: length, threads: rows[index].threads, record: rows[index].record, batchSize: rows[index].batchSize)
                let result = try visitGame(name, with: benchmark)
                rows[index].stepsPerSecond.append(result.rate.stepsPerSecond)
                rows[index].stepsPerCPUSecond.append(result.rate.stepsPerCPUSecond)
                rows[index].episodesPerSecond.append(result.rate.episodesPerSecond)
                if let floor = floorNow[name] {
                    rows[index].ratioToFloor.append(result.rate.stepsPerCPUSecond / floor.plain.stepsPerCPUSecond)
                    rows[index].ratioToSeededFloor.append(result.rate.stepsPerCPUSecond / floor.seeded.stepsPerCPUSecond)
                }
                rows[index].pageFaultsPerBatch.append(result.pageFaultsPerBatch)
                rows[index].bytesPerStep = result.bytesPerStep
                rows[index].reservedBytes = result.reservedBytes
            }
        }
        let peak = peakResidentBytes()
        if json {
            try printJSON(jsonReport(rows: rows, floors: floors, peak: peak))
        } else {
            printTable(rows: rows, floors: floors, peak: peak)
        }
    }

    func jsonReport(rows: [Row], floors: [String: FloorRates], peak: Int) -> [String: Any] {
        let results: [[String: Any]] = rows.map { row in
            let steps = Spread(values: row.stepsPerSecond)
            let episodes = Spread(values: row.episodesPerSecond)
            let perCore = Spread(values: row.stepsPerCPUSecond)
            return [
                "game": row.game, "threads": row.threads, "record": row.record, "batch_size": row.batchSize,
                "steps_per_second": steps.median, "steps_per_second_spread": steps.json,
                "steps_per_cpu_second": perCore.median, "steps_per_cpu_second_spread": perCore.json,
                "episodes_per_second": episodes.median, "episodes_per_second_spread": episodes.json,
                "floor_steps_per_cpu_second": floors[row.game].map { Spread(values: $0.plain.map(\.stepsPerCPUSecond)).median as Any } ?? NSNull(),
                "per_core_to_floor": row.ratioToFloor.isEmpty ? NSNull() : Spread(values: row.ratioToFloor).median,
                "per_core_to_floor_spread": row.ratioToFloor.isEmpty ? NSNull() : Spread(values: row.ratioToFloor).json,
                "per_core_to_seeded_floor": row.ratioToSeededFloor.isEmpty ? NSNull() : Spread(values: row.ratioToSeededFloor).median,
                "per_core_to_seeded_floor_spread": row.ratioToSeededFloor.isEmpty ? NSNull() : Spread(values: row.ratioToSeededFloor).json,
                "bytes_per_step": row.bytesPerStep, "trajectory_bytes_reserved": row.reservedBytes,
                "page_faults_per_batch": Spread(values: row.pageFaultsPerBatch).json,
            ]
        }
        var floorReport: [String: Any] = [:]
        for (name, rates) in floors {
            floorReport[name] = [
                "steps_per_second": Spread(values: rates.plain.map(\.stepsPerSecond)).json,
                "steps_per_cpu_second": Spread(values: rates.plain.map(\.stepsPerCPUSecond)).json,
                "seeded_steps_per_cpu_second": Spread(values: rates.seeded.map(\.stepsPerCPUSecond)).json,
                "seeded_to_floor": Spread(values: rates.seededToPlain).json,
                "loop": PlayoutFloor.named(name)?.summary ?? "",
            ]
        }
        return [
            "benchmark": "random_playout", "cores": RolloutOptions.coreCount, "rounds": rounds,
            "measure": batches.map { "\($0) batches" } ?? "\(seconds) s",
            "peak_resident_bytes": peak, "floors": floorReport, "results": results,
        ]
    }

    func printTable(rows: [Row], floors: [String: FloorRates], peak: Int) {
        func column(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0) }
        print("median of \(rounds) round\(rounds == 1 ? "" : "s") (range); per core: steps per CPU second")
        print(
            column("game", 24) + column("threads", 9) + column("record", 8) + column("steps/s", 28) + column("per core", 11)
                + column("episodes/s", 12) + column("per core / floor", 20) + column("/ seeded floor", 20) + column("faults/batch", 14)
                + "bytes/step")
        func ratioText(_ ratios: [Double]) -> String {
            ratios.isEmpty ? "-" : Spread(values: ratios).text { String(format: "%.2fx", $0) }
        }
        for row in rows {
            print(
                column(row.game, 24) + column(String(row.threads), 9) + column(row.record ? "yes" : "no", 8)
                    + column(Spread(values: row.stepsPerSecond).text(formatRate), 28)
                    + column(formatRate(median(row.stepsPerCPUSecond)), 11)
                    + column(formatRate(median(row.episodesPerSecond)), 12) + column(ratioText(row.ratioToFloor), 20)
                    + column(ratioText(row.ratioToSeededFloor), 20)
                    + column(String(format: "%.0f", median(row.pageFaultsPerBatch)), 14)
                    + (row.record ? String(row.bytesPerStep) : "-"))
        }
        for name in floors.keys.sorted() {
            guard let rates = floors[name], let floor = PlayoutFloor.named(name) else { continue }
            print(
                "floor \(name): \(Spread(values: rates.plain.map(\.stepsPerCPUSecond)).text(formatRate)) steps per CPU second, "
                    + "\(formatRate(median(rates.plain.map(\.stepsPerSecond)))) steps/s (\(floor.summary)); seeded per episode: "
                    + "\(Spread(values: rates.seeded.map(\.stepsPerCPUSecond)).text(formatRate)), \(ratioText(rates.seededToPlain)) the floor")
        }
        print("peak resident memory: \(peak / 1_048_576) MiB (trajectory buffers are reused batch to batch)")
    }
}

/// A floor's rates over the rounds, in its two forms.
struct FloorRates {
    /// One generator stream for all episodes.
    var plain: [PlayoutRate] = []
    /// A generator seeded per episode, as the engine seeds them.
    var seeded: [PlayoutRate] = []

    /// The seeded form's speed over the plain one's, round by round.
    var seededToPlain: [Double] { zip(seeded, plain).map { $0.stepsPerCPUSecond / $1.stepsPerCPUSecond } }
}
