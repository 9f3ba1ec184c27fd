import Games

extension GameVector {
    /// Plays the slot's free-text reply: SPIRAL's `\boxed{}` extraction when asked for, then
    /// the game's parser; anything unreadable follows the invalid-move policy.
    func stepText(_ slot: Int, reply: String) {
        guard case .seat(let seat) = currentPlayer(slot) else { return settle(slot) }
        let row = beginTurn(slot, seat: seat, prompt: prompts[slot], reply: reply)
        let before = episodes[slot].state
        let result: Episode<G>.StepResult
        if options.boxedAnswers {
            if let answer = TextCommands.boxedAnswerAsAction(reply) {
                result = episodes[slot].step(text: answer)
            } else {
                let accepted = game.legalActionTexts(before)
                result = episodes[slot].reject(
                    ActionParseError(reason: "no \\boxed{} answer found: end the reply with the move in \\boxed{}, e.g. \\boxed{\(accepted.first ?? "...")}", accepted: accepted))
            }
        } else {
            result = episodes[slot].step(text: reply)
        }
        switch result {
        case .played(let action):
            finishTurn(slot, row: row, action: game.actionIndex(action), actionText: row >= 0 ? game.actionText(action, in: before) : nil)
        case .retry(let error), .forfeited(let error):
            invalidReasons[slot] = error.description
            markInvalid(slot, row: row)
        }
        turns[slot] += 1
        playOpponent(slot)
        settle(slot)
    }
}
