import Foundation

/// Waiting for the process's other threads to go idle before anything is timed.
///
/// Every figure of `games bench` is divided by the process's CPU time, so CPU that another
/// thread of the process burns meanwhile counts against whatever is being timed. OpenBLAS,
/// which the binary loads for RAE, starts its worker threads when the library loads, and they
/// spin (`sched_yield`) for about a tenth of a second before they sleep: timed in that window,
/// the first round's floor lost about a fifth of its per-core speed.
enum QuietProcess {
    /// What the wait reads and does; `system` in use, a scripted one in tests.
    struct Clock {
        /// The process's CPU time so far, all threads, in seconds.
        var processCPUSeconds: () -> Double
        /// Sleeps the calling thread.
        var sleep: (_ seconds: Double) -> Void
        /// Seconds since some fixed point, for the timeout.
        var now: () -> Double

        static var system: Clock {
            Clock(
                processCPUSeconds: GamesCLI.processCPUSeconds,
                sleep: { Thread.sleep(forTimeInterval: $0) },
                now: { Date().timeIntervalSinceReferenceDate })
        }
    }

    /// Returns once the process takes no more than `idleCPU` seconds of CPU while the calling
    /// thread sleeps `window` seconds (its other threads are then idle), or once `timeout`
    /// seconds have passed; returns whether the process went quiet.
    @discardableResult
    static func wait(window: Double = 0.02, idleCPU: Double = 0.001, timeout: Double = 5, clock: Clock = .system) -> Bool {
        let deadline = clock.now() + timeout
        repeat {
            let before = clock.processCPUSeconds()
            clock.sleep(window)
            if clock.processCPUSeconds() - before <= idleCPU { return true }
        } while clock.now() < deadline
        return false
    }
}
