import Testing

@Test func placeholderSolversTests() { #expect(1 + 1 == 2) }
