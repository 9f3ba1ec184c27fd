import Testing

@Test func placeholderRAETests() { #expect(1 + 1 == 2) }
