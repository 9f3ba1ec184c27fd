import Games

extension GameVector {
    /// Plays the slot's free-text reply, read in the vector's answer format (docs/protocol.md,
    /// `answer_format`); anything unreadable follows the invalid-move policy.
    func stepText(_ slot: Int, reply: String) {
        guard case .seat(let seat) = currentPlayer(slot) else { return settle(slot) }
        let row = beginTurn(slot, seat: seat, prompt: prompts[slot], reply: reply)
        let before = episodes[slot].state
        // The actions the last reply showed this slot: nothing has moved it since.
        let legalActions = shownActions[slot]
        let format = options.answerFormat
        let answer = format.answer(in: reply)
        let result: Episode<G>.StepResult
        if let answer, let exact = legalActions.first(where: { $0.text == answer }) {
            // A reply that is exactly a legal action's text is that action (every game's parser
            // reads its own action texts back, which conformance checks), without parsing.
            result = episodes[slot].play(exact.action)
        } else if let answer, format != .spiral {
            result = episodes[slot].step(text: answer)
        } else {
            result = episodes[slot].reject(Self.unreadable(answer, accepted: legalActions.map(\.text)))
        }
        switch result {
        case .played(let action):
            keepStateText(slot, bytes: reply.utf8.count)
            let text = row < 0 ? nil : legalActions.first(where: { $0.action == action })?.text ?? game.actionText(action, in: before)
            finishTurn(slot, row: row, action: game.actionIndex(action), actionText: text)
        case .retry(let error), .forfeited(let error):
            setInvalidReason(slot, error.description)
            markInvalid(slot, row: row)
        }
        turns[slot] += 1
        playOpponent(slot)
        settle(slot)
    }

    /// Why a reply gave no move: no `\boxed{}` answer, or (SPIRAL's format) an answer that is
    /// not exactly a legal action's text.
    private static func unreadable(_ answer: String?, accepted: [String]) -> ActionParseError {
        guard let answer else {
            return ActionParseError(
                reason: "no \\boxed{} answer found: end the reply with the move in \\boxed{}, e.g. \\boxed{\(accepted.first ?? "...")}",
                accepted: accepted)
        }
        return ActionParseError(
            reason:
                "SPIRAL's answer format read the reply as '\(answer)', which is not exactly one of the legal actions (letter case and spaces count)",
            accepted: accepted)
    }

    /// The text the slot's episode keeps: replies played into its state and its recording's text.
    func episodeTextBytes(_ slot: Int) -> Int {
        stateTextBytes[slot] + (collector == nil ? 0 : recordings.with(slot) { $0.textBytes })
    }

    /// Counts a reply played into the slot's state.
    func keepStateText(_ slot: Int, bytes: Int) {
        stateTextBytes[slot] += bytes
        ledger?.addText(bytes)
    }

    /// The slot's episode ended and its state goes: its replies are no longer kept.
    func forgetStateText(_ slot: Int) {
        ledger?.removeText(stateTextBytes[slot])
        stateTextBytes[slot] = 0
    }

    /// Refuses a STEP whose replies the server's memory budget cannot keep: each may be
    /// recorded and played into its episode's state.
    ///
    /// - Throws: `BridgeError` (`messageTooLarge`) naming the budget and its flag.
    func checkTextFits(_ replies: [String]) throws(BridgeError) {
        guard let ledger else { return }
        let bytes = replies.reduce(0) { $0 + $1.utf8.count } * (collector == nil ? 1 : 2)
        guard !ledger.fits(bytes) else { return }
        throw BridgeError(
            .messageTooLarge,
            "the replies of this STEP would keep \(ByteCount.describe(bytes)) of text, but \(ledger.summary); "
                + "send shorter replies, close vectors, or start the server with a larger budget (games serve --max-memory)")
    }
}
