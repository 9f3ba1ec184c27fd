// Parameters and presets: a preset fills in every rule, explicit parameters override it.

extension Negotiation {
    /// A named set of defaults for the rule parameters.
    struct Preset {
        var name: String
        var resources: String
        var quantities: String
        var values0: String
        var values1: String
        var maxOffer: Int
    }

    /// TextArena v0's value ranges: base 5, 10, 15, 25, 40 with `int(0.2·base)` either side,
    /// clamped to 5...40 as TextArena does (so Wheat is 5..6 and Ore 32..40).
    static let textArenaValues = "5..6;8..12;12..18;20..30;32..40"

    static let presets: [Preset] = [
        Preset(name: "spiral_v1", resources: "Wood;Gold", quantities: "10", values0: "5;15", values1: "15;5", maxOffer: 20),
        Preset(
            name: "textarena", resources: "Wheat;Wood;Sheep;Brick;Ore", quantities: "5..25",
            values0: textArenaValues, values1: textArenaValues, maxOffer: 10),
        Preset(
            name: "spiral_v2", resources: "Wheat;Wood;Sheep;Brick;Gold", quantities: "5..25",
            values0: textArenaValues, values1: textArenaValues, maxOffer: 10),
    ]

    static var presetNames: String { presets.map(\.name).joined(separator: ", ") }

    /// Largest starting quantity or value a parameter may name.
    static let maxAmount = 1000
    /// Largest action space a parameter set may produce (it bounds the legal-action lists).
    static let maxActionCount = 100_003

    static let parameterSpecs: [ParameterSpec] = [
        ParameterSpec(
            "preset", default: .string("spiral_v1"),
            help:
                "the defaults: spiral_v1 (SPIRAL's SimpleNegotiation-v1), textarena (TextArena's five-resource v0) or spiral_v2; other parameters override it"
        ),
        ParameterSpec(
            "resources", default: .string(""),
            help: "resource names separated by ';', 2 to 8 words of letters (e.g. Wood;Gold); unset: the preset's"),
        ParameterSpec(
            "quantities", default: .string(""),
            help:
                "starting quantity of each resource for both players: N, or A..B drawn uniformly per player; one item for all resources or one per resource, separated by ';'; unset: the preset's"
        ),
        ParameterSpec(
            "values0", default: .string(""),
            help: "Player 0's private value of each resource: N, A..B (drawn uniformly) or ~N (N ± 20%), separated by ';'; unset: the preset's"),
        ParameterSpec(
            "values1", default: .string(""),
            help: "Player 1's private value of each resource, as values0; unset: the preset's"),
        ParameterSpec("turns", default: .int(10), help: "turns in the game, both players together, 1 to 1000"),
        ParameterSpec(
            "max_offer", default: .int(0),
            help: "the most of one resource an offer may give or ask for, 1 to 100; 0: the preset's (20 for spiral_v1, 10 otherwise)"),
    ]

    public init(parameters: GameParameters) throws(GameError) {
        let name = Self.info.name
        self.parameters = parameters
        let presetName = parameters.string("preset")
        guard let preset = Self.presets.first(where: { $0.name == presetName }) else {
            throw .badParameter(game: name, parameter: "preset", reason: "must be one of \(Self.presetNames), got '\(presetName)'")
        }
        self.preset = presetName
        func chosen(_ parameter: String, _ presetValue: String) -> (text: String, source: String) {
            let given = parameters.string(parameter)
            return given.isEmpty ? (presetValue, "the \(presetName) preset's '\(presetValue)'") : (given, "'\(given)'")
        }
        resourceNames = try Self.parseResourceNames(chosen("resources", preset.resources).text)
        resourceKeys = resourceNames.map { Array($0.lowercased().utf8) }
        let count = resourceNames.count
        let quantityText = chosen("quantities", preset.quantities)
        quantities = try Self.parseAmounts(quantityText.text, source: quantityText.source, parameter: "quantities", count: count)
        let values0Text = chosen("values0", preset.values0)
        let values1Text = chosen("values1", preset.values1)
        values = [
            try Self.parseAmounts(values0Text.text, source: values0Text.source, parameter: "values0", count: count),
            try Self.parseAmounts(values1Text.text, source: values1Text.source, parameter: "values1", count: count),
        ]
        turns = parameters.int("turns")
        guard (1...1000).contains(turns) else {
            throw .badParameter(game: name, parameter: "turns", reason: "must be 1 to 1000, got \(turns)")
        }
        let maxOfferParameter = parameters.int("max_offer")
        maxOffer = maxOfferParameter == 0 ? preset.maxOffer : maxOfferParameter
        guard (1...100).contains(maxOffer) else {
            throw .badParameter(game: name, parameter: "max_offer", reason: "must be 1 to 100 (or 0 for the preset's), got \(maxOfferParameter)")
        }
        let offers = count * (count - 1) * maxOffer * maxOffer
        guard Self.firstOfferIndex + offers <= Self.maxActionCount else {
            throw .badParameter(
                game: name, parameter: "max_offer",
                reason:
                    "\(maxOffer) with \(count) resources gives \(offers) offers; at most \(Self.maxActionCount - Self.firstOfferIndex) are allowed, so lower max_offer"
            )
        }
        setupSlots = Self.setupSlots(quantities: quantities, values: values)
    }

    /// The chance draws of setup, in order: Player 0's quantities, Player 1's, then Player 0's
    /// values and Player 1's, each in resource order; fixed items draw nothing.
    static func setupSlots(quantities: [Amount], values: [[Amount]]) -> [SetupSlot] {
        var slots: [SetupSlot] = []
        for seat in 0..<2 {
            for (resource, amount) in quantities.enumerated() {
                if case .drawn(let range) = amount { slots.append(SetupSlot(kind: .quantity, seat: seat, resource: resource, range: range)) }
            }
        }
        for seat in 0..<2 {
            for (resource, amount) in values[seat].enumerated() {
                if case .drawn(let range) = amount { slots.append(SetupSlot(kind: .value, seat: seat, resource: resource, range: range)) }
            }
        }
        return slots
    }

    /// Reads `Wood;Gold`: 2 to 8 names of ASCII letters, none equal to another or to its plural.
    static func parseResourceNames(_ text: String) throws(GameError) -> [String] {
        let names = text.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        func reject(_ reason: String) -> GameError {
            .badParameter(game: info.name, parameter: "resources", reason: reason)
        }
        guard (2...maxResources).contains(names.count) else {
            throw reject("must name 2 to \(maxResources) resources separated by ';', got \(names.count) in '\(text)'")
        }
        for name in names {
            guard !name.isEmpty, name.count <= 20, name.unicodeScalars.allSatisfy({ $0.isASCIILetter }) else {
                throw reject("'\(name)' is not a resource name: use 1 to 20 letters A-Z or a-z (e.g. Wood;Gold)")
            }
            guard name.lowercased() != "and" else { throw reject("'and' cannot be a resource name: offers use it to join items") }
        }
        for (index, name) in names.enumerated() {
            for other in names[(index + 1)...] {
                let a = name.lowercased()
                let b = other.lowercased()
                if a == b || a == b + "s" || b == a + "s" || a == b + "es" || b == a + "es" {
                    throw reject("'\(name)' and '\(other)' would be read as the same resource; use distinct names")
                }
            }
        }
        return names
    }

    /// Reads `10`, `5..25`, `5;15` or `~5;~10`: one item for every resource or one per resource.
    static func parseAmounts(_ text: String, source: String, parameter: String, count: Int) throws(GameError) -> [Amount] {
        let items = text.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        guard items.count == 1 || items.count == count else {
            throw .badParameter(
                game: info.name, parameter: parameter,
                reason:
                    "needs one item for all resources or one per resource (\(count)), got \(items.count) in \(source); give \(parameter) with \(count) items separated by ';'"
            )
        }
        var amounts: [Amount] = []
        for item in items {
            guard let amount = parseAmount(item) else {
                throw .badParameter(
                    game: info.name, parameter: parameter,
                    reason: "item '\(item)' in \(source) is not N, A..B (A <= B) or ~N (N ± 20%), with whole numbers 0 to \(maxAmount)")
            }
            amounts.append(amount)
        }
        return items.count == 1 ? Array(repeating: amounts[0], count: count) : amounts
    }

    /// `N` is fixed; `A..B` is drawn uniformly; `~N` is drawn from round(0.8·N)...round(1.2·N).
    static func parseAmount(_ item: String) -> Amount? {
        func number(_ text: Substring) -> Int? {
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text), value <= maxAmount else { return nil }
            return value
        }
        if item.hasPrefix("~") {
            guard let base = number(item.dropFirst()) else { return nil }
            let low = Int((0.8 * Double(base)).rounded(.toNearestOrAwayFromZero))
            let high = Int((1.2 * Double(base)).rounded(.toNearestOrAwayFromZero))
            return low == high ? .fixed(low) : .drawn(low...min(high, maxAmount))
        }
        if let dots = item.firstRange(of: "..") {
            guard let low = number(item[..<dots.lowerBound]), let high = number(item[dots.upperBound...]), low <= high else { return nil }
            return low == high ? .fixed(low) : .drawn(low...high)
        }
        return number(Substring(item)).map { .fixed($0) }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
