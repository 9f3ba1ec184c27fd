/// A simple rule-based Werewolf player, for baselines and tests. It reads only the acting
/// seat's `Werewolf.Knowledge` (never the hidden roles), so it plays fair.
///
/// - Seer: claims seer at its first turn of speech, then accuses the living werewolves it
///   found (each once a day); inspects players it has not inspected yet; votes for a werewolf
///   it found.
/// - Doctor: protects a living claimed seer, otherwise a random player.
/// - Werewolves: attack with the pack (follow a teammate's vote tonight), preferring a claimed
///   seer, then a claimed doctor, then whoever accused a werewolf, and avoiding last night's
///   target if it survived; accuse villagers (whoever accused a werewolf, else the most
///   accused non-werewolf); never accuse or vote for a teammate.
/// - Villagers: sleep at night (their only night action). By day they, and the others,
///   accuse and vote for the most accused living player, an accusation by a claimed seer
///   counting three times and an accusation against the one claimed seer counting three
///   times against the accuser; never suspect the one claimed seer; defend themselves when
///   they are the most accused; abstain when nobody is accused.
public struct WerewolfHeuristic: Hashable, Sendable {
    /// How much an accusation by a player who claimed seer counts against one by anyone else.
    public var claimedSeerWeight: Int

    /// Creates the heuristic.
    public init(claimedSeerWeight: Int = 3) {
        self.claimedSeerWeight = claimedSeerWeight
    }

    /// The action of `seat`, which must be the seat to act at `state`.
    ///
    /// - Parameters:
    ///   - rng: breaks ties between equally good choices.
    /// - Returns: a legal action; a bare `[Pass]` when `seat` is not to act.
    public func action(for seat: Int, in state: Werewolf.State, game: Werewolf, rng: inout EpisodeRNG) -> Werewolf.Action {
        action(knowing: game.knowledge(of: seat, in: state), game: game, rng: &rng)
    }

    /// The action chosen from one seat's knowledge alone.
    public func action(knowing known: Werewolf.Knowledge, game: Werewolf, rng: inout EpisodeRNG) -> Werewolf.Action {
        guard let task = game.task(of: known) else { return .pass() }
        let view = View(known, game: game, claimedSeerWeight: claimedSeerWeight)
        let targets = game.targets(of: task, for: known)
        switch task {
        case .attack: return .target(view.attackTarget(among: targets, rng: &rng))
        case .protect: return .target(view.protectTarget(among: targets, rng: &rng))
        case .inspect: return .target(view.inspectTarget(among: targets, rng: &rng))
        case .sleep: return .sleep
        case .speak: return view.speech(accusable: targets, rng: &rng)
        case .vote: return view.vote(among: targets, rng: &rng)
        }
    }
}

extension WerewolfHeuristic {
    /// The facts the rules above use, gathered in one pass over the seat's knowledge.
    struct View {
        let known: Werewolf.Knowledge
        let players: Int
        var claimedSeers = Werewolf.SeatSet()
        var claimedDoctors = Werewolf.SeatSet()
        var inspected = Werewolf.SeatSet()
        var foundWerewolves = Werewolf.SeatSet()
        /// Accusation weight each seat received since the latest dawn.
        var suspicion: [Int]
        /// Seats that accused a known werewolf (this seat's pack) since the latest dawn.
        var accusersOfPack = Werewolf.SeatSet()
        /// Whom this seat accused since the latest dawn.
        var accusedByMe = Werewolf.SeatSet()
        /// The pack's votes tonight (werewolves only).
        var packVotesTonight: [Int] = []
        /// Last night's attack target, if it survived (werewolves only).
        var survivedAttack: Int?

        init(_ known: Werewolf.Knowledge, game: Werewolf, claimedSeerWeight: Int) {
            self.known = known
            players = game.players
            suspicion = [Int](repeating: 0, count: players)
            var lastAttack: Int?
            known.forEachEvent { event in
                switch event {
                case .nightBegins:
                    packVotesTonight.removeAll()
                case .packVote(_, let target):
                    packVotesTonight.append(target)
                case .attack(let target):
                    lastAttack = target
                case .inspect(_, let target, let isWerewolf):
                    inspected.insert(target)
                    if isWerewolf { foundWerewolves.insert(target) }
                case .dawn(_, let victim, _):
                    survivedAttack = victim == nil ? lastAttack : nil
                    suspicion = [Int](repeating: 0, count: players)
                    accusersOfPack = Werewolf.SeatSet()
                    accusedByMe = Werewolf.SeatSet()
                case .speech(let speaker, .claim(let role), _):
                    if role == .seer { claimedSeers.insert(speaker) }
                    if role == .doctor { claimedDoctors.insert(speaker) }
                case .speech(let speaker, .accuse(let target), _):
                    suspicion[target] += claimedSeers.contains(speaker) ? claimedSeerWeight : 1
                    // Accusing the one claimed seer is what a werewolf would do.
                    if claimedSeers.count == 1 && claimedSeers.contains(target) { suspicion[speaker] += claimedSeerWeight }
                    if known.pack.contains(target) { accusersOfPack.insert(speaker) }
                    if speaker == known.seat { accusedByMe.insert(target) }
                default:
                    break
                }
            }
        }

        /// A uniformly random member of `seats` (which must not be empty).
        func pick(_ seats: Werewolf.SeatSet, rng: inout EpisodeRNG) -> Int {
            let members = Array(seats)
            return members[rng.index(below: members.count)]
        }

        /// The first non-empty preference, intersected with `allowed`; else any allowed seat.
        func prefer(_ preferences: [Werewolf.SeatSet], among allowed: Werewolf.SeatSet, rng: inout EpisodeRNG) -> Int {
            for preference in preferences {
                let choice = preference.intersection(allowed)
                if !choice.isEmpty { return pick(choice, rng: &rng) }
            }
            return pick(allowed, rng: &rng)
        }

        /// The seer claim the village trusts: the claimant when exactly one player claimed seer.
        var trustedSeer: Werewolf.SeatSet { claimedSeers.count == 1 ? claimedSeers : Werewolf.SeatSet() }

        /// The most suspected seats among `candidates` (empty when none is accused).
        func mostSuspected(among candidates: Werewolf.SeatSet) -> Werewolf.SeatSet {
            let top = candidates.map { suspicion[$0] }.max() ?? 0
            guard top > 0 else { return Werewolf.SeatSet() }
            return Werewolf.SeatSet(candidates.filter { suspicion[$0] == top })
        }

        func attackTarget(among targets: Werewolf.SeatSet, rng: inout EpisodeRNG) -> Int {
            if let teammateChoice = packVotesTonight.first, targets.contains(teammateChoice) { return teammateChoice }
            var fresh = targets
            if let survivedAttack, targets.count > 1 { fresh.remove(survivedAttack) }
            return prefer([claimedSeers, claimedDoctors, accusersOfPack], among: fresh, rng: &rng)
        }

        func protectTarget(among targets: Werewolf.SeatSet, rng: inout EpisodeRNG) -> Int {
            prefer([claimedSeers.intersection(known.alive)], among: targets, rng: &rng)
        }

        func inspectTarget(among targets: Werewolf.SeatSet, rng: inout EpisodeRNG) -> Int {
            prefer([targets.subtracting(inspected)], among: targets, rng: &rng)
        }

        func speech(accusable: Werewolf.SeatSet, rng: inout EpisodeRNG) -> Werewolf.Action {
            let me = known.seat
            switch known.role {
            case .seer?:
                if !claimedSeers.contains(me) { return .speech(.claim(.seer)) }
                let toAccuse = foundWerewolves.intersection(accusable).subtracting(accusedByMe)
                if !toAccuse.isEmpty { return .speech(.accuse(pick(toAccuse, rng: &rng))) }
                return .pass()
            case .werewolf?:
                let villagers = accusable.subtracting(known.pack)
                if villagers.isEmpty { return .pass() }
                let target = prefer([accusersOfPack, mostSuspected(among: villagers)], among: villagers, rng: &rng)
                return .speech(.accuse(target))
            case .villager?, .doctor?, nil:
                let everyone = accusable.union(Werewolf.SeatSet([me])).subtracting(trustedSeer)
                let suspects = mostSuspected(among: everyone)
                if suspects.contains(me) { return .speech(.defend(me)) }
                if suspects.isEmpty { return .pass() }
                return .speech(.accuse(pick(suspects, rng: &rng)))
            }
        }

        func vote(among targets: Werewolf.SeatSet, rng: inout EpisodeRNG) -> Werewolf.Action {
            switch known.role {
            case .seer?:
                let found = foundWerewolves.intersection(targets)
                if !found.isEmpty { return .target(pick(found, rng: &rng)) }
            case .werewolf?:
                let villagers = targets.subtracting(known.pack)
                if villagers.isEmpty { return .abstain }
                return .target(prefer([mostSuspected(among: villagers), claimedSeers], among: villagers, rng: &rng))
            default:
                break
            }
            let suspects = mostSuspected(among: targets.subtracting(trustedSeer))
            return suspects.isEmpty ? .abstain : .target(pick(suspects, rng: &rng))
        }
    }
}
