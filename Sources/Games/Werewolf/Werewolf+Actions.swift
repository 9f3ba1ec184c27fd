// Legal actions, computed from the acting seat's knowledge alone (so the action mask cannot
// leak a hidden role either).

extension Werewolf {
    /// What the acting seat is asked to do now.
    public enum Task: Hashable, Sendable {
        /// A werewolf votes for tonight's victim.
        case attack
        /// A doctor chooses whom to protect tonight.
        case protect
        /// A seer chooses whom to inspect tonight.
        case inspect
        /// A player without a night power lets the night pass (its only action is `sleep`).
        case sleep
        /// A turn of speech in the discussion.
        case speak
        /// A vote in the day's ballot.
        case vote
    }

    /// The task of a seat that is to act, or nil when it is not.
    public func task(of knowledge: Knowledge) -> Task? {
        guard knowledge.isToAct else { return nil }
        switch knowledge.moment {
        case .night:
            switch knowledge.role {
            case .werewolf?: return .attack
            case .doctor?: return .protect
            case .seer?: return .inspect
            case .villager?: return .sleep
            case nil: return nil
            }
        case .discussion: return .speak
        case .vote: return .vote
        case .dealing, .over: return nil
        }
    }

    /// The seats a task may name: living non-werewolves for an attack, living players for a
    /// protection (oneself only if `self_protect`), living others for an inspection, a vote,
    /// or an accusation; nobody for sleep.
    public func targets(of task: Task, for knowledge: Knowledge) -> SeatSet {
        var targets = knowledge.alive
        switch task {
        case .attack: targets = targets.subtracting(knowledge.pack)
        case .protect: if !allowsSelfProtection { targets.remove(knowledge.seat) }
        case .inspect, .vote, .speak: targets.remove(knowledge.seat)
        case .sleep: targets = SeatSet()
        }
        return targets
    }

    /// Writes the legal (message-free) actions of the seat whose knowledge this is, sorted by index.
    public func legalActions(for knowledge: Knowledge, into actions: ActionBuffer<Action>) {
        actions.removeAll()
        guard let task = task(of: knowledge) else { return }
        let targets = targets(of: task, for: knowledge)
        switch task {
        case .attack, .protect, .inspect:
            for seat in targets { actions.append(.target(seat)) }
        case .vote:
            for seat in targets { actions.append(.target(seat)) }
            actions.append(.abstain)
        case .sleep:
            actions.append(.sleep)
        case .speak:
            for role in Role.allCases { actions.append(.speech(.claim(role))) }
            for seat in targets { actions.append(.speech(.accuse(seat))) }
            for seat in knowledge.alive { actions.append(.speech(.defend(seat))) }
            actions.append(.pass())
        }
    }

    /// The default's draw (the `rng.index(below:)`-th of `legalActions`) without listing them:
    /// every task's moves are a few fixed moves and runs of seats, in index order, so the drawn
    /// index picks its move directly.
    public func sampleLegalAction(_ state: State, rng: inout EpisodeRNG, scratch: ActionBuffer<Action>) -> Action {
        guard case .seat(let seat) = currentPlayer(state) else { preconditionFailure("no seat acts here") }
        let knowledge = knowledge(of: seat, in: state)
        guard let task = task(of: knowledge) else { preconditionFailure("seat \(seat) has no task") }
        let targets = targets(of: task, for: knowledge)
        switch task {
        case .attack, .protect, .inspect:
            return .target(targets.member(atRank: rng.index(below: targets.count)))
        case .vote:
            let drawn = rng.index(below: targets.count + 1)
            return drawn < targets.count ? .target(targets.member(atRank: drawn)) : .abstain
        case .sleep:
            // The one legal move still takes its draw, as a draw over a list of one does.
            _ = rng.index(below: 1)
            return .sleep
        case .speak:
            let claims = Role.allCases.count
            var drawn = rng.index(below: claims + targets.count + knowledge.alive.count + 1)
            if drawn < claims { return .speech(.claim(Role.allCases[drawn])) }
            drawn -= claims
            if drawn < targets.count { return .speech(.accuse(targets.member(atRank: drawn))) }
            drawn -= targets.count
            if drawn < knowledge.alive.count { return .speech(.defend(knowledge.alive.member(atRank: drawn))) }
            return .pass()
        }
    }

    /// Whether the message-free `action` is legal for the seat whose knowledge this is.
    func isLegal(_ action: Action, for knowledge: Knowledge) -> Bool {
        guard let task = task(of: knowledge) else { return false }
        switch (task, action.kind) {
        case (.attack, .target(let seat)), (.protect, .target(let seat)), (.inspect, .target(let seat)), (.vote, .target(let seat)):
            return targets(of: task, for: knowledge).contains(seat)
        case (.vote, .abstain), (.speak, .speech(.claim)), (.speak, .speech(.pass)), (.sleep, .sleep):
            return true
        case (.speak, .speech(.accuse(let seat))):
            return targets(of: task, for: knowledge).contains(seat)
        case (.speak, .speech(.defend(let seat))):
            return knowledge.alive.contains(seat)
        default:
            return false
        }
    }
}
