// Reading replies: TextArena/SPIRAL syntax (`[Offer: 3 Wood -> 1 Gold]`, `[Accept]`, `[Deny]`),
// forgiving about letter case, plurals, separators and an optional colon, strict about
// everything that changes the meaning of a move.

extension Negotiation {
    /// Reads a reply: one command in brackets among any talk, or talk alone (a pass).
    ///
    /// Commands, any letter case: `[Offer: 3 Wood -> 1 Gold]` (the colon is optional; items
    /// joined by `,` or `and`; plural names such as `Woods`; a leading `I give`/`I offer` and
    /// trailing `.`/`!` are ignored), `[Accept]`, `[Deny]`, `[Pass]`. `[Deny]` next to an offer is
    /// a counter-offer; any other pair of different commands is an error. Brackets holding
    /// anything else (e.g. `[Wood]`) are talk. The reply is kept as the action's `message` when
    /// it says anything besides its command, so the other player sees it.
    ///
    /// - Returns: the action, or an error naming the problem (unknown resource, zero or negative
    ///   quantity, an offer outside the action space, offering what the seat does not hold,
    ///   accepting or denying with nothing pending, accepting without what is asked).
    public func parseAction(_ text: String, in state: State) -> Result<Action, ActionParseError> {
        guard case .seat(let seat) = currentPlayer(state) else {
            return .failure(ActionParseError(reason: "no player is to act: the game is over or still being set up", accepted: []))
        }
        // The formats are only worth building for an error message.
        func failure(_ reason: String) -> Result<Action, ActionParseError> {
            .failure(ActionParseError(reason: reason, accepted: validActionFormats(state)))
        }
        let reply = ReplyBytes(text)
        let commands = Self.commands(in: reply)
        let move: Move
        switch readMove(commands, in: reply) {
        case .success(let read): move = read
        case .failure(let problem): return failure(problem.reason)
        }
        if let problem = illegality(of: move, seat: seat, in: state) { return failure(problem) }
        // Trimmed by the same (ASCII) whitespace rule hasTalk uses, so the message reads back
        // to the same action.
        let message = Self.hasTalk(reply, besides: commands) ? reply.text(reply.trimmed(0..<reply.bytes.count)) : ""
        return .success(Action(move, message: message))
    }

    /// Why a reply could not be read as a move.
    struct ReplyProblem: Error {
        var reason: String
    }

    /// A command found in a reply: its kind and where its brackets are (byte offsets).
    struct ReplyCommand {
        enum Kind {
            case accept, deny, pass
            case offer(body: Range<Int>)
        }

        var kind: Kind
        /// From `[` to `]` inclusive.
        var range: Range<Int>
    }

    private static let acceptWord = Array("accept".utf8)
    private static let denyWord = Array("deny".utf8)
    private static let passWord = Array("pass".utf8)
    private static let offerWord = Array("offer".utf8)
    private static let answerPunctuation = Array(".!".utf8)

    /// The commands among the bracketed parts of a reply, in order.
    static func commands(in reply: ReplyBytes) -> [ReplyCommand] {
        var commands: [ReplyCommand] = []
        for bracket in reply.brackets() {
            if let kind = commandKind(reply, bracket.content) { commands.append(ReplyCommand(kind: kind, range: bracket.whole)) }
        }
        return commands
    }

    /// `accept`, `deny`, `pass` (with an optional `.` or `!`), or `offer` followed by `:`,
    /// a space or nothing; nil for anything else (talk such as `[Wood]`).
    static func commandKind(_ reply: ReplyBytes, _ content: Range<Int>) -> ReplyCommand.Kind? {
        let word = reply.trimmed(content)
        let bare = reply.droppingTrailing(answerPunctuation, from: word)
        if reply.equals(bare, acceptWord) { return .accept }
        if reply.equals(bare, denyWord) { return .deny }
        if reply.equals(bare, passWord) { return .pass }
        guard reply.hasPrefix(word, offerWord) else { return nil }
        var body = (word.lowerBound + offerWord.count)..<word.upperBound
        if let first = body.first {
            if reply.bytes[first] == UInt8(ascii: ":") {
                body = (first + 1)..<body.upperBound
            } else if !ReplyBytes.isSpace(reply.bytes[first]) {
                return nil  // e.g. [Offering], a word of talk
            }
        }
        return .offer(body: body)
    }

    /// Whether a reply says anything besides its commands.
    static func hasTalk(_ reply: ReplyBytes, besides commands: [ReplyCommand]) -> Bool {
        var index = 0
        for command in commands {
            if reply.hasNonSpace(index..<command.range.lowerBound) { return true }
            index = command.range.upperBound
        }
        return reply.hasNonSpace(index..<reply.bytes.count)
    }

    /// The one move the commands of a reply make.
    func readMove(_ commands: [ReplyCommand], in reply: ReplyBytes) -> Result<Move, ReplyProblem> {
        var offers: [Offer] = []
        var accepts = false
        var denies = false
        var passes = false
        for command in commands {
            switch command.kind {
            case .offer(let body):
                switch parseOffer(body, in: reply) {
                case .success(let offer): if !offers.contains(offer) { offers.append(offer) }
                case .failure(let problem): return .failure(problem)
                }
            case .accept: accepts = true
            case .deny: denies = true
            case .pass: passes = true
            }
        }
        if commands.isEmpty { return .success(.pass) }
        var answers: [String] = []
        if accepts { answers.append("[Accept]") }
        if denies { answers.append("[Deny]") }
        if passes { answers.append("[Pass]") }
        if offers.count > 1 {
            let listed = offers.map { "[Offer: \(offerText($0))]" }.joined(separator: ", ")
            return .failure(ReplyProblem(reason: "the reply makes \(offers.count) different offers (\(listed)); make one offer per turn"))
        }
        if let offer = offers.first {
            // A counter-offer rejects the pending offer anyway, so [Deny] may come with it.
            let clashing = answers.filter { $0 != "[Deny]" }
            guard clashing.isEmpty else {
                return .failure(
                    ReplyProblem(reason: "the reply has both \(clashing.joined(separator: " and ")) and an offer; use one command per turn"))
            }
            return .success(.offer(offer))
        }
        guard answers.count <= 1 else {
            return .failure(ReplyProblem(reason: "the reply has \(answers.joined(separator: " and ")); use one command per turn"))
        }
        switch answers.first {
        case "[Accept]": return .success(.accept)
        case "[Deny]": return .success(.deny)
        default: return .success(.pass)
        }
    }

    /// Why `seat` may not play `move` now, or nil when it may.
    func illegality(of move: Move, seat: Int, in state: State) -> String? {
        let held = state.inventory(seat)
        switch move {
        case .pass, .chance:
            return nil
        case .deny:
            return state.pending == nil ? "there is no pending offer to deny" : nil
        case .accept:
            guard let pending = state.pending else { return "there is no pending offer to accept" }
            if Int(held[pending.receiveResource]) < pending.receiveQuantity {
                return
                    "you cannot accept: the offer asks for \(pending.receiveQuantity) \(resourceNames[pending.receiveResource]) and you hold \(held[pending.receiveResource])"
            }
            if !canAccept(pending, seat: seat, in: state) {
                return
                    "you cannot accept: Player \(1 - seat) no longer holds the \(pending.giveQuantity) \(resourceNames[pending.giveResource]) it offered"
            }
            return nil
        case .offer(let offer):
            if Int(held[offer.giveResource]) < offer.giveQuantity {
                return "you offer \(offer.giveQuantity) \(resourceNames[offer.giveResource]) but hold only \(held[offer.giveResource])"
            }
            if offer.giveQuantity > maxOffer || offer.receiveQuantity > maxOffer {
                return "an offer gives and asks for 1 to \(maxOffer) of a resource; [Offer: \(offerText(offer))] is outside these bounds"
            }
            return nil
        }
    }
}
