@testable import AssociationEngine
import AssociationEvents
import Foundation
import Testing

/// What `events-dropped` counts as not successful: final statuses other than Success, not pending C-FIND matches.
@Suite struct DroppedDIMSETallyTests {
    @Test func pendingResponsesAreNotCountedAsNotSuccessful() throws {
        var tally = DroppedDIMSETally()
        for status in [0xFF00, 0xFF01, 0xFF00, 0xFE00, 0x0000, 0xC000, 0xB000] {
            tally.add(DIMSEMessage(association: 1, direction: .sent, command: "C-FIND-RSP", commandField: 0x8020,
                                   messageID: nil, messageIDBeingRespondedTo: 1, presentationContext: 1,
                                   affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: status, bytes: 0,
                                   durationMilliseconds: 1, time: Date()))
        }
        let summary = try #require(tally.summary(limit: 1, time: Date()))
        #expect(summary.associations.first?.messages == 7)
        #expect(summary.associations.first?.notSuccessful == 3, "FE00, C000, B000")
    }
}
