import Foundation

/// One kind of time (median wall clock or fastest CPU time) for one profile and task, in ms per
/// 1M transitions.
struct RAEBenchTiming: Encodable {
    let blas: Double
    let reference: Double
    var numpy: Double?

    /// How many times faster the BLAS path is than numpy.
    var numpyOverBlas: Double? { numpy.map { $0 / blas } }

    enum CodingKeys: String, CodingKey { case blas, reference, numpy, numpyOverBlas }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(blas, forKey: .blas)
        try container.encode(reference, forKey: .reference)
        try container.encodeIfPresent(numpy, forKey: .numpy)
        try container.encodeIfPresent(numpyOverBlas, forKey: .numpyOverBlas)
    }
}

/// One profile and task of `games bench rae`.
struct RAEBenchRow: Encodable {
    let profile: String
    let task: String
    /// Wall-clock medians.
    var wall: RAEBenchTiming
    /// The fastest run's CPU time of the timing thread.
    var cpu: RAEBenchTiming
}

/// Everything `games bench rae` measured in one run.
struct RAEBenchReport: Encodable {
    let transitions: Int
    let runs: Int
    let rounds: Int
    let loadAverage: Double?
    let blasThreads: Int
    let blasCore: String
    let numpy: String?
    let numpyNote: String
    let results: [RAEBenchRow]

    var table: String {
        var lines = [
            "RAE advantages, ms per 1M transitions, \(rounds) round(s) of \(runs) runs after a warm-up, "
                + "\(transitions) transitions per batch",
            "OpenBLAS core \(blasCore), \(blasThreads) thread(s); numpy: \(numpyNote)",
            "load average at start: \(loadAverage.map { String(format: "%.2f", $0) } ?? "unknown") "
                + "(2 cores; above ~1 other processes slow wall-clock times)",
            "target: BLAS <= 5 ms per 1M transitions, numpy/BLAS >= 5x",
        ]
        for (title, timing) in [
            ("fastest run of all rounds, CPU time of the timing thread (the cost on an idle machine)", \RAEBenchRow.cpu),
            ("median run of all rounds, wall clock", \RAEBenchRow.wall),
        ] {
            lines += [
                "", title + ":",
                pad("profile", 11) + pad("task", 15) + lpad("BLAS", 8) + lpad("reference", 11)
                    + lpad("numpy", 9) + lpad("numpy/BLAS", 12),
            ]
            for row in results {
                let time = row[keyPath: timing]
                lines.append(
                    pad(row.profile, 11) + pad(row.task, 15) + lpad(format(time.blas), 8)
                        + lpad(format(time.reference), 11) + lpad(time.numpy.map(format) ?? "-", 9)
                        + lpad(time.numpyOverBlas.map { format($0) + "x" } ?? "-", 12))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
    private func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
    }
    private func lpad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(width - text.count, 1)) + text
    }
}

/// What `benchmarks/rae_numpy.py --json` prints.
struct NumpyReport: Decodable {
    struct Entry: Decodable {
        let profile: String
        let task: String
        let ms: Double
        let cpuMs: Double

        enum CodingKeys: String, CodingKey {
            case profile, task, ms
            case cpuMs = "cpu_ms"
        }
    }

    let numpy: String
    let scipy: Bool
    let results: [Entry]
}

/// The numpy side's numbers, or why there are none.
struct NumpyOutcome {
    let report: NumpyReport?
    let note: String
}

/// Runs `benchmarks/rae_numpy.py` with `python3` and reads its JSON; says what went wrong
/// instead of failing, so the Swift numbers are printed either way.
enum NumpyRunner {
    static func run(script: String?, transitions: Int, runs: Int) -> NumpyOutcome {
        guard let path = script ?? defaultScript() else {
            return NumpyOutcome(report: nil, note: "not run: benchmarks/rae_numpy.py not found (use --numpy-script)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path, "--transitions", "\(transitions)", "--runs", "\(runs)", "--json"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return NumpyOutcome(report: nil, note: "not run: cannot start python3 (\(error.localizedDescription))")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = errorText.split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
            return NumpyOutcome(report: nil, note: "not run: python3 \(path) failed: \(reason)")
        }
        guard let report = try? JSONDecoder().decode(NumpyReport.self, from: data) else {
            return NumpyOutcome(report: nil, note: "not run: unreadable output from \(path)")
        }
        let filter = report.scipy ? "scipy lfilter for the per-game EMA" : "no scipy: per-game EMA in a Python loop"
        return NumpyOutcome(report: report, note: "numpy \(report.numpy), \(filter)")
    }

    /// `benchmarks/rae_numpy.py` in the working directory, else in the source tree this
    /// binary was built from.
    private static func defaultScript() -> String? {
        let relative = "benchmarks/rae_numpy.py"
        let fileManager = FileManager.default
        let here = URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent(relative)
        if fileManager.fileExists(atPath: here.path) { return here.path }
        // This file is Sources/GamesCLI/Bench/RAEBenchReport.swift: four levels below the root.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        let inTree = root.appendingPathComponent(relative)
        return fileManager.fileExists(atPath: inTree.path) ? inTree.path : nil
    }
}
