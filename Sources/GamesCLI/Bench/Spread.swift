/// A figure measured in several rounds: its median and its range.
struct Spread {
    /// The figure of every round, in round order.
    let values: [Double]

    /// The median of the rounds (NaN when there are none).
    var median: Double { GamesCLI.median(values) }
    /// The lowest round.
    var min: Double { values.min() ?? .nan }
    /// The highest round.
    var max: Double { values.max() ?? .nan }

    /// The JSON form: median, min, max and every round.
    var json: [String: Any] { ["median": median, "min": min, "max": max, "rounds": values] }

    /// `median (min-max)` with `format` applied to each number.
    func text(_ format: (Double) -> String) -> String {
        values.count < 2 ? format(median) : "\(format(median)) (\(format(min))-\(format(max)))"
    }
}

/// The median of `values` (NaN when empty).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
