import Foundation
import Games
import Testing

@Suite("Quoted text: one way to quote and read free text")
struct QuotedTextTests {
    static let awkward = "say \"hi\" \\ then\nnew line\r\nwindows\ttab\u{1}bell é"

    @Test func escapesAreJSONs() {
        #expect(QuotedText.quoted(Self.awkward) == #""say \"hi\" \\ then\nnew line\r\nwindows\ttab\u0001bell é""#)
    }

    @Test func aQuotedTextIsAJSONString() throws {
        let data = Data(QuotedText.quoted(Self.awkward).utf8)
        #expect(try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as? String == Self.awkward)
    }

    @Test func readingGivesTheTextBackAndStopsAfterTheClosingQuote() throws {
        var characters = Array(QuotedText.quoted(Self.awkward) + ",next")[1...]
        #expect(try QuotedText.readRest(of: &characters) == Self.awkward)
        #expect(String(characters) == ",next")
    }

    @Test func badTextSaysWhatIsWrong() {
        var open = Array("no end")[...]
        #expect(throws: QuotedText.ReadError.noClosingQuote) { try QuotedText.readRest(of: &open) }
        var unknown = Array(#"a\qb""#)[...]
        #expect(throws: QuotedText.ReadError.unknownEscape("q")) { try QuotedText.readRest(of: &unknown) }
        var shortHex = Array(#"\u12""#)[...]
        #expect(throws: QuotedText.ReadError.unknownEscape("u12\"")) { try QuotedText.readRest(of: &shortHex) }
    }
}
