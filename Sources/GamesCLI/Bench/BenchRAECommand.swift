import ArgumentParser
import Foundation
import RAE

/// `games bench rae`: times RAE's advantages for 1 M transitions shaped like Kuhn's,
/// TicTacToe's and Werewolf's episodes, on the BLAS path, the reference path and, in the same
/// run, numpy (`benchmarks/rae_numpy.py`). Prints numbers; never passes or fails on time.
struct BenchRAECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rae",
        abstract: "Time RAE (BLAS path, reference path, numpy) in ms per 1M transitions.",
        discussion: """
            Per profile (kuhn, tictactoe, werewolf) and task: SPIRAL's estimator with per-game \
            and per-batch baselines (gamma 1), discounted returns (gamma 0.99) and GAE \
            (gamma 0.99, lambda 0.95). Every figure is timed in each of --rounds rounds, one \
            after another, as --runs timed runs after one warm-up, validation included. Shown: \
            the median wall-clock time of all runs, and the fastest run's CPU time of the \
            timing thread, the best estimate of the cost on an idle machine when other \
            processes share the cores (rounds spread each figure's runs over the whole \
            benchmark, so that a few busy seconds on a shared machine do not decide it). numpy \
            is timed the same way. Both sides run OpenBLAS on one thread. Target: BLAS at most \
            5 ms per 1M transitions and at least 5x faster than numpy.
            """
    )

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(parsing: .unconditional, help: "Transitions per batch.")
    var transitions = 1_000_000

    @Option(parsing: .unconditional, help: "Timed runs per figure (wall clock: median; CPU time: fastest).")
    var runs = 7

    @Option(parsing: .unconditional, help: "Rounds of the whole benchmark; each figure pools its runs of every round.")
    var rounds = 3

    @Option(parsing: .unconditional, help: "OpenBLAS threads (1 is fastest for RAE's small products on 2 cores).")
    var threads = 1

    @Option(help: "Path of rae_numpy.py (default: benchmarks/rae_numpy.py here or in the source tree).")
    var numpyScript: String?

    @Flag(help: "Skip the numpy comparison.")
    var noNumpy = false

    @Option(help: "Time only this profile: kuhn, tictactoe or werewolf (default: all).")
    var profile: String?

    @Option(help: "Time only this task: rae_per_game, rae_per_batch, returns or gae (default: all).")
    var task: String?

    func validate() throws {
        guard transitions >= 1000 else { throw ValidationError("--transitions must be at least 1000") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let profile, !RAEBenchProfile.all.contains(where: { $0.name == profile }) {
            let names = RAEBenchProfile.all.map(\.name).joined(separator: ", ")
            throw ValidationError("unknown --profile '\(profile)'; expected one of \(names)")
        }
        if let task, RAEBenchTask(rawValue: task) == nil {
            let names = RAEBenchTask.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown --task '\(task)'; expected one of \(names)")
        }
    }

    func run() throws {
        try BLASThreads.set(threads)
        let profiles = RAEBenchProfile.all.enumerated().filter { _, profile in
            self.profile.map { $0 == profile.name } ?? true
        }
        let tasks = RAEBenchTask.allCases.filter { task in self.task.map { $0 == task.rawValue } ?? true }
        // Built once: the columns are the same batches in every round.
        var columns: [String: RAEBenchColumns] = [:]
        for (index, profile) in profiles {
            columns[profile.name] = profile.makeColumns(transitions: transitions, seed: UInt64(index + 1))
        }
        var samples: [String: (blas: RunTimes, reference: RunTimes)] = [:]
        var numpyRounds: [NumpyOutcome] = []
        for round in 1...rounds {
            for (_, profile) in profiles {
                guard let batch = columns[profile.name] else { continue }
                if !json {
                    reportProgress("round \(round) of \(rounds): timing \(profile.name) (\(batch.turnCount) transitions)...")
                }
                for task in tasks {
                    let key = "\(profile.name)/\(task.rawValue)"
                    var pooled = samples[key] ?? (RunTimes(), RunTimes())
                    pooled.blas.add(try time(task, batch, profile, .blas))
                    pooled.reference.add(try time(task, batch, profile, .reference))
                    samples[key] = pooled
                }
            }
            if !noNumpy {
                numpyRounds.append(NumpyRunner.run(script: numpyScript, transitions: transitions, runs: runs))
            }
        }
        var rows: [RAEBenchRow] = []
        for (_, profile) in profiles {
            guard let batch = columns[profile.name] else { continue }
            let perMillion = 1e6 / Double(batch.turnCount)
            for task in tasks {
                guard let pooled = samples["\(profile.name)/\(task.rawValue)"] else { continue }
                var row = RAEBenchRow(
                    profile: profile.name, task: task.rawValue,
                    wall: RAEBenchTiming(blas: pooled.blas.medianWall * perMillion, reference: pooled.reference.medianWall * perMillion),
                    cpu: RAEBenchTiming(blas: pooled.blas.fastestCPU * perMillion, reference: pooled.reference.fastestCPU * perMillion))
                // numpy: the median of its rounds' medians, and its fastest CPU time.
                let entries = numpyRounds.compactMap { outcome in
                    outcome.report?.results.first { $0.profile == profile.name && $0.task == task.rawValue }
                }
                if !entries.isEmpty {
                    row.wall.numpy = entries.map(\.ms).sorted()[entries.count / 2]
                    row.cpu.numpy = entries.map(\.cpuMs).min()
                }
                rows.append(row)
            }
        }
        let numpy =
            numpyRounds.first { $0.report != nil } ?? numpyRounds.first
            ?? NumpyOutcome(report: nil, note: "skipped (--no-numpy)")
        let report = RAEBenchReport(
            transitions: transitions, runs: runs, rounds: rounds, loadAverage: Self.loadAverage(),
            blasThreads: BLASThreads.current, blasCore: BLASThreads.coreName, numpy: numpy.report?.numpy,
            numpyNote: numpy.note, results: rows)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }

    /// Times of one figure's runs, pooled over rounds, in ms.
    struct RunTimes {
        private(set) var wall: [Double] = []
        private(set) var cpu: [Double] = []

        mutating func add(_ round: (wall: [Double], cpu: [Double])) {
            wall += round.wall
            cpu += round.cpu
        }

        var medianWall: Double { wall.isEmpty ? 0 : wall.sorted()[wall.count / 2] }
        var fastestCPU: Double { cpu.min() ?? 0 }
    }

    /// The wall-clock and thread-CPU times of `runs` runs, in ms, after one warm-up run.
    private func time(
        _ task: RAEBenchTask, _ columns: RAEBenchColumns, _ profile: RAEBenchProfile,
        _ backend: ComputeBackend
    ) throws -> (wall: [Double], cpu: [Double]) {
        var output = [Float](repeating: 0, count: columns.turnCount)
        var estimator = try RoleAdvantageEstimator(
            roleCount: profile.roleCount,
            configuration: RAEConfiguration(update: task == .raePerBatch ? .perBatch : .perGame, backend: backend))
        var wall: [Double] = []
        var cpu: [Double] = []
        let clock = ContinuousClock()
        for run in 0...runs {
            let cpuStart = Self.threadCPUMilliseconds()
            let elapsed = try output.withUnsafeMutableBufferPointer { output in
                try clock.measure { try task.run(columns, &estimator, backend, output) }
            }
            let cpuElapsed = Self.threadCPUMilliseconds() - cpuStart
            if run > 0 {
                wall.append(elapsed.milliseconds)
                cpu.append(cpuElapsed)
            }
        }
        return (wall, cpu)
    }

    /// CPU time of the calling thread: unlike wall-clock time it leaves out the time other
    /// processes on a shared machine hold the core.
    static func threadCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) * 1e-6
    }

    /// The 1-minute load average, to judge how busy the machine was.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}

/// What the benchmark times.
enum RAEBenchTask: String, CaseIterable {
    case raePerGame = "rae_per_game"
    case raePerBatch = "rae_per_batch"
    case returns
    case gae

    func run(
        _ columns: RAEBenchColumns, _ estimator: inout RoleAdvantageEstimator, _ backend: ComputeBackend,
        _ output: UnsafeMutableBufferPointer<Float>
    ) throws {
        switch self {
        case .raePerGame, .raePerBatch:
            try TurnBatch.withArrays(
                seats: columns.seats, roles: columns.roles, episodes: .lengths(columns.lengths),
                seatCount: columns.seatCount, finalReturns: columns.finalReturns, seatRoles: columns.seatRoles
            ) { try estimator.estimate($0, into: output) }
        case .returns:
            try StepBatch.withArrays(
                seats: columns.seats, episodes: .lengths(columns.lengths), seatCount: columns.seatCount,
                rewards: columns.rewards
            ) { try DiscountedSums.returns(of: $0, gamma: 0.99, backend: backend, into: output) }
        case .gae:
            try StepBatch.withArrays(
                seats: columns.seats, episodes: .lengths(columns.lengths), seatCount: columns.seatCount,
                rewards: columns.rewards, values: columns.values
            ) {
                try DiscountedSums.generalizedAdvantages(
                    of: $0, gamma: 0.99, lambda: 0.95, backend: backend, into: output)
            }
        }
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1e3 + Double(components.attoseconds) * 1e-15
    }
}
