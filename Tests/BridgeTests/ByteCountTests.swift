import Testing

@testable import Bridge

@Suite("Byte counts")
struct ByteCountTests {
    @Test func suffixesAreBinaryUnits() {
        #expect(ByteCount.parse("1048576") == 1 << 20)
        #expect(ByteCount.parse("512M") == 512 << 20)
        #expect(ByteCount.parse("4G") == 4 << 30)
        #expect(ByteCount.parse("4g") == 4 << 30)
        #expect(ByteCount.parse("64KiB") == 64 << 10)
        #expect(ByteCount.parse("2TB") == 2 << 40)
        #expect(ByteCount.parse("1.5G") == 3 << 29)
        #expect(ByteCount.parse("100B") == 100)
    }

    @Test func anythingElseIsRefused() {
        for text in ["", "M", "-1G", "4X", "1e9", "G4", "4GG", "99999999999T"] {
            #expect(ByteCount.parse(text) == nil, "\(text)")
        }
    }

    @Test func countsAreWrittenInTheLargestUnitAtOrAboveOne() {
        #expect(ByteCount.describe(900) == "900 B")
        #expect(ByteCount.describe(64 << 10) == "64.0 KiB")
        #expect(ByteCount.describe(47_185_920) == "45.0 MiB")
        #expect(ByteCount.describe(3 << 30) == "3.0 GiB")
    }

    @Test func theDefaultBudgetIsHalfOfWhatTheProcessMayUse() throws {
        let available = try #require(MachineMemory.availableBytes)
        #expect(MachineMemory.defaultBudget == available / 2)
        #expect(available <= (MachineMemory.physicalBytes ?? .max))
    }
}
