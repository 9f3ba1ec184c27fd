import Testing

@Test func placeholderGamesTests() { #expect(1 + 1 == 2) }
