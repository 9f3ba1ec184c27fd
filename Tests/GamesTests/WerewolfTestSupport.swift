import Games
import Testing

/// The deal most scripted games use: seats 0 and 1 are werewolves, 2 the seer, 3 the doctor,
/// 4 to 6 villagers.
let standardDeal: [Werewolf.Role] = [.werewolf, .werewolf, .seer, .doctor, .villager, .villager, .villager]

extension Werewolf {
    /// The state after dealing `roles` to the seats in order.
    func dealt(_ roles: [Role]) -> State {
        var state = initialState()
        for role in roles { apply(Action(.deal(role)), to: &state) }
        return state
    }

    /// The seats that act, in order, while `actions` are played (each one checked legal).
    @discardableResult
    func play(_ actions: [Action], on state: inout State, sourceLocation: SourceLocation = #_sourceLocation) -> [Int] {
        var actors: [Int] = []
        for action in actions {
            let legal: Bool
            switch currentPlayer(state) {
            case .chance: legal = chanceOutcomes(state).contains { $0.action == action }
            case .seat(let seat):
                actors.append(seat)
                legal = legalActions(state).contains(action.withoutMessage)
            case .terminal: legal = false
            }
            guard legal else {
                Issue.record("\(action) is not legal when \(currentPlayer(state)) is to act", sourceLocation: sourceLocation)
                return actors
            }
            apply(action, to: &state)
        }
        return actors
    }
}

/// `count` bare passes: a discussion round in which nobody says anything.
func silence(_ count: Int) -> [Werewolf.Action] { Array(repeating: .pass(), count: count) }

/// The chance outcome that deals `role` to the next seat.
func deal(_ role: Werewolf.Role) -> Werewolf.Action { Werewolf.Action(.deal(role)) }

/// The chance outcome that breaks a tied vote in favour of `seat`.
func breakTie(_ seat: Int) -> Werewolf.Action { Werewolf.Action(.breakTie(seat)) }
