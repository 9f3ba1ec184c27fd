import Games
import Testing

/// The public face of Werewolf does not depend on hidden roles. Two games are dealt roles that
/// differ only by a permutation among some seats, then driven with the same public choices:
/// the same speeches and votes, and the same night plan (a target per seat for each night
/// power, used by whichever seats hold that power in each deal, chosen so that both nights
/// end with the same death). Then, at every step, who acts (seat, chance or nobody) must be
/// the same, and so must everything shown to each seat that cannot tell the deals apart.
///
/// A seat can tell them apart when its own role differs, when it is a werewolf and the packs
/// differ, or when it is a seer that inspected a seat that is a werewolf in one deal only. A
/// death of a seat whose team differs (or whose role differs, when roles are revealed) ends
/// the comparison: from there on the deals differ in public, by the rules.
@Suite("Werewolf: the public face does not depend on hidden roles")
struct WerewolfRolePermutationTests {
    typealias SeatView = WerewolfInformationTests.SeatView

    @Test(
        "permuted roles, same public choices: the same acting seats and the same views",
        arguments: [
            "werewolf",
            "werewolf(night_tie=random,day_tie=random,self_protect=false,discussion_rounds=2)",
            "werewolf(players=9,werewolves=2,seers=2,doctors=2,reveal_roles=true)",
            "werewolf(seers=0,doctors=0,discussion_rounds=0)",
        ])
    func permutedRolesLookTheSame(gameString: String) throws {
        let game = try Werewolf(parameters: GameCatalog.parameters(of: gameString))
        var comparedSteps = 0
        var comparedNightSteps = 0
        for episode in 0..<30 {
            var rng = EpisodeRNG(seed: 31, episode: UInt64(episode))
            var pair = PermutedPair(game: game, rng: &rng)
            while let step = pair.compareAndStep(rng: &rng) {
                comparedSteps += 1
                if step.wasNight { comparedNightSteps += 1 }
            }
            if let failure = pair.failure {
                Issue.record("episode \(episode), deals \(pair.rolesA) and \(pair.rolesB): \(failure)")
                return
            }
        }
        // The comparison must reach deep into games, nights included, or it proves little.
        #expect(comparedSteps > 30 * 15)
        #expect(comparedNightSteps > 30 * 3)
    }

    @Test func aSeatThatCanTellTheDealsApartSeesTheDifference() throws {
        // The control: the views compared above do show what a seat may know, so their
        // equality is not an accident of views that show nothing.
        let game = Werewolf()
        let pair = PermutedPair(game: game, rolesA: standardDeal, rolesB: [.villager, .werewolf, .seer, .doctor, .werewolf, .villager, .villager])
        #expect(SeatView(game, pair.a, seat: 0) != SeatView(game, pair.b, seat: 0))
        #expect(SeatView(game, pair.a, seat: 1) != SeatView(game, pair.b, seat: 1))  // its pack changed
        #expect(SeatView(game, pair.a, seat: 5) == SeatView(game, pair.b, seat: 5))
    }
}

/// Two games whose deals differ by a permutation of roles, stepped together.
struct PermutedPair {
    typealias SeatView = WerewolfInformationTests.SeatView

    let game: Werewolf
    let rolesA: [Werewolf.Role]
    let rolesB: [Werewolf.Role]
    var a: Werewolf.State
    var b: Werewolf.State
    /// Seats that may see a difference (see the suite's comment).
    var informed: Set<Int>
    /// Why the comparison failed, if it did.
    var failure: String?
    /// Tonight's plan, made when a night begins.
    var plan: NightPlan?
    var stopped = false

    /// Choices for one night, shared by both games.
    struct NightPlan {
        let night: Int
        /// Seat s votes for `attacks[s]` if it is a werewolf.
        var attacks: [Int]
        /// Seat s protects `protections[s]` if it is a doctor.
        var protections: [Int]
        /// Seat s inspects `inspections[s]` if it is a seer.
        var inspections: [Int]
    }

    /// One compared step.
    struct Step {
        let wasNight: Bool
    }

    init(game: Werewolf, rng: inout EpisodeRNG) {
        var roles = Werewolf.Role.allCases.flatMap { Array(repeating: $0, count: game.count(of: $0)) }
        roles.shuffle(using: &rng)
        self.init(game: game, rolesA: roles, rolesB: Self.permuting(roles, rng: &rng))
    }

    init(game: Werewolf, rolesA: [Werewolf.Role], rolesB: [Werewolf.Role]) {
        self.game = game
        self.rolesA = rolesA
        self.rolesB = rolesB
        a = game.dealt(rolesA)
        b = game.dealt(rolesB)
        informed = Set((0..<game.players).filter { rolesA[$0] != rolesB[$0] })
        let wolvesA = Set((0..<game.players).filter { rolesA[$0] == .werewolf })
        let wolvesB = Set((0..<game.players).filter { rolesB[$0] == .werewolf })
        if wolvesA != wolvesB { informed.formUnion(wolvesA.union(wolvesB)) }
    }

    /// The roles with a random permutation applied to a random set of two or three seats
    /// holding at least two different roles.
    static func permuting(_ roles: [Werewolf.Role], rng: inout EpisodeRNG) -> [Werewolf.Role] {
        while true {
            var seats = Array(roles.indices)
            seats.shuffle(using: &rng)
            let chosen = Array(seats.prefix(2 + rng.index(below: 2)))
            guard Set(chosen.map { roles[$0] }).count > 1 else { continue }
            var permuted = roles
            var moved = chosen.map { roles[$0] }
            repeat { moved.shuffle(using: &rng) } while moved == chosen.map { roles[$0] }
            for (seat, role) in zip(chosen, moved) { permuted[seat] = role }
            return permuted
        }
    }

    /// Compares the two games at the current step, then plays the same public choice in both.
    /// Nil when the comparison is over (the games ended, diverged by the rules, or failed).
    mutating func compareAndStep(rng: inout EpisodeRNG) -> Step? {
        guard !stopped else { return nil }
        let player = game.currentPlayer(a)
        guard player == game.currentPlayer(b) else {
            return fail(
                "the acting player differs: \(player) against \(game.currentPlayer(b)) (history '\(game.encodeState(a))' against '\(game.encodeState(b))')"
            )
        }
        for seat in 0..<game.players where !informed.contains(seat) {
            guard SeatView(game, a, seat: seat) == SeatView(game, b, seat: seat) else {
                return fail(
                    "seat \(seat) (\(rolesA[seat])) sees a difference at '\(game.encodeState(a))': \(game.informationState(a, seat: seat)) against \(game.informationState(b, seat: seat))"
                )
            }
        }
        let night = isNight
        let aliveBefore = game.knowledge(of: 0, in: a).alive
        switch player {
        case .terminal:
            return nil
        case .chance:
            let outcomes = game.chanceOutcomes(a)
            guard outcomes == game.chanceOutcomes(b) else { return fail("the chance outcomes differ") }
            let outcome = rng.sample(outcomes)
            game.apply(outcome, to: &a)
            game.apply(outcome, to: &b)
        case .seat(let seat):
            guard let (actionA, actionB) = choices(for: seat, rng: &rng) else {
                stopped = true  // no choice legal in both games: nothing more to compare
                return nil
            }
            game.apply(actionA, to: &a)
            game.apply(actionB, to: &b)
        }
        // A death that the deals disagree on (team, or a revealed role) is public by the rules.
        let aliveA = game.knowledge(of: 0, in: a).alive
        guard aliveA == game.knowledge(of: 0, in: b).alive else { return fail("different players died") }
        for dead in aliveBefore.subtracting(aliveA) {
            let differs = game.revealsRoles ? rolesA[dead] != rolesB[dead] : rolesA[dead].team != rolesB[dead].team
            if differs { stopped = true }
        }
        return Step(wasNight: night)
    }

    private mutating func fail(_ reason: String) -> Step? {
        failure = reason
        stopped = true
        return nil
    }

    private var isNight: Bool {
        if case .night = game.knowledge(of: 0, in: a).moment { return true }
        return false
    }

    /// The acting seat's action in each game: by day the same random choice legal in both;
    /// at night what tonight's plan says for the seat's role in that game.
    private mutating func choices(for seat: Int, rng: inout EpisodeRNG) -> (Werewolf.Action, Werewolf.Action)? {
        guard case .night(let night) = game.knowledge(of: seat, in: a).moment else {
            let legalInB = Set(game.legalActions(b))
            let common = game.legalActions(a).filter { legalInB.contains($0) }
            guard !common.isEmpty else { return nil }
            let choice = common[rng.index(below: common.count)]
            return (choice, choice)
        }
        if plan?.night != night { plan = makePlan(night: night, rng: &rng) }
        guard let plan, let actionA = planned(for: seat, in: a, roles: rolesA, plan: plan),
            let actionB = planned(for: seat, in: b, roles: rolesB, plan: plan)
        else { return nil }
        // A seer whose result differs between the deals now knows something.
        if rolesA[seat] == .seer, case .target(let target) = actionA.kind, (rolesA[target] == .werewolf) != (rolesB[target] == .werewolf) {
            informed.insert(seat)
        }
        return (actionA, actionB)
    }

    /// What `seat` does tonight in a game with `roles`: the plan's target for the seat, by the
    /// seat's role there, or (without a night power) its only legal action. Nil when that is
    /// not legal there.
    private func planned(for seat: Int, in state: Werewolf.State, roles: [Werewolf.Role], plan: NightPlan) -> Werewolf.Action? {
        let legal = game.legalActions(state)
        let action: Werewolf.Action?
        switch roles[seat] {
        case .werewolf: action = .target(plan.attacks[seat])
        case .doctor: action = .target(plan.protections[seat])
        case .seer: action = .target(plan.inspections[seat])
        case .villager: action = legal.count == 1 ? legal.first : nil
        }
        guard let action, legal.contains(action) else { return nil }
        return action
    }

    /// A plan both games can follow, with a target per seat for each night power, so that a
    /// seat holding the same role in both deals does the same. Attacks go to living
    /// non-werewolves of both deals, all to one player when the packs differ (the same victim
    /// either way); when the deals disagree on who the living doctors are, nobody protects
    /// the attacked player (the same dawn either way).
    private func makePlan(night: Int, rng: inout EpisodeRNG) -> NightPlan {
        let alive = game.knowledge(of: 0, in: a).alive
        func any(of seats: [Int]) -> Int { seats.isEmpty ? -1 : seats[rng.index(below: seats.count)] }
        func holders(_ role: Werewolf.Role, _ roles: [Werewolf.Role]) -> [Int] { alive.filter { roles[$0] == role } }
        let prey = alive.filter { rolesA[$0] != .werewolf && rolesB[$0] != .werewolf }
        let victim = any(of: prey)
        let packsDiffer = holders(.werewolf, rolesA) != holders(.werewolf, rolesB)
        let attacks = (0..<game.players).map { _ in packsDiffer ? victim : any(of: prey) }
        let doctorsDiffer = holders(.doctor, rolesA) != holders(.doctor, rolesB)
        let protections = (0..<game.players).map { seat in
            any(of: alive.filter { ($0 != seat || game.allowsSelfProtection) && !(doctorsDiffer && attacks.contains($0)) })
        }
        let inspections = (0..<game.players).map { seat in any(of: alive.filter { $0 != seat }) }
        return NightPlan(night: night, attacks: attacks, protections: protections, inspections: inspections)
    }
}
