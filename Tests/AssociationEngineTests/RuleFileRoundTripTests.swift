import AssociationEngine
import Foundation
import Testing

/// A rules file that parses must save (`save-rules`, `description`) as text that reads back as the same rules.
@Suite struct RuleFileRoundTripTests {
    static func survivesSaveAndReload(_ text: String) throws -> Bool {
        let rules = try RuleSet(parsing: text)
        let reread = try RuleSet(parsing: rules.description)
        return reread == rules && reread.rules == rules.rules
    }

    /// Found by fuzzing the rules parser: several carriage returns before a line's newline. Saved, the last of them
    /// merged with the newline into one CRLF, so each save and reload lost one; the rule's last value changed.
    /// Since values are validated this input is refused (its abstract syntax is no UID); a refusal is a clear
    /// error, and an accepted file must still survive a save.
    @Test func strayCarriageReturnsBeforeTheNewline() throws {
        let input = try #require(Data(base64Encoded: """
            IyBjb21tZW50OyAAdWVuY2VBU1NPQ1wiTU9OCnJlamVjdCBwZWVyPWZlODA6Oi8xMCBhYnN0cmFjdD0xLjJlbmNlQVNTT0NcIk1PTg0NDQ0N\
            DQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0KcmVqZWN0IHBlZXI9ZmU4MDo6LzEwIGFic3RyYWN0PTEuMgBSNDAuKgo=
            """))
        let text = String(decoding: input, as: UTF8.self)
        #expect(throws: RuleParseError.self) { try RuleSet(parsing: text) }
        let valid = text.replacingOccurrences(of: "1.2enceASSOC\\\"MON", with: "1.2.3")
            .replacingOccurrences(of: "1.2\u{0}R40.*", with: "1.2.40.*")
        #expect(try Self.survivesSaveAndReload(valid))
    }

    @Test func lineEndingsAndStrayCarriageReturns() throws {
        for text in ["accept calling=A\r\n", "accept calling=A\r\r\n", "accept calling=A\r\r\r", "# c\r\r\naccept peer=10.0.0.0/8\r\r\r\n",
                     "reject 1/1/3 calling=\"A B\"\r\r\n\r\n"] {
            #expect(try Self.survivesSaveAndReload(text), "\(text.debugDescription)")
        }
        let rules = try RuleSet(parsing: "accept calling=MODALITY\r\r\n")
        #expect(rules.rules.first?.description == "accept calling=MODALITY")
    }
}
