import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

/// The Data view (`d`): a received message's command set and data set as a tag tree, folded, scrolled and searched.
@Suite struct DataViewTests {
    typealias F = Fixtures

    /// A C-STORE-RQ as the engine lists it: the command set, then a CT data set with a sequence of two items
    /// (as pydicom's CT_small.dcm has), a value longer than the 64 characters kept, and Pixel Data.
    static func elements(patientID: String = "1CT1") -> [MessageElement] {
        func c(_ tag: String, _ keyword: String, _ vr: String, _ length: Int, _ value: String) -> MessageElement {
            MessageElement(part: .command, depth: 0, tag: tag, keyword: keyword, vr: vr, length: length, value: value)
        }
        func d(_ depth: Int, _ tag: String, _ keyword: String?, _ vr: String, _ length: Int?,
               _ value: String? = nil) -> MessageElement {
            MessageElement(part: .dataSet, depth: depth, tag: tag, keyword: keyword, vr: vr, length: length,
                           value: value)
        }
        func item(_ depth: Int, _ length: Int) -> MessageElement {
            MessageElement(part: .dataSet, kind: .item, depth: depth, tag: "(FFFE,E000)", length: length)
        }
        var list = [
            c("(0000,0000)", "CommandGroupLength", "UL", 4, "132"),
            c("(0000,0002)", "AffectedSOPClassUID", "UI", 26, F.ctImage),
            c("(0000,0100)", "CommandField", "US", 2, "1"),
            c("(0000,0110)", "MessageID", "US", 2, "1"),
            c("(0000,0700)", "Priority", "US", 2, "0"),
            c("(0000,0800)", "CommandDataSetType", "US", 2, "65278"),
            c("(0000,1000)", "AffectedSOPInstanceUID", "UI", 48, "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"),
            d(0, "(0008,0005)", "SpecificCharacterSet", "CS", 10, "ISO_IR 100"),
            d(0, "(0008,0008)", "ImageType", "CS", 22, "ORIGINAL\\PRIMARY\\AXIAL"),
            d(0, "(0008,0016)", "SOPClassUID", "UI", 26, F.ctImage),
            d(0, "(0008,0020)", "StudyDate", "DA", 8, "20040119"),
            d(0, "(0008,0060)", "Modality", "CS", 2, "CT"),
            d(0, "(0008,0070)", "Manufacturer", "LO", 18, "GE MEDICAL SYSTEMS"),
            d(0, "(0009,1027)", nil, "SL", 4, "862399669"),
            d(0, "(0010,0010)", "PatientName", "PN", 22, "CompressedSamples^CT1"),
            d(0, "(0010,0020)", "PatientID", "LO", 4, patientID),
            d(0, "(0010,1002)", "OtherPatientIDsSequence", "SQ", 72),
            item(1, 28),
            d(2, "(0010,0020)", "PatientID", "LO", 8, "ABCD1234"),
            d(2, "(0010,0022)", "TypeOfPatientID", "CS", 4, "TEXT"),
            item(1, 28),
            d(2, "(0010,0020)", "PatientID", "LO", 8, "1234ABCD"),
            d(2, "(0010,0022)", "TypeOfPatientID", "CS", 4, "TEXT"),
            d(0, "(0010,21B0)", "AdditionalPatientHistory", "LT", 200, String(repeating: "history ", count: 8) + "…"),
        ]
        for n in 0..<12 {
            list.append(d(0, String(format: "(0018,%04X)", 0x1100 + n * 16), "Keyword\(n)", "DS", 10, "\(n).5"))
        }
        list.append(d(0, "(0028,0010)", "Rows", "US", 2, "128"))
        list.append(d(0, "(7FE0,0010)", "PixelData", "OW", 32768))
        return list
    }

    static func store(_ id: Int, messageID: Int, elements: [MessageElement], at seconds: Double = 3) -> EngineEvent {
        var message = DIMSEMessage(
            association: id, direction: .received, command: "C-STORE-RQ", commandField: 1, messageID: messageID,
            messageIDBeingRespondedTo: nil, presentationContext: 1, affectedSOPClassUID: F.ctImage,
            affectedSOPInstanceUID: "1.2.3", status: nil, bytes: 39_086, durationMilliseconds: nil,
            time: F.t0.addingTimeInterval(seconds))
        message.elements = elements
        return .dimse(message)
    }

    /// Association 1 with two stores kept, selected.
    static func state(size: TerminalSize = TerminalSize(columns: 80, rows: 24)) -> MonitorState {
        var s = F.apply(F.state(size: size), F.opened(1), F.storeRequest(1), F.accepted(1))
        F.feed(&s, [store(1, messageID: 1, elements: elements(patientID: "FIRST")),
                    store(1, messageID: 2, elements: elements(), at: 4)])
        s.selected = 1
        return s
    }

    static var sequenceIndex: Int { elements().firstIndex { $0.vr == "SQ" } ?? -1 }

    @Test func dOpensTheLastReceivedMessageAndTheActivityKeepsNoTree() throws {
        let (s, _) = F.keys(Self.state(), .char("d"))
        let message = try #require(s.dataViewMessage)
        #expect(message.messageID == 2)
        #expect(message.elements == Self.elements())
        let activity = s.associations[1]?.activity ?? []
        #expect(activity.allSatisfy { entry in
            if case .dimse(let m) = entry.kind { return m.elements == nil } else { return true }
        })
        #expect(s.keyContexts == [.dataView])
        #expect(F.keys(s, .escape).0.dataView == nil)
    }

    @Test func dWithoutAKeptMessageSaysSo() {
        var s = F.apply(F.state(), F.opened(1), F.storeRequest(1), F.accepted(1))
        s.selected = 1
        let (after, _) = F.keys(s, .char("d"))
        #expect(after.dataView == nil)
        #expect(after.message?.isError == true)
    }

    @Test func bracketsGoToTheOlderAndNewerMessage() throws {
        let (s, _) = F.keys(Self.state(), .char("d"), .char("["))
        #expect(s.dataViewMessage?.messageID == 1)
        #expect(F.keys(s, .char("]")).0.dataViewMessage?.messageID == 2)
        #expect(F.keys(s, .char("[")).0.dataViewMessage?.messageID == 1, "no older one: stays")
    }

    @Test func enterFoldsASequenceAndSpaceUnfoldsIt() throws {
        let elements = Self.elements()
        var (s, _) = F.keys(Self.state(), .char("d"))
        for _ in 0..<Self.sequenceIndex { s = F.keys(s, .down).0 }
        #expect(s.dataView?.cursor == Self.sequenceIndex)
        let all = try #require(s.dataView?.visibleRows(elements).count)
        #expect(all == elements.count)
        s = F.keys(s, .enter).0
        #expect(s.dataView?.visibleRows(elements).count == all - 6, "two items of two elements each hidden")
        #expect(F.keys(s, .down).0.dataView?.cursor == Self.sequenceIndex + 7, "the cursor skips what is folded")
        #expect(F.keys(s, .space).0.dataView?.visibleRows(elements).count == all)
        #expect(F.keys(s, .right).0.dataView?.folded.isEmpty == true)
        #expect(F.keys(F.keys(s, .right).0, .left).0.dataView?.folded == [Self.sequenceIndex])
    }

    @Test func anItemFoldsItsElements() throws {
        let elements = Self.elements()
        var (s, _) = F.keys(Self.state(), .char("d"))
        for _ in 0...Self.sequenceIndex { s = F.keys(s, .down).0 }
        s = F.keys(s, .enter).0
        #expect(s.dataView?.visibleRows(elements).count == elements.count - 2)
    }

    @Test func scrollingKeepsTheCursorOnScreen() throws {
        let elements = Self.elements()
        let (s, _) = F.keys(Self.state(), .char("d"), .char("G"))
        let view = try #require(s.dataView)
        #expect(view.cursor == elements.count - 1)
        #expect(view.top == elements.count - s.dataViewHeight)
        let back = try #require(F.keys(s, .char("g")).0.dataView)
        #expect(back.cursor == 0 && back.top == 0)
        let paged = try #require(F.keys(s, .char("g"), .pageDown).0.dataView)
        #expect(paged.cursor == s.dataViewHeight - 1)
    }

    @Test func slashFindsByKeywordAndNRepeatsUnfoldingWhatHidesIt() throws {
        let elements = Self.elements()
        var (s, _) = F.keys(Self.state(), .char("d"))
        for _ in 0..<Self.sequenceIndex { s = F.keys(s, .down).0 }
        s = F.keys(s, .enter, .char("g")).0
        #expect(s.dataView?.folded == [Self.sequenceIndex])
        s = F.keys(s, .char("/"), .char("t"), .char("y"), .char("p"), .char("e"), .char("o"), .char("f"),
                   .char("p")).0
        #expect(s.keyContexts == [.dataSearch])
        #expect(s.dataView?.searchDraft == "typeofp")
        s = F.keys(s, .enter).0
        let first = Self.sequenceIndex + 3
        #expect(elements[first].keyword == "TypeOfPatientID")
        #expect(s.dataView?.cursor == first)
        #expect(s.dataView?.folded.isEmpty == true, "the sequence holding the match is unfolded")
        s = F.keys(s, .char("n")).0
        #expect(s.dataView?.cursor == first + 3)
        #expect(F.keys(s, .char("n")).0.dataView?.cursor == first, "wraps around")
    }

    @Test func slashFindsByTag() throws {
        let (s, _) = F.keys(Self.state(), .char("d"), .char("/"), .char("7"), .char("f"), .char("e"), .char("0"),
                            .backspace, .char("0"), .char(","), .char("0"), .char("0"), .char("1"), .char("0"),
                            .enter)
        #expect(s.dataView?.cursor == Self.elements().count - 1)
        let (bare, _) = F.keys(Self.state(), .char("d"), .char("/"), .char("0"), .char("0"), .char("2"), .char("8"),
                               .char("0"), .char("0"), .char("1"), .char("0"), .enter)
        #expect(bare.dataViewMessage?.elements[bare.dataView?.cursor ?? 0].keyword == "Rows")
    }

    @Test func aSearchWithoutMatchSaysSoAndEscapeCancelsTyping() throws {
        let (s, _) = F.keys(Self.state(), .char("d"), .char("/"), .char("z"), .char("z"), .enter)
        #expect(s.message?.isError == true)
        #expect(s.dataView?.cursor == 0)
        let (typing, _) = F.keys(Self.state(), .char("d"), .char("/"), .char("q"), .escape)
        #expect(typing.dataView != nil && typing.dataView?.searchDraft == nil, "q was typed, Esc stopped typing")
    }

    /// At 80×24 and 132×43: the tree with the sequence's first item folded, the cursor on it, the matches of
    /// the last search underlined; then the search being typed.
    @Test func snapshots() {
        for size in [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 132, rows: 43)] {
            var s = Self.state(size: size)
            _ = MonitorReducer.reduce(into: &s, .resize(size))
            s = F.keys(s, .char("d"), .char("/"), .char("p"), .char("a"), .char("t"), .char("i"), .char("e"),
                       .char("n"), .char("t"), .char("i"), .char("d"), .enter).0
            for _ in 0..<2 { s = F.keys(s, .down).0 }
            s = F.keys(s, .enter).0
            assertSnapshot(render(s, size), named: "data-view-\(size.columns)x\(size.rows)")
            s = F.keys(s, .char("/"), .char("r"), .char("o")).0
            assertSnapshot(render(s, size), named: "data-view-search-\(size.columns)x\(size.rows)")
        }
    }

    @Test func keptMessagesAreBounded() {
        var kept = KeptMessages(limit: 3)
        for id in 1...5 {
            guard case .dimse(let message) = Self.store(id, messageID: id, elements: Self.elements()) else { return }
            kept.keep(message)
        }
        #expect(kept.messages.map(\.association) == [3, 4, 5])
    }
}

extension DataViewTests {
    /// A smaller screen after scrolling to the end still shows the cursor's row; clicks do not reach the list
    /// under the Data view.
    @Test func resizeKeepsTheCursorShownAndClicksStayInTheView() throws {
        var (s, _) = F.keys(Self.state(size: TerminalSize(columns: 132, rows: 43)), .char("d"), .char("G"))
        let small = TerminalSize(columns: 80, rows: 24)
        _ = MonitorReducer.reduce(into: &s, .resize(small))
        let screen = render(s, small).text.split(separator: "\n")
        #expect(screen[small.rows - 2].contains("(7FE0,0010)"), "the last entry, under the cursor, is on screen")
        let tab = s.tab
        let raw = try #require(Layout.tabSpans().first { $0.0 == .raw }?.1)
        s.mouse = true
        s.click(row: Layout(size: small).tabBarRow, column: raw.lowerBound)
        #expect(s.tab == tab && s.dataView != nil, "the click on the hidden tab bar picked no tab")
    }
}
