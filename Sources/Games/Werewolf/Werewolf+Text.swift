// The text face's prompt, in the style of Werewolf Arena and TextArena's SecretMafia: the
// rules, the seat's role and private results, the public log as `[GAME] ...` and
// `[Player N] ...` lines, then what to do now with the valid formats. Written from the seat's
// knowledge only.

extension Werewolf {
    public func observationText(_ state: State, seat: Int) -> String {
        let known = knowledge(of: seat, in: state)
        var lines = rulesText(for: known)
        var closedVotes: [String] = []
        known.forEachEventNotingOpenBallot { event, inOpenBallot in
            switch event {
            case .vote(let voter, let target) where !inOpenBallot:
                closedVotes.append("Player \(voter) -> " + (target.map { "Player \($0)" } ?? "abstain"))
            case .ballotClosed:
                lines.append("[GAME] Votes: " + closedVotes.joined(separator: ", ") + ".")
                closedVotes.removeAll()
                lines.append(contentsOf: describe(event, seat: known.seat))
            default:
                lines.append(contentsOf: describe(event, seat: known.seat))
            }
        }
        lines.append(nowText(for: known))
        return lines.joined(separator: "\n")
    }

    public func actionText(_ action: Action, in state: State) -> String {
        switch action.kind {
        case .target(let seat): return "[\(seat)]"
        case .abstain: return "[Abstain]"
        case .sleep: return "[Sleep]"
        case .deal(let role): return "[deal: \(role.name)]"
        case .breakTie(let seat): return "[tie-break: \(seat)]"
        case .speech(let act): return speechText(act, message: action.message)
        }
    }

    /// A speech as it is written and broadcast: the message, then the act's command; a pass
    /// with a message is the message alone, a bare pass is `[Pass]`.
    public func speechText(_ act: SpeechAct, message: String) -> String {
        let command: String
        switch act {
        case .claim(let role): command = "[Claim: \(role.name)]"
        case .accuse(let seat): command = "[Accuse: \(seat)]"
        case .defend(let seat): command = "[Defend: \(seat)]"
        case .pass: command = "[Pass]"
        }
        if message.isEmpty { return command }
        return act == .pass ? message : message + " " + command
    }

    private func rulesText(for known: Knowledge) -> [String] {
        var lines = rules.lines
        lines[0] = "[GAME] You are Player \(known.seat) in a \(players)-player game of Werewolf (Players 0 to \(players - 1))."
        if let role = known.role {
            lines.append("Your role: \(role.name) (\(role.team == .werewolves ? "werewolf" : "village") team). \(roleDescription(role))")
        }
        if known.isWerewolf {
            let others = known.pack.subtracting(SeatSet([known.seat]))
            lines.append(
                others.isEmpty
                    ? "You are the only werewolf." : "Your fellow werewolves: " + others.map { "Player \($0)" }.joined(separator: ", ") + ".")
        }
        return lines
    }

    /// The rules paragraph, the same for every seat (the first line is a placeholder for the
    /// seat's own): built once per game, since every prompt starts with it.
    static func rulesLines(for setup: Setup) -> [String] {
        let players = setup.players
        let counts = [setup.werewolves, setup.players - setup.werewolves - setup.seers - setup.doctors, setup.seers, setup.doctors]
        let roles = Role.allCases.compactMap { role -> String? in
            let count = counts[role.rawValue]
            guard count > 0 else { return nil }
            return "\(count) " + (count == 1 ? role.name : role.pluralName)
        }.joined(separator: ", ")
        let protection = setup.selfProtect ? "themselves included" : "not themselves"
        let nightTie = setup.nightTie == .lowestSeat ? "the lowest-numbered of them" : "one of them chosen by lot"
        let dayTie = setup.dayTie == .noElimination ? "a tie eliminates nobody" : "a tie is decided by lot among the tied players"
        let discussionRounds = setup.discussionRounds
        let discussion: String
        switch discussionRounds {
        case 0: discussion = "There is no discussion: each day"
        case 1: discussion = "Each day every living player speaks once, in seat order; then"
        default: discussion = "Each day every living player speaks \(discussionRounds) times, one round after another, in seat order; then"
        }
        return [
            "[GAME] You are Player ? in a \(players)-player game of Werewolf.",
            "Roles in this game: \(roles). Roles are secret; the werewolves know each other.",
            "Rules:",
            "- Each night every living player acts in secret, one after another in seat order, so the order gives no role away. The werewolves vote, seeing each other's votes, for a living non-werewolf to attack; the most-voted player is attacked (on a tie, \(nightTie)). Each doctor protects one living player (\(protection)); a protected player survives the attack. Each seer learns whether one living player is a werewolf. Everyone else sleeps.",
            "- At dawn the night's death, if any, is announced; "
                + (setup.revealRoles ? "the dead player's role is revealed." : "the dead player's role is not revealed."),
            "- \(discussion) every living player votes in secret to eliminate another living player, or abstains; the votes are revealed when all are in. The player with the most votes is eliminated; \(dayTie).",
            "- The village wins when no werewolf lives; the werewolves win when they are at least as many as the other living players. If neither has won after the vote of day \(setup.maxDays), the game is a draw.",
        ]
    }

    private func roleDescription(_ role: Role) -> String {
        switch role {
        case .werewolf: return "Each night you vote with your pack for a victim; by day, hide what you are."
        case .villager: return "You have no night action (at night you reply [Sleep]): find the werewolves by discussion and vote them out."
        case .seer: return "Each night you inspect one living player and privately learn whether they are a werewolf."
        case .doctor: return "Each night you protect one living player; if the werewolves attack them, they survive."
        }
    }

    /// The log lines of one event, as `seat` reads them.
    private func describe(_ event: Event, seat: Int) -> [String] {
        /// `Player 3 was`, or `You (Player 3) were` for the reader.
        func subject(_ player: Int) -> String { player == seat ? "You (Player \(player)) were" : "Player \(player) was" }
        switch event {
        case .nightBegins(let night):
            return ["[GAME] Night \(night) begins."]
        case .packVote(let wolf, let target):
            return ["[GAME] (werewolves only) \(wolf == seat ? "You vote" : "Player \(wolf) votes") to attack Player \(target)."]
        case .attack(let target):
            return ["[GAME] (werewolves only) The pack attacks Player \(target) tonight."]
        case .protect(_, let target):
            return ["[GAME] (private) You protect \(target == seat ? "yourself" : "Player \(target)") tonight."]
        case .inspect(_, let target, let isWerewolf):
            return ["[GAME] (private) You inspected Player \(target): \(isWerewolf ? "a werewolf" : "not a werewolf")."]
        case .sleep:
            return []
        case .dawn(let day, let victim, let role):
            guard let victim else { return ["[GAME] Day \(day) dawns. Nobody died in the night."] }
            let revealed = role.map { " They were a \($0.name)." } ?? ""
            return ["[GAME] Day \(day) dawns. \(subject(victim)) killed in the night.\(revealed)"]
        case .speech(let speaker, let act, let message):
            return ["[Player \(speaker)] " + speechText(act, message: message)]
        case .vote(_, let target):
            let choice = target.map { "voted to eliminate Player \($0)" } ?? "abstained"
            return ["[GAME] (private) You \(choice); the votes are revealed when every living player has voted."]
        case .ballotClosed(_, let eliminated, let role):
            guard let eliminated else { return ["[GAME] Nobody is eliminated."] }
            let revealed = role.map { " They were a \($0.name)." } ?? ""
            return ["[GAME] \(subject(eliminated)) eliminated by the vote.\(revealed)"]
        case .gameOver(let outcome):
            switch outcome {
            case .villageWins: return ["[GAME] Game over: every werewolf is dead. The village wins."]
            case .werewolvesWin: return ["[GAME] Game over: the werewolves are as many as the others. The werewolves win."]
            case .draw: return ["[GAME] Game over: the day limit is reached. The game is a draw."]
            }
        }
    }

    private var messageRule: String {
        messageLimit == 0
            ? "Free text is off in this game: reply with a speech act alone."
            : "Write a message to every player (at most \(messageLimit) characters)."
    }

    /// The closing line: the seat's task with the valid formats, or what it is waiting for.
    private func nowText(for known: Knowledge) -> String {
        let living = "Living players: " + known.alive.map { "Player \($0)" }.joined(separator: ", ") + "."
        if let task = task(of: known) {
            let choices = targets(of: task, for: known).map { "[\($0)]" }.joined(separator: ", ")
            switch (task, known.moment) {
            case (.attack, .night(let night)):
                return
                    "[GAME] \(living)\n[GAME] Night \(night): vote for a living non-werewolf to attack. Reply with the player's number in brackets, e.g. [3] or [Player 3]. Valid targets: \(choices)"
            case (.protect, .night(let night)):
                return
                    "[GAME] \(living)\n[GAME] Night \(night): choose a player to protect. Reply with the player's number in brackets. Valid targets: \(choices)"
            case (.inspect, .night(let night)):
                return
                    "[GAME] \(living)\n[GAME] Night \(night): choose a player to inspect. Reply with the player's number in brackets. Valid targets: \(choices)"
            case (.sleep, .night(let night)):
                return "[GAME] \(living)\n[GAME] Night \(night): you have no night action. Reply [Sleep] to let the night pass."
            case (.speak, .discussion(let day, let round, _)):
                return """
                    [GAME] \(living)
                    [GAME] Day \(day) discussion, round \(round + 1) of \(discussionRounds): your turn to speak. \(messageRule) You may add one speech act: [Claim: ROLE] (werewolf, villager, seer or doctor), [Accuse: N] or [Defend: N] with N a living player's number. Reply [Pass] to say nothing.
                    """
            case (.vote, .vote(let day)):
                return "[GAME] \(living)\n[GAME] Day \(day) vote: vote to eliminate a player, or abstain. Valid votes: \(choices), [Abstain]"
            default:
                break
            }
        }
        if known.moment.isInPlay && !known.alive.contains(known.seat) {
            return "[GAME] \(living)\n[GAME] You are dead: you can no longer speak, vote or act, but your team can still win."
        }
        switch known.moment {
        case .dealing: return "[GAME] Roles are being dealt."
        case .night(let night): return "[GAME] \(living)\n[GAME] Night \(night): waiting for the night to pass."
        case .discussion(let day, let round, let speaker):
            return "[GAME] \(living)\n[GAME] Day \(day) discussion, round \(round + 1) of \(discussionRounds): Player \(speaker) is speaking."
        case .vote(let day): return "[GAME] \(living)\n[GAME] Day \(day) vote: waiting for the votes."
        case .over(let outcome):
            guard let winner = outcome.winner, let role = known.role else { return "[GAME] Nobody wins." }
            let team = role.team == .werewolves ? "werewolf" : "village"
            return "[GAME] You are on the \(team) team: you \(role.team == winner ? "win" : "lose")."
        }
    }
}
