// What one seat may know. Every seat view (tensor, information-state string, prompt), the
// legal actions of the acting seat and the heuristic policy are computed from a `Knowledge`
// value and nothing else, so a seat cannot see hidden facts through any of them.
//
// Audiences of the log entries:
//   public            nightBegins, dawn, speech, ballotClosed, gameOver, and every vote of a closed ballot
//   the werewolves    packVote, attack
//   one seat          protect (the doctor), inspect (the seer), sleep (the sleeper), its own vote
//                     while the ballot is open

extension Werewolf {
    /// Everything one seat may know at a state: its role, its pack if it is a werewolf, the
    /// public moment, who lives, and the log entries addressed to it.
    public struct Knowledge: Sendable, Equatable {
        /// The seat this knowledge belongs to.
        public let seat: Int
        /// The seat's own role, nil before the deal reaches it.
        public let role: Role?
        /// Every werewolf (this seat included) if this seat is a werewolf; empty otherwise.
        public let pack: SeatSet
        /// The living seats (public).
        public let alive: SeatSet
        /// Where play stands, as everyone sees it.
        public let moment: Moment
        /// Whether this seat is the one to act now.
        public let isToAct: Bool
        /// The whole log; read only through `forEachEvent`, which filters by audience.
        let log: [Event]
        /// Votes at or after this log index belong to the open ballot (secret but for one's own).
        let openBallotStart: Int

        /// Calls `body` with every log entry this seat may see, in order.
        public func forEachEvent(_ body: (Event) throws -> Void) rethrows {
            for index in log.indices where isVisible(log[index], at: index) {
                try body(log[index])
            }
        }

        /// Calls `body` with every log entry this seat may see and whether it is a vote of
        /// the ballot still open (then it is this seat's own).
        public func forEachEventNotingOpenBallot(_ body: (_ event: Event, _ inOpenBallot: Bool) throws -> Void) rethrows {
            for index in log.indices where isVisible(log[index], at: index) {
                try body(log[index], index >= openBallotStart)
            }
        }

        /// The log entries this seat may see, in order.
        public var events: [Event] {
            var visible: [Event] = []
            forEachEvent { visible.append($0) }
            return visible
        }

        /// Whether this seat is a werewolf.
        public var isWerewolf: Bool { role == .werewolf }

        func isVisible(_ event: Event, at index: Int) -> Bool {
            switch event {
            case .nightBegins, .dawn, .speech, .ballotClosed, .gameOver: return true
            case .packVote, .attack: return isWerewolf
            case .protect(let doctor, _): return doctor == seat
            case .inspect(let seer, _, _): return seer == seat
            case .sleep(let sleeper): return sleeper == seat
            case .vote(let voter, _): return voter == seat || index < openBallotStart
            }
        }

        /// Equal when the seat sees the same things: the no-leak property is stated with it.
        public static func == (lhs: Knowledge, rhs: Knowledge) -> Bool {
            lhs.seat == rhs.seat && lhs.role == rhs.role && lhs.pack == rhs.pack && lhs.alive == rhs.alive
                && lhs.moment == rhs.moment && lhs.isToAct == rhs.isToAct && lhs.events == rhs.events
        }
    }

    /// What `seat` may know at `state`. Allocates nothing (the log is shared, not copied).
    public func knowledge(of seat: Int, in state: State) -> Knowledge {
        let role = role(ofSeat: seat, in: state)
        let pack = role == .werewolf ? seats(holding: .werewolf, in: state) : SeatSet()
        let moment: Moment
        switch state.phase {
        case .deal: moment = .dealing
        case .night, .nightTie: moment = .night(Int(state.day))
        case .discussion: moment = .discussion(day: Int(state.day), round: Int(state.round), speaker: Int(state.actor))
        case .vote, .dayTie: moment = .vote(day: Int(state.day))
        case .over: moment = .over(state.outcome ?? .draw)
        }
        let ballotIsOpen = state.phase == .vote || state.phase == .dayTie
        return Knowledge(
            seat: seat, role: role, pack: pack, alive: state.alive, moment: moment,
            isToAct: currentPlayer(state) == .seat(seat), log: state.log,
            openBallotStart: ballotIsOpen ? Int(state.phaseStart) : state.log.count)
    }
}

// Facts a seat deduces from its knowledge; shared by the tensor, the prompt and the heuristic.
extension Werewolf.Knowledge {
    /// Seats this seat knows to be werewolves: its pack, its seer findings, revealed roles.
    public var knownWerewolves: Werewolf.SeatSet {
        var known = pack
        forEachEvent { event in
            switch event {
            case .inspect(_, let target, true): known.insert(target)
            case .dawn(_, let seat?, .werewolf?), .ballotClosed(_, let seat?, .werewolf?): known.insert(seat)
            default: break
            }
        }
        return known
    }

    /// Seats this seat knows not to be werewolves: itself (if not one), everyone outside the
    /// pack (if a werewolf), its seer findings, revealed roles.
    public func knownNonWerewolves(players: Int) -> Werewolf.SeatSet {
        var known = Werewolf.SeatSet()
        if role == .werewolf {
            known = Werewolf.SeatSet.all(players).subtracting(pack)
        } else if role != nil {
            known.insert(seat)
        }
        forEachEvent { event in
            switch event {
            case .inspect(_, let target, false): known.insert(target)
            case .dawn(_, let seat?, let role?), .ballotClosed(_, let seat?, let role?):
                if role != .werewolf { known.insert(seat) }
            default: break
            }
        }
        return known
    }

    /// The latest role each seat claimed in the discussion (nil where none).
    public func claims(players: Int) -> [Werewolf.Role?] {
        var claims = [Werewolf.Role?](repeating: nil, count: players)
        forEachEvent { event in
            if case .speech(let speaker, .claim(let role), _) = event { claims[speaker] = role }
        }
        return claims
    }

    /// How many accusations (and defences) each seat received since the latest dawn.
    public func accusationsToday(players: Int) -> (accused: [Int], defended: [Int]) {
        var accused = [Int](repeating: 0, count: players)
        var defended = [Int](repeating: 0, count: players)
        forEachEvent { event in
            switch event {
            case .dawn:
                accused = [Int](repeating: 0, count: players)
                defended = [Int](repeating: 0, count: players)
            case .speech(_, .accuse(let target), _): accused[target] += 1
            case .speech(_, .defend(let target), _): defended[target] += 1
            default: break
            }
        }
        return (accused, defended)
    }
}
