import GameScenarios
import Games
import Testing

@Suite("Kuhn Poker rules, as scenarios")
struct KuhnPokerRuleTests {
    @Test func betAndCallGoToAShowdownForFourChips() {
        var hand = Scenario(KuhnPoker())
        hand.play("[deal K]", "[deal J]")
        hand.play("[bet]", "[call]")
        hand.expectTerminal()
        hand.expectReturns([2, -2])
        hand.expectObservationText(seat: 1, contains: "Showdown: Player 0 has K, Player 1 has J. Player 0 wins the pot of 4 chips.")
    }

    @Test func aFoldLosesOnlyTheAnteWhateverTheCards() {
        var hand = Scenario(KuhnPoker())
        hand.play("[deal J]", "[deal K]")
        hand.play("[bet]", "[fold]")  // seat 0 bluffs with the lowest card and wins
        hand.expectReturns([1, -1])
        hand.expectObservationText(seat: 0, contains: "Everyone else folded. Player 0 wins the pot of 3 chips.")
        // Nobody shows a card after a fold.
        hand.expectObservationText(seat: 0, excludes: "Player 1 has K")
    }

    @Test func facingABetCheckIsNotAMove() {
        var hand = Scenario(KuhnPoker())
        hand.play("[deal Q]", "[deal K]", "[bet]")
        hand.expectActing(seat: 1)
        hand.expectLegalMoves(["[fold]", "[call]"])
        hand.expectRejected("[check]", because: "there is a bet to answer")
        hand.expectRejected("[bet]", because: "there is a bet to answer")
    }

    @Test func eachSeatSeesOnlyItsOwnCard() {
        var hand = Scenario(KuhnPoker())
        hand.play(2, 0)  // chance outcomes by card number: K to seat 0, J to seat 1
        hand.expectObservationText(seat: 0, contains: "Your card is: K")
        hand.expectObservationText(seat: 0, excludes: "Your card is: J")
        hand.expectObservationText(seat: 1, contains: "Your card is: J")
        hand.expectObservationText(seat: 1, excludes: "Your card is: K")
        // One-hot seat, one-hot card, no betting yet.
        hand.expectObservation(seat: 0, nonzeroAt: [0, 2 + 2])
        hand.expectObservation(seat: 1, nonzeroAt: [1, 2 + 0])
    }

    @Test func theOpenerAlternatesBetweenTheHandsOfAMatch() throws {
        var match = Scenario(try KuhnPoker(["rounds": .int(2)]))
        match.play("[deal K]", "[deal J]", "[check]", "[check]")
        match.expectChanceNode()  // the second deal
        match.play("[deal Q]", "[deal K]")
        match.expectActing(seat: 1)
        match.play("[check]", "[bet]", "[fold]")
        // Seat 0 won 1 chip in each hand: the chip leader wins the match.
        match.expectTerminal()
        match.expectReturns([1, -1])
    }
}
