import Testing

@testable import GamesCLI

/// `games bench` waits for the process's other threads (OpenBLAS's spinning workers) to go idle
/// before it times anything; the wait's decisions, on a scripted clock.
@Suite("games bench waits for a quiet process")
struct QuietProcessTests {
    /// A process whose other threads burn `busy[i]` CPU seconds during the i-th sleep.
    final class ScriptedProcess {
        var busy: [Double]
        var cpu = 0.0
        var time = 0.0
        var sleeps = 0
        init(busy: [Double]) { self.busy = busy }

        var clock: QuietProcess.Clock {
            QuietProcess.Clock(
                processCPUSeconds: { self.cpu },
                sleep: { seconds in
                    self.cpu += self.sleeps < self.busy.count ? self.busy[self.sleeps] : 0
                    self.sleeps += 1
                    self.time += seconds
                },
                now: { self.time })
        }
    }

    @Test func itWaitsWhileAnotherThreadSpins() {
        let process = ScriptedProcess(busy: [0.02, 0.02, 0.015, 0.0005])
        #expect(QuietProcess.wait(window: 0.02, idleCPU: 0.001, timeout: 5, clock: process.clock))
        #expect(process.sleeps == 4)
    }

    @Test func aQuietProcessWaitsOneWindow() {
        let process = ScriptedProcess(busy: [])
        #expect(QuietProcess.wait(clock: process.clock))
        #expect(process.sleeps == 1)
    }

    @Test func itGivesUpAfterTheTimeout() {
        let process = ScriptedProcess(busy: Array(repeating: 0.02, count: 1000))
        #expect(!QuietProcess.wait(window: 0.02, idleCPU: 0.001, timeout: 1, clock: process.clock))
        #expect(process.sleeps == 50)
    }
}
