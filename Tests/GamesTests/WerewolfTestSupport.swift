import Games
import Testing

/// The deal most scripted games use: seats 0 and 1 are werewolves, 2 the seer, 3 the doctor,
/// 4 to 6 villagers. Its first night, in seat order: the werewolves vote, the seer inspects,
/// the doctor protects, the villagers sleep (`[.target(4), .target(4), .target(1),
/// .target(3)] + sleeping(3)`).
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

/// `count` sleeps: the night turns of players without a night power.
func sleeping(_ count: Int) -> [Werewolf.Action] { Array(repeating: .sleep, count: count) }

/// The chance outcome that deals `role` to the next seat.
func deal(_ role: Werewolf.Role) -> Werewolf.Action { Werewolf.Action(.deal(role)) }

/// The chance outcome that breaks a tied vote in favour of `seat`.
func breakTie(_ seat: Int) -> Werewolf.Action { Werewolf.Action(.breakTie(seat)) }
