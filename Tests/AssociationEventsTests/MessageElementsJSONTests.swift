@testable import AssociationEvents
import Foundation
import Testing

/// A `dimse` event's `elements` are in the JSON lines only when asked for (`--events-data-sets`), and read back.
@Suite struct MessageElementsJSONTests {
    static let time = Date(timeIntervalSince1970: 1_795_615_200.123)
    static let message: DIMSEMessage = {
        var message = DIMSEMessage(
            association: 7, direction: .received, command: "C-STORE-RQ", commandField: 1, messageID: 4,
            messageIDBeingRespondedTo: nil, presentationContext: 3, affectedSOPClassUID: "1.2",
            affectedSOPInstanceUID: nil, status: nil, bytes: 9, durationMilliseconds: nil, time: time)
        message.elements = [
            MessageElement(part: .command, depth: 0, tag: "(0000,0100)", keyword: "CommandField", vr: "US",
                           length: 2, value: "1"),
            MessageElement(part: .dataSet, depth: 0, tag: "(0010,1002)", keyword: "OtherPatientIDsSequence",
                           vr: "SQ", length: nil),
            MessageElement(part: .dataSet, kind: .item, depth: 1, tag: "(FFFE,E000)", length: 12),
            MessageElement(part: .dataSet, depth: 1, tag: "(0010,0010)", keyword: "PatientName", vr: "PN",
                           length: 8, value: "山田\"^"),
            MessageElement(part: .dataSet, kind: .sequenceDelimitation, depth: 0, tag: "(FFFE,E0DD)", length: 0),
        ]
        message.elementsNotListed = 5
        return message
    }()

    static let plainLine = #"{"event":"dimse","association":7,"direction":"received","command":"C-STORE-RQ","commandField":1,"messageID":4,"presentationContext":3,"affectedSOPClassUID":"1.2","bytes":9,"time":"2026-11-25T14:00:00.123Z","state":"Sta6"}"#

    @Test func elementsAreLeftOutUnlessAskedFor() {
        #expect(JSONLines.Encoder().line(for: .dimse(Self.message)) == Self.plainLine)
    }

    @Test func elementsAreWrittenWhenAskedForAndReadBack() throws {
        let line = JSONLines.Encoder(includesElements: true).line(for: .dimse(Self.message))
        let elements = #","elements":[{"part":"command","kind":"element","depth":0,"tag":"(0000,0100)","keyword":"CommandField","vr":"US","length":2,"value":"1"},{"part":"data-set","kind":"element","depth":0,"tag":"(0010,1002)","keyword":"OtherPatientIDsSequence","vr":"SQ"},{"part":"data-set","kind":"item","depth":1,"tag":"(FFFE,E000)","length":12},{"part":"data-set","kind":"element","depth":1,"tag":"(0010,0010)","keyword":"PatientName","vr":"PN","length":8,"value":"山田\"^"},{"part":"data-set","kind":"sequence-delimitation","depth":0,"tag":"(FFFE,E0DD)","length":0}],"elementsNotListed":5}"#
        #expect(line == String(Self.plainLine.dropLast()) + elements)
        guard case .dimse(let read) = try JSONLines.event(from: line) else {
            Issue.record("not a dimse event: \(line)")
            return
        }
        #expect(read.elements == Self.message.elements)
        #expect(read.elementsNotListed == 5)
    }
}
