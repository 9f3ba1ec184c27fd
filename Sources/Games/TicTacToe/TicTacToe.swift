/// TicTacToe on a 3x3 board, as OpenSpiel's `tic_tac_toe`: seat 0 plays `x` and moves
/// first, action = cell = row * 3 + column, a line of three wins (+1/-1), a full board draws.
///
/// The state is two 9-bit boards, so a playout allocates nothing and a state hashes as one
/// word. The text face follows TextArena's TicTacToe-v0 (numbered board, `[4]`).
public struct TicTacToe: Game {
    /// A cell index, 0...8 (row * 3 + column).
    public typealias Action = Int

    /// A position: which cells each seat holds, and the result once it is known.
    public struct State: Hashable, Sendable {
        /// Cells held by seat 0 (`x`), bit `cell`.
        @usableFromInline var crosses: UInt16 = 0
        /// Cells held by seat 1 (`o`), bit `cell`.
        @usableFromInline var noughts: UInt16 = 0
        /// The winner's seat + 1 once a line is made (0 while none is).
        @usableFromInline var winnerPlusOne: UInt8 = 0

        @inlinable init() {}

        /// Cells held by seat 0 (`x`), bit `cell`.
        @inlinable public var crossCells: UInt16 { crosses }
        /// Cells held by seat 1 (`o`), bit `cell`.
        @inlinable public var noughtCells: UInt16 { noughts }
        /// Cells held by either seat.
        @inlinable public var occupied: UInt16 { crosses | noughts }
        /// Number of moves played.
        @inlinable public var moveCount: Int { occupied.nonzeroBitCount }
        /// The seat to move (meaningless once the game is over).
        @inlinable public var seatToMove: Int { moveCount & 1 }
        /// The winning seat, if a line was made.
        @inlinable public var winner: Int? { winnerPlusOne == 0 ? nil : Int(winnerPlusOne) - 1 }
        /// Whether the game is over (a line, or a full board).
        @inlinable public var isOver: Bool { winnerPlusOne != 0 || occupied == TicTacToe.fullBoard }
    }

    public static let info = GameInfo(
        name: "tic_tac_toe",
        longName: "Tic-Tac-Toe",
        summary: "Three in a row on a 3x3 board; perfect play draws.",
        parameters: [],
        card: ticTacToeCard,
        version: 1
    )

    public let parameters: GameParameters

    public init(parameters: GameParameters) throws(GameError) {
        self.parameters = parameters
    }

    public var seatCount: Int { 2 }
    public var actionCount: Int { 9 }
    /// Planes empty / o / x over the 3x3 cells, as OpenSpiel lays them out.
    public var observationShape: [Int] { [3, 3, 3] }
    public var observationIsBinary: Bool { true }
    public var roleNames: [String] { ["x", "o"] }
    public var utility: Utility { Utility(kind: .zeroSum, min: -1, max: 1) }
    public var maxGameLength: Int { 9 }

    @usableFromInline static let fullBoard: UInt16 = 0x1FF
    /// The eight lines of three, as cell masks.
    @usableFromInline static let lines: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (
        0b000_000_111, 0b000_111_000, 0b111_000_000,  // rows
        0b001_001_001, 0b010_010_010, 0b100_100_100,  // columns
        0b100_010_001, 0b001_010_100  // diagonals
    )

    /// Bit `cells` of this 512-bit table is set when the 9-bit set `cells` contains one of
    /// `lines` (a test rebuilds it from `lines`): one load instead of eight comparisons.
    @usableFromInline static let lineTable: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
        0xFF80_8080_8080_8080, 0xFFF0_AA80_FAF0_AA80, 0xFFCC_8080_CCCC_8080, 0xFFFC_AA80_FEFC_AA80,
        0xFFFA_F0F0_AAAA_8080, 0xFFFA_FAF0_FAFA_AA80, 0xFFFE_F0F0_EEEE_8080, 0xFFFF_FFFF_FFFF_FFFF
    )

    @inlinable
    static func hasLine(_ cells: UInt16) -> Bool {
        let table = lineTable
        let word: UInt64
        switch cells >> 6 {
        case 0: word = table.0
        case 1: word = table.1
        case 2: word = table.2
        case 3: word = table.3
        case 4: word = table.4
        case 5: word = table.5
        case 6: word = table.6
        default: word = table.7
        }
        return (word >> UInt64(cells & 63)) & 1 != 0
    }

    /// `hasLine` by the definition, for the test that checks the table.
    public static func containsLine(_ cells: UInt16) -> Bool {
        let l = lines
        return cells & l.0 == l.0 || cells & l.1 == l.1 || cells & l.2 == l.2 || cells & l.3 == l.3
            || cells & l.4 == l.4 || cells & l.5 == l.5 || cells & l.6 == l.6 || cells & l.7 == l.7
    }

    /// Whether a set of cells (bit `cell`) contains a line, by the lookup table.
    public static func containsLineByTable(_ cells: UInt16) -> Bool { hasLine(cells) }

    @inlinable
    public func initialState() -> State { State() }

    @inlinable
    public func currentPlayer(_ state: State) -> CurrentPlayer {
        state.isOver ? .terminal : .seat(state.seatToMove)
    }

    @inlinable
    public func legalActions(_ state: State, into actions: ActionBuffer<Int>) {
        guard !state.isOver else { return actions.removeAll() }
        actions.replaceAll(maxCount: 9) { cells in
            var count = 0
            var empty = ~state.occupied & Self.fullBoard
            while empty != 0 {
                cells[count] = empty.trailingZeroBitCount
                count &+= 1
                empty &= empty &- 1
            }
            return count
        }
    }

    /// The empty cells' bits, one byte per cell: no list of actions in between.
    @inlinable
    public func writeLegalMask(_ state: State, into mask: UnsafeMutableBufferPointer<UInt8>, scratch: ActionBuffer<Int>) {
        precondition(mask.count >= 9, "a TicTacToe legal mask has 9 entries, the buffer \(mask.count)")
        guard let target = mask.baseAddress else { return }
        CellPlanes.writeBytes(state.isOver ? 0 : ~state.occupied & Self.fullBoard, to: target)
    }

    @inlinable
    public func chanceOutcomes(_ state: State, into outcomes: ActionBuffer<ChanceOutcome<Int>>) {
        outcomes.removeAll()
    }

    @inlinable
    public func apply(_ action: Int, to state: inout State) {
        let bit = UInt16(1) &<< UInt16(truncatingIfNeeded: action)
        precondition(state.occupied & bit == 0 && !state.isOver, "cell \(action) is not playable")
        if state.seatToMove == 0 {
            state.crosses |= bit
            if Self.hasLine(state.crosses) { state.winnerPlusOne = 1 }
        } else {
            state.noughts |= bit
            if Self.hasLine(state.noughts) { state.winnerPlusOne = 2 }
        }
    }

    @inlinable
    public func returns(_ state: State, seat: Int) -> Double {
        guard let winner = state.winner else { return 0 }
        return winner == seat ? 1 : -1
    }

    @inlinable
    public func actionIndex(_ action: Int) -> Int { action }

    @inlinable
    public func action(atIndex index: Int) -> Int? { (0..<9).contains(index) ? index : nil }

    @inlinable
    public func role(of seat: Int, in state: State) -> Int { seat }

    /// Plane 0 marks empty cells, plane 1 `o`, plane 2 `x` (OpenSpiel's layout, the same for both seats).
    @inlinable
    public func writeObservation(_ state: State, seat: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        precondition(buffer.count >= 27, "a TicTacToe observation has 27 values, the buffer \(buffer.count)")
        guard let target = buffer.baseAddress else { return }
        CellPlanes.writeFloats(~state.occupied & Self.fullBoard, to: target)
        CellPlanes.writeFloats(state.noughts, to: target + 9)
        CellPlanes.writeFloats(state.crosses, to: target + 18)
    }

    /// The board, three rows of `x`, `o` and `.` separated by newlines (OpenSpiel's board string).
    public func informationState(_ state: State, seat: Int) -> String {
        let cells = boardString(state)
        return stride(from: 0, to: 9, by: 3).map { row in
            String(cells.dropFirst(row).prefix(3))
        }.joined(separator: "\n")
    }

    /// The board as nine characters `x`, `o`, `.` in cell order.
    public func boardString(_ state: State) -> String {
        String((0..<9).map { symbol(state, cell: $0) })
    }

    func symbol(_ state: State, cell: Int) -> Character {
        let bit = UInt16(1) << UInt16(cell)
        if state.crosses & bit != 0 { return "x" }
        if state.noughts & bit != 0 { return "o" }
        return "."
    }

    public func encodeState(_ state: State) -> String { boardString(state) }

    public func decodeState(_ text: String) throws(GameError) -> State {
        let cells = Array(text)
        guard cells.count == 9 else {
            throw .badState(game: name, reason: "expected 9 cells of x, o or '.', got \(cells.count) characters")
        }
        var state = State()
        for (cell, character) in cells.enumerated() {
            let bit = UInt16(1) << UInt16(cell)
            switch character {
            case "x": state.crosses |= bit
            case "o": state.noughts |= bit
            case ".": break
            default: throw .badState(game: name, reason: "cell \(cell) is '\(character)'; expected x, o or '.'")
            }
        }
        let crosses = state.crosses.nonzeroBitCount
        let noughts = state.noughts.nonzeroBitCount
        guard crosses == noughts || crosses == noughts + 1 else {
            throw .badState(game: name, reason: "\(crosses) x and \(noughts) o cannot happen (x moves first)")
        }
        let crossLine = Self.hasLine(state.crosses)
        let noughtLine = Self.hasLine(state.noughts)
        guard !(crossLine && noughtLine) else { throw .badState(game: name, reason: "both sides have a line") }
        if crossLine {
            guard crosses == noughts + 1 else { throw .badState(game: name, reason: "x has a line but o moved after it") }
            state.winnerPlusOne = 1
        }
        if noughtLine {
            guard crosses == noughts else { throw .badState(game: name, reason: "o has a line but x moved after it") }
            state.winnerPlusOne = 2
        }
        return state
    }
}
