import GameScenarios
import Games
import Testing

/// Seven players (the classic preset): seats 0 and 1 are dealt werewolves, 2 the seer, 3 the
/// doctor, 4 to 6 villagers. Every living player takes a night turn in seat order, so who acts
/// reveals no role; the villagers' only night move is `[Sleep]`.
@Suite("Werewolf rules, as scenarios")
struct WerewolfRuleTests {
    var village: Scenario<Werewolf> {
        var village = Scenario(Werewolf())
        village.play("[deal: werewolf]", "[deal: werewolf]", "[deal: seer]", "[deal: doctor]")
        village.play("[deal: villager]", "[deal: villager]", "[deal: villager]")
        return village
    }

    @Test func theDoctorsProtectionSavesThePacksTarget() {
        var night = village
        night.expectRole(seat: 2, "seer")
        night.expectActing(seat: 0)
        night.play("[4]", "[Player 4]")  // the pack attacks 4
        night.expectActing(seat: 2)
        night.play("[0]")  // the seer inspects 0
        night.expectActing(seat: 3)
        night.play("[4]")  // the doctor protects 4
        night.expectActing(seat: 4)
        night.expectLegalMoves(["[Sleep]"])
        night.play("[Sleep]", "[Sleep]", "[Sleep]")
        night.expectObservationText(seat: 4, contains: "Day 1 dawns. Nobody died in the night.")
        night.expectObservationText(seat: 2, contains: "You inspected Player 0: a werewolf.")
        // The inspection is private.
        night.expectObservationText(seat: 4, excludes: "You inspected")
        night.expectActing(seat: 0)  // the day's discussion starts with the first living seat
    }

    @Test func aWerewolfCannotTargetItsPackmate() {
        let night = village
        night.expectRejected("[1]", because: "Player 1 is a werewolf of your pack")
        night.expectIllegal(indices: 0, 1)
        night.expectLegal(indices: 2, 3, 4, 5, 6)
    }

    @Test func theDeadCannotBeVotedFor() {
        var day = village
        day.play("[5]", "[5]", "[0]", "[3]")  // 5 is attacked; the seer inspects 0, the doctor protects itself
        day.play("[Sleep]", "[Sleep]", "[Sleep]")  // 5 dies at the night's end
        day.expectObservationText(seat: 6, contains: "Player 5 was killed in the night.")
        day.play(Array(repeating: "[Pass]", count: 6))  // a silent discussion
        day.expectObservationText(seat: 0, contains: "Day 1 vote")
        day.expectRejected("[5]", because: "Player 5 is dead")
        day.expectRejected("[0]", because: "you cannot vote for yourself")
    }
}
