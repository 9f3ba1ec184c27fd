// The text face of Kuhn Poker, in the style of TextArena's KuhnPoker: `[check] [bet]
// [call] [fold]`, any letter case, and the game's message history as the prompt.

extension KuhnPoker {
    /// The name of a card: J, Q, K with three cards; the card's number otherwise.
    public func cardName(_ card: Int) -> String {
        players == 2 ? ["J", "Q", "K"][card] : String(card)
    }

    private var deckDescription: String {
        players == 2
            ? "a 3-card deck with J, Q, K (J lowest, K highest)"
            : "a \(players + 1)-card deck numbered 0 to \(players) (higher wins)"
    }

    private func isFacingBet(_ state: State) -> Bool {
        Self.firstBet(state.bets, state.betCount) != nil
    }

    public func actionText(_ action: Int, in state: State) -> String {
        guard Int(state.dealt) == players else { return "[deal \(cardName(action))]" }
        if isFacingBet(state) { return action == Self.bet ? "[call]" : "[fold]" }
        return action == Self.bet ? "[bet]" : "[check]"
    }

    /// Reads the last of `[check] [bet] [call] [fold]` in the reply (any case); `[pass]` is
    /// read as check or fold.
    public func parseAction(_ text: String, in state: State) -> Result<Int, ActionParseError> {
        let accepted = legalActionTexts(state)
        guard case .seat = currentPlayer(state) else {
            return .failure(ActionParseError(reason: "no seat is to act", accepted: []))
        }
        let known: Set<String> = ["check", "bet", "call", "fold", "pass"]
        let words = TextCommands.bracketed(text).map { $0.normalisedWord() }.filter(known.contains)
        guard let word = words.last else {
            return .failure(ActionParseError(reason: "no action found: write one of the actions in brackets", accepted: accepted))
        }
        let facing = isFacingBet(state)
        switch (word, facing) {
        case ("check", false), ("pass", _), ("fold", true): return .success(Self.pass)
        case ("bet", false), ("call", true): return .success(Self.bet)
        case ("check", true), ("bet", true):
            return .failure(ActionParseError(reason: "[\(word)] is not possible: there is a bet to answer", accepted: accepted))
        default:
            return .failure(ActionParseError(reason: "[\(word)] is not possible: there is no bet to answer", accepted: accepted))
        }
    }

    public func observationText(_ state: State, seat: Int) -> String {
        var lines = [rulesText(seat: seat)]
        for (index, hand) in state.pastHands.enumerated() {
            lines += handLog(cards: hand.cards, bets: hand.bets, betCount: hand.betCount, hand: index, seat: seat, finished: true)
        }
        if !(isMatch && state.isOver) {
            let finished = state.isOver
            lines += handLog(cards: state.cards, bets: state.bets, betCount: state.betCount, hand: Int(state.hand), seat: seat, finished: finished)
        }
        switch currentPlayer(state) {
        case .seat(let mover) where mover == seat:
            lines.append("[GAME] Your available actions are: \(legalActionTexts(state).joined(separator: ", "))")
        case .terminal:
            lines.append(resultLine(state, seat: seat))
        default:
            break
        }
        return lines.joined(separator: "\n")
    }

    private func rulesText(seat: Int) -> String {
        """
        [GAME] You are Player \(seat) in a \(players)-player game of Kuhn Poker.
        Game Rules:
        - Kuhn Poker uses \(deckDescription)
        - Each player antes 1 chip and receives 1 card each round
        \(matchRules)
        Action Rules:
        \(actionRules)
        """
    }

    private var matchRules: String {
        switch preset {
        case .standard where !isMatch:
            return "- One round is played; your score is the chips you win or lose"
        case .standard:
            return """
                - The game lasts \(rounds) rounds; the player who opens a round alternates, Player 0 opens round 1
                - Chips won or lost carry over; the player with the most chips after the last round wins
                """
        case .spiralV1:
            // The prompt states the rules the game plays by; SPIRAL's own prompt promises
            // the chip leader the win and a growing pot, which its code does not give.
            let length =
                rounds == 1
                ? "The game lasts 1 round; Player \(opener(ofHand: 0)) opens it"
                : "The game lasts \(rounds) rounds; the player who opens a round alternates, Player \(opener(ofHand: 0)) opens round 1"
            let decider =
                rounds == 1
                ? "The winner of the round wins the game" : "The winner of the last round wins the game; the chips of earlier rounds do not count"
            return """
                - \(length)
                - Bets and calls add nothing to the pot: it is always the 2 chips of the antes, so a round wins or loses 1 chip
                - \(decider)
                """
        }
    }

    private var actionRules: String {
        let (bet, call) =
            preset == .standard
            ? ("Add 1 chip to the pot (only if no bet is on the table)", "Match an opponent's bet by adding 1 chip to the pot")
            : ("Bet (only if no bet is on the table); the pot does not grow", "Match an opponent's bet; the pot does not grow")
        return """
            - '[check]': Pass without betting (only if no bet is on the table)
            - '[bet]': \(bet)
            - '[call]': \(call)
            - '[fold]': Surrender your hand and let your opponent win the pot
            """
    }

    private func handLog(cards: UInt64, bets: UInt32, betCount: UInt8, hand: Int, seat: Int, finished: Bool) -> [String] {
        var lines: [String] = []
        let opener = opener(ofHand: hand)
        lines.append(
            isMatch
                ? "[GAME] Starting round \(hand + 1) out of \(rounds) rounds. Player \(opener) acts first."
                : "[GAME] Cards are dealt. Player \(opener) acts first.")
        if let own = Self.card(of: seat, in: cards) { lines.append("[GAME] Your card is: \(cardName(own))") }
        var facing = false
        for step in 0..<Int(betCount) {
            let isBet = bets & (1 << UInt32(step)) != 0
            let word = facing ? (isBet ? "call" : "fold") : (isBet ? "bet" : "check")
            lines.append("[Player \((opener + step) % players)] [\(word)]")
            if isBet { facing = true }
        }
        if finished {
            let bettors = bettors(bets: bets, betCount: betCount, opener: opener)
            let winner = handWinner(cards: cards, bettors: bettors)
            let pot = pot(bettors: bettors)
            if endedByFold(bets: bets, betCount: betCount, opener: opener) {
                lines.append("[GAME] Everyone else folded. Player \(winner) wins the pot of \(pot) chips.")
            } else {
                let shown = (0..<players).compactMap { other -> String? in
                    guard let card = Self.card(of: other, in: cards) else { return nil }
                    return "Player \(other) has \(cardName(card))"
                }.joined(separator: ", ")
                lines.append("[GAME] Showdown: \(shown). Player \(winner) wins the pot of \(pot) chips.")
            }
        }
        return lines
    }

    private func resultLine(_ state: State, seat: Int) -> String {
        let result = returns(state, seat: seat)
        if isMatch {
            let own = seat == 0 ? state.chips : -state.chips
            let outcome = result > 0 ? "You win the match" : (result < 0 ? "You lose the match" : "The match is a draw")
            if preset == .spiralV1 {
                let hand = rounds == 1 ? "the round" : "the last round"
                return
                    "[GAME] Game over. Your net chips: \(own). Player \(state.handWinner) won \(hand), so you \(result > 0 ? "win" : "lose") the match."
            }
            return "[GAME] Game over. Your net chips: \(own). \(outcome)."
        }
        return "[GAME] Game over. You \(result >= 0 ? "win" : "lose") \(Int(abs(result))) chips."
    }
}
