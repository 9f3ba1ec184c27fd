import ArgumentParser
import Foundation
import Games
import Solvers

/// `games bench solve`: SelfPlay's solvers on Kuhn Poker side by side with OpenSpiel's C++
/// solvers (through pyspiel, in a subprocess) measured in the same run.
struct BenchSolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Time CFR, CFR+ and exploitability on Kuhn Poker, next to OpenSpiel's C++ solvers.",
        discussion: """
            Each figure is the median of the repeats. CFR figures include building the solver \
            (SelfPlay: the game tree; OpenSpiel: its solver), and exploitability starts from a \
            tabular policy, so both sides walk the game from scratch. OpenSpiel is measured by \
            benchmarks/openspiel_solve.py when `python3 -c "import pyspiel"` works \
            (`pip install open_spiel`); otherwise its published figures are shown, marked as \
            not measured in this run.
            """
    )

    @Option(parsing: .unconditional, help: "CFR iterations per run.")
    var iterations = 1000

    @Option(parsing: .unconditional, help: "Timed repetitions of each measurement (the median is reported).")
    var repeats = 15

    @Option(help: "The Python interpreter that has open_spiel.")
    var python = "python3"

    @Option(
        help: ArgumentHelp(
            "Path of benchmarks/openspiel_solve.py (found from the current directory or the source tree by default).", valueName: "path"))
    var openspielScript: String?

    @Flag(help: "Skip OpenSpiel.")
    var noOpenspiel = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() throws {
        let swift = try SolverBenchmark(iterations: iterations, repeats: repeats).measure()
        let openSpiel = noOpenspiel ? OpenSpielFigures.skipped("--no-openspiel") : measureOpenSpiel()
        if json {
            try printJSON([
                "benchmark": "solve", "game": "kuhn_poker", "iterations": iterations, "repeats": repeats,
                "selfplay": swift.json, "openspiel": openSpiel.json,
            ])
            return
        }
        printTable(swift: swift, openSpiel: openSpiel)
    }

    func printTable(swift: SolverBenchmark.Figures, openSpiel: OpenSpielFigures) {
        print("Kuhn Poker solvers, median of \(repeats) runs (lower is better)")
        print("OpenSpiel: \(openSpiel.label)")
        print("")
        let header =
            "what".padding(toLength: 40, withPad: " ", startingAt: 0) + "SelfPlay".leftPadded(to: 12) + "OpenSpiel".leftPadded(to: 12) + "   speed-up"
        print(header)
        func row(_ name: String, _ ours: Double, _ theirs: Double?) {
            var line = name.padding(toLength: 40, withPad: " ", startingAt: 0) + milliseconds(ours).leftPadded(to: 12)
            if let theirs {
                // Published figures are marked: a ratio against another machine and day is a hint only.
                let mark = openSpiel.measured ? "" : "*"
                line += (milliseconds(theirs) + mark).leftPadded(to: 12) + "   " + String(format: "%.1fx", theirs / ours) + mark
            } else {
                line += "-".leftPadded(to: 12)
            }
            print(line)
        }
        row("\(iterations) CFR iterations (with setup)", swift.cfrSeconds, openSpiel.cfrSeconds)
        row("\(iterations) CFR+ iterations (with setup)", swift.cfrPlusSeconds, openSpiel.cfrPlusSeconds)
        row("exploitability of a tabular policy", swift.exploitabilitySeconds, openSpiel.exploitabilitySeconds)
        row("  building the tree alone", swift.treeSeconds, nil)
        row("  evaluating on a built tree alone", swift.exploitabilityOnTreeSeconds, nil)
        if !openSpiel.measured { print("* OpenSpiel's published figure, not measured in this run") }
        print("")
        print("exploitability after \(iterations) iterations:")
        print("  CFR   SelfPlay \(swift.cfrExploitability)" + (openSpiel.cfrExploitability.map { "  OpenSpiel \($0)" } ?? ""))
        print("  CFR+  SelfPlay \(swift.cfrPlusExploitability)" + (openSpiel.cfrPlusExploitability.map { "  OpenSpiel \($0)" } ?? ""))
    }

    func milliseconds(_ seconds: Double) -> String {
        seconds >= 1e-3 ? String(format: "%.2f ms", seconds * 1e3) : String(format: "%.4f ms", seconds * 1e3)
    }

    /// Runs benchmarks/openspiel_solve.py; published figures when it cannot run.
    func measureOpenSpiel() -> OpenSpielFigures {
        guard let script = locateScript() else {
            return .skipped(openspielScript.map { "\($0) not found" } ?? "benchmarks/openspiel_solve.py not found (pass --openspiel-script)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--iterations", String(iterations), "--repeats", String(repeats)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .skipped("cannot run \(python): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            return .skipped("\(script) failed (exit status \(process.terminationStatus))")
        }
        guard object["available"] as? Bool == true else {
            return .skipped("open_spiel is not installed for \(python) (\(object["reason"] as? String ?? "import failed"); pip install open_spiel)")
        }
        return OpenSpielFigures(measured: object)
    }

    func locateScript() -> String? {
        if let openspielScript { return FileManager.default.fileExists(atPath: openspielScript) ? openspielScript : nil }
        let relative = "benchmarks/openspiel_solve.py"
        var candidates = [FileManager.default.currentDirectoryPath + "/" + relative]
        // The source tree this binary was built from: Sources/GamesCLI/Bench/ is three levels down.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(relative).path)
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}

/// OpenSpiel's figures: measured in this run, or published ones marked as such.
struct OpenSpielFigures {
    var label: String
    var measured: Bool
    var cfrSeconds: Double?
    var cfrPlusSeconds: Double?
    var exploitabilitySeconds: Double?
    var cfrExploitability: Double?
    var cfrPlusExploitability: Double?

    init(measured object: [String: Any]) {
        let version = object["openspiel_version"] as? String ?? "unknown"
        label = "open_spiel \(version) C++ solvers via pyspiel, measured in this run"
        measured = true
        cfrSeconds = (object["cfr_ms"] as? Double).map { $0 / 1e3 }
        cfrPlusSeconds = (object["cfr_plus_ms"] as? Double).map { $0 / 1e3 }
        exploitabilitySeconds = (object["exploitability_ms"] as? Double).map { $0 / 1e3 }
        cfrExploitability = object["cfr_exploitability"] as? Double
        cfrPlusExploitability = object["cfr_plus_exploitability"] as? Double
    }

    /// OpenSpiel 2.0.2's C++ solvers timed by `benchmarks/openspiel_solve.py` on a quiet 2-core
    /// machine (docs/references.md, docs/solvers.md), shown when OpenSpiel is not installed.
    static func skipped(_ reason: String) -> OpenSpielFigures {
        OpenSpielFigures(
            label: "NOT MEASURED in this run (\(reason)); earlier figures of OpenSpiel 2.0.2 on a quiet 2-core machine (docs/references.md)",
            measured: false, cfrSeconds: 0.023, cfrPlusSeconds: nil, exploitabilitySeconds: 0.00013,
            cfrExploitability: 9.376e-4, cfrPlusExploitability: 8.74e-5)
    }

    private init(
        label: String, measured: Bool, cfrSeconds: Double?, cfrPlusSeconds: Double?, exploitabilitySeconds: Double?,
        cfrExploitability: Double?, cfrPlusExploitability: Double?
    ) {
        self.label = label
        self.measured = measured
        self.cfrSeconds = cfrSeconds
        self.cfrPlusSeconds = cfrPlusSeconds
        self.exploitabilitySeconds = exploitabilitySeconds
        self.cfrExploitability = cfrExploitability
        self.cfrPlusExploitability = cfrPlusExploitability
    }

    var json: [String: Any] {
        var result: [String: Any] = ["source": label, "measured_in_this_run": measured]
        if let cfrSeconds { result["cfr_ms"] = cfrSeconds * 1e3 }
        if let cfrPlusSeconds { result["cfr_plus_ms"] = cfrPlusSeconds * 1e3 }
        if let exploitabilitySeconds { result["exploitability_ms"] = exploitabilitySeconds * 1e3 }
        if let cfrExploitability { result["cfr_exploitability"] = cfrExploitability }
        if let cfrPlusExploitability { result["cfr_plus_exploitability"] = cfrPlusExploitability }
        return result
    }
}
