// Reading the body of an offer, `3 Wood, 2 Ore -> 1 Gold`, in one pass over the bytes.
//
// Written as a small state machine with fixed-size storage (no arrays): the conformance
// checker parses every legal action's text at every state, and in debug builds each array
// or slice costs a generic metadata lookup.

extension Negotiation {
    /// One `<quantity> <resource>` of an offer.
    struct Item {
        var resource: Int
        var quantity: Int
    }

    private static let andBytes = Array("and".utf8)
    private static let iBytes = Array("i".utf8)
    private static let giveBytes = Array("give".utf8)
    private static let offerBytes = Array("offer".utf8)
    private static let trailingPunctuation = Array(".,!?".utf8)
    private static let sBytes = Array("s".utf8)
    private static let esBytes = Array("es".utf8)

    /// Reads `3 Wood -> 1 Gold` (the part of an offer after `Offer:`): items joined by `,` or
    /// `and` on each side of one `->`; repeated resources add up; a leading `I give` or
    /// `I offer` and trailing `.,!?` are ignored.
    func parseOffer(_ body: Range<Int>, in reply: ReplyBytes) -> Result<Offer, ReplyProblem> {
        let example = "e.g. [Offer: 3 \(resourceNames[0]) -> 1 \(resourceNames[1])]"
        let range = skippingIGive(reply.droppingTrailing(Self.trailingPunctuation, from: reply.trimmed(body)), in: reply)
        guard !range.isEmpty else {
            return .failure(ReplyProblem(reason: "the offer is empty: write what you give and what you want, \(example)"))
        }
        let arrows = arrowCount(range, in: reply)
        guard arrows == 1 else {
            return .failure(
                ReplyProblem(
                    reason: arrows == 0
                        ? "an offer needs '->' between what you give and what you ask for, \(example)"
                        : "an offer has exactly one '->', this one has \(arrows)"))
        }
        var reader = ItemReader()
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = reply.bytes[index]
            if ReplyBytes.isSpace(byte) {
                index += 1
            } else if byte == UInt8(ascii: ",") {
                if let problem = reader.closeItem(self, reply) { return .failure(problem) }
                index += 1
            } else if isArrow(at: index, in: reply, before: range.upperBound) {
                if let problem = reader.closeItem(self, reply) { return .failure(problem) }
                guard reader.itemsOnSide > 0 else { return .failure(nothing("gives", example)) }
                reader.onReceiveSide = true
                reader.itemsOnSide = 0
                index += 2
            } else {
                let start = index
                while index < range.upperBound, !ReplyBytes.isSpace(reply.bytes[index]), reply.bytes[index] != UInt8(ascii: ","),
                    !isArrow(at: index, in: reply, before: range.upperBound)
                {
                    index += 1
                }
                if reply.equals(start..<index, Self.andBytes) {
                    if let problem = reader.closeItem(self, reply) { return .failure(problem) }
                } else {
                    reader.add(start..<index)
                }
            }
        }
        if let problem = reader.closeItem(self, reply) { return .failure(problem) }
        guard reader.itemsOnSide > 0 else { return .failure(nothing("asks for", example)) }
        return oneForOne(give: reader.give, receive: reader.receive, example: example)
    }

    /// The items of an offer read so far, and the words of the item being read.
    private struct ItemReader {
        var give = SIMD8<Int>()
        var receive = SIMD8<Int>()
        var onReceiveSide = false
        var itemsOnSide = 0
        var wordCount = 0
        var firstWord = 0..<0
        var secondWord = 0..<0
        var lastWord = 0..<0

        mutating func add(_ word: Range<Int>) {
            if wordCount == 0 { firstWord = word } else if wordCount == 1 { secondWord = word }
            lastWord = word
            wordCount += 1
        }

        /// Ends the item being read (if any) and adds it to its side.
        mutating func closeItem(_ game: Negotiation, _ reply: ReplyBytes) -> ReplyProblem? {
            guard wordCount > 0 else { return nil }
            let words = wordCount
            wordCount = 0
            switch game.readItem(wordCount: words, firstWord, secondWord, written: firstWord.lowerBound..<lastWord.upperBound, in: reply) {
            case .failure(let problem):
                return problem
            case .success(let item):
                if onReceiveSide { receive[item.resource] += item.quantity } else { give[item.resource] += item.quantity }
                itemsOnSide += 1
                return nil
            }
        }
    }

    /// The offer a give vector and a receive vector describe, if each names one kind and
    /// no kind is on both sides.
    private func oneForOne(give: SIMD8<Int>, receive: SIMD8<Int>, example: String) -> Result<Offer, ReplyProblem> {
        var giveResource = -1
        var receiveResource = -1
        for resource in 0..<resourceCount {
            if give[resource] > 0, receive[resource] > 0 {
                return .failure(
                    ReplyProblem(reason: "\(resourceNames[resource]) is on both sides of the offer; give one resource for another, \(example)"))
            }
            if give[resource] > 0 {
                guard giveResource < 0 else { return .failure(severalKinds(give, "gives", example)) }
                giveResource = resource
            }
            if receive[resource] > 0 {
                guard receiveResource < 0 else { return .failure(severalKinds(receive, "asks for", example)) }
                receiveResource = resource
            }
        }
        return .success(
            Offer(
                giveResource: giveResource, giveQuantity: give[giveResource],
                receiveResource: receiveResource, receiveQuantity: receive[receiveResource]))
    }

    private func severalKinds(_ items: SIMD8<Int>, _ verb: String, _ example: String) -> ReplyProblem {
        let names = (0..<resourceCount).filter { items[$0] > 0 }.map { resourceNames[$0] }.joined(separator: " and ")
        return ReplyProblem(reason: "an offer gives one kind of resource for one other kind, \(example); this one \(verb) \(names)")
    }

    private func nothing(_ verb: String, _ example: String) -> ReplyProblem {
        ReplyProblem(reason: "the offer \(verb) nothing: write '<quantity> <resource>' on both sides of '->', \(example)")
    }

    /// Reads `3 Wood` (or `3 woods`) from the words of one item.
    private func readItem(wordCount: Int, _ first: Range<Int>, _ second: Range<Int>, written range: Range<Int>, in reply: ReplyBytes) -> Result<
        Item, ReplyProblem
    > {
        var written: String { reply.text(range) }
        guard wordCount == 2 else {
            return .failure(ReplyProblem(reason: "'\(written)' is not '<quantity> <resource>', e.g. 3 \(resourceNames[0])"))
        }
        guard let quantity = reply.integer(first) else {
            return .failure(
                ReplyProblem(
                    reason: "'\(reply.text(first))' in '\(written)' is not a whole number; write quantities in digits, e.g. 3 \(resourceNames[0])"))
        }
        guard let resource = resourceIndex(named: second, in: reply) else {
            return .failure(
                ReplyProblem(reason: "unknown resource '\(reply.text(second))'; the resources are \(resourceNames.joined(separator: ", "))"))
        }
        guard quantity > 0 else {
            return .failure(ReplyProblem(reason: "'\(written)': quantities must be positive whole numbers"))
        }
        return .success(Item(resource: resource, quantity: quantity))
    }

    /// The resource a word names, in any letter case, singular or with a plural `s`/`es`.
    func resourceIndex(named word: Range<Int>, in reply: ReplyBytes) -> Int? {
        for resource in 0..<resourceKeys.count {
            let key = resourceKeys[resource]
            guard reply.hasPrefix(word, key) else { continue }
            let rest = (word.lowerBound + key.count)..<word.upperBound
            if rest.isEmpty || reply.equals(rest, Self.sBytes) || reply.equals(rest, Self.esBytes) { return resource }
        }
        return nil
    }

    private func isArrow(at index: Int, in reply: ReplyBytes, before upper: Int) -> Bool {
        index + 1 < upper && reply.bytes[index] == UInt8(ascii: "-") && reply.bytes[index + 1] == UInt8(ascii: ">")
    }

    private func arrowCount(_ range: Range<Int>, in reply: ReplyBytes) -> Int {
        var count = 0
        var index = range.lowerBound
        while index < range.upperBound {
            if isArrow(at: index, in: reply, before: range.upperBound) {
                count += 1
                index += 2
            } else {
                index += 1
            }
        }
        return count
    }

    /// `range` without a leading `I give` or `I offer` (SPIRAL's parser drops them).
    private func skippingIGive(_ range: Range<Int>, in reply: ReplyBytes) -> Range<Int> {
        var index = range.lowerBound
        func word() -> Range<Int> {
            while index < range.upperBound, ReplyBytes.isSpace(reply.bytes[index]) { index += 1 }
            let start = index
            while index < range.upperBound, !ReplyBytes.isSpace(reply.bytes[index]) { index += 1 }
            return start..<index
        }
        guard reply.equals(word(), Self.iBytes) else { return range }
        let verb = word()
        guard reply.equals(verb, Self.giveBytes) || reply.equals(verb, Self.offerBytes), index < range.upperBound else { return range }
        return reply.trimmed(index..<range.upperBound)
    }
}
