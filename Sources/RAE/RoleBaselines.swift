/// One exponential-moving-average baseline per role id: SPIRAL's `b[G, p]`.
///
/// A role id stands for one (game, role) pair; the caller owns that mapping (see
/// ``RoleKey``). Every baseline starts at 0. An update with mean return `R` sets
/// `b = decay * b + (1 - decay) * R`; readers take `b` before the update.
public struct RoleBaselines: Equatable, Sendable {
    /// The baseline of each role id.
    public private(set) var values: [Float]
    /// The weight the old baseline keeps in an update (SPIRAL: 0.95).
    public let decay: Float

    /// The number of role ids the table holds.
    public var roleCount: Int { values.count }

    /// Makes a table of `roleCount` baselines, all 0.
    /// - Parameters:
    ///   - roleCount: the number of role ids, at least 1.
    ///   - decay: the EMA decay, in `0 ... 1`.
    /// - Throws: ``RAEError/invalidParameter(name:value:allowed:)`` for a bad count or decay.
    public init(roleCount: Int, decay: Float = 0.95) throws {
        try Validate.positive("roleCount", roleCount)
        try self.init(values: [Float](repeating: 0, count: roleCount), decay: decay)
    }

    /// Makes a table holding the given baselines, e.g. ones saved earlier.
    /// - Parameters:
    ///   - values: one baseline per role id, all finite.
    ///   - decay: the EMA decay, in `0 ... 1`.
    /// - Throws: ``RAEError/invalidParameter(name:value:allowed:)`` for an empty table, a
    ///   bad decay or a non-finite value.
    public init(values: [Float], decay: Float = 0.95) throws {
        try Validate.positive("roleCount", values.count)
        try Validate.parameter("decay", decay, in: 0...1)
        if let role = values.firstIndex(where: { !$0.isFinite }) {
            throw RAEError.invalidParameter(
                name: "baseline of role \(role)", value: "\(values[role])", allowed: "a finite number")
        }
        self.values = values
        self.decay = decay
    }

    /// The baseline of role id `role`.
    public subscript(role: Int32) -> Float { values[Int(role)] }

    /// Moves the baseline of `role` towards `meanReturn` by one EMA step.
    /// - Parameters:
    ///   - role: a role id in `0..<roleCount`.
    ///   - meanReturn: the mean final return of the role's players in the update's scope.
    @inline(__always)
    public mutating func update(role: Int32, meanReturn: Float) {
        let index = Int(role)
        values[index] = Self.step(values[index], towards: meanReturn, decay: decay)
    }

    /// One EMA step, written once so both compute paths round identically.
    @inline(__always)
    static func step(_ baseline: Float, towards value: Float, decay: Float) -> Float {
        decay * baseline + (1 - decay) * value
    }

    /// Runs `body` with direct access to the baselines, for the estimators' inner loops.
    mutating func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R)
        rethrows -> R
    {
        try values.withUnsafeMutableBufferPointer { try body($0) }
    }
}
