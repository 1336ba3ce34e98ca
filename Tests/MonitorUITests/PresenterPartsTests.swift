import CNCurses
import Testing
@testable import MonitorUI

@Suite struct PresenterPartsTests {
    @Test func cursesCodesBecomeKeys() {
        let yes = cn_key_code_yes()
        #expect(CursesKeyDecoder.decode(status: 0, code: UInt32(UInt8(ascii: "a"))) == .key(.char("a")))
        #expect(CursesKeyDecoder.decode(status: 0, code: 9) == .key(.tab))
        #expect(CursesKeyDecoder.decode(status: 0, code: 13) == .key(.enter))
        #expect(CursesKeyDecoder.decode(status: 0, code: 27) == .key(.escape))
        #expect(CursesKeyDecoder.decode(status: 0, code: 3) == .key(.ctrl("c")))
        #expect(CursesKeyDecoder.decode(status: 0, code: 32) == .key(.space))
        #expect(CursesKeyDecoder.decode(status: yes, code: UInt32(cn_key_up())) == .key(.up))
        #expect(CursesKeyDecoder.decode(status: yes, code: UInt32(cn_key_npage())) == .key(.pageDown))
        #expect(CursesKeyDecoder.decode(status: yes, code: UInt32(cn_key_btab())) == .key(.backTab))
        #expect(CursesKeyDecoder.decode(status: yes, code: UInt32(cn_key_resize())) == .resize)
    }

    @Test func noColorFollowsTheConvention() {
        #expect(MonitorOptions.noColorRequested(["NO_COLOR": "1"]))
        #expect(!MonitorOptions.noColorRequested(["NO_COLOR": ""]))
        #expect(!MonitorOptions.noColorRequested([:]))
    }

    @Test func terminalCheckRejectsDumbAndMissingTerm() {
        // Under `swift test` stdin is rarely a terminal; either way the message must point to --headless.
        for env in [["TERM": "dumb"], [:]] {
            #expect(throws: TerminalUnavailable.self) { try CursesMonitor.checkTerminal(environment: env) }
            do { try CursesMonitor.checkTerminal(environment: env) } catch {
                #expect("\(error)".contains("--headless"))
            }
        }
    }

    @Test func standardNamingUsesTheCodecDictionary() {
        #expect(UIDNaming.standard.name("1.2.840.10008.1.1") != nil)
        #expect(UIDNaming.standard.name("1.2.3.4.999") == nil)
        #expect(UIDNaming.standard.label("1.2.3.4.999") == "1.2.3.4.999")
        #expect(UIDNaming.standard.label("1.2.840.10008.5.1.4.1.1.66.7") == "Label Map Segmentation Storage")
        #expect(UIDNaming.standard.label("1.2.840.10008.5.1.4.1.1.66.99") == "unnamed storage SOP class")
    }

    @Test func rawWalkerMarksEveryItemOfADCMTKRequest() {
        let segments = RawPDUWalker.segments(RawPDUWalker.bytes(fromHex: Fixtures.dcmtkEchoRaw))
        let labels = segments.map(\.label)
        #expect(labels.first?.contains("A-ASSOCIATE-RQ, PDU-length 205") == true)
        #expect(labels.contains { $0.contains("calling AE title \"ECHOSCU\"") })
        #expect(labels.contains { $0.hasPrefix("0x20 Presentation Context (RQ), id 1") })
        #expect(labels.contains { $0 == "0x51 Maximum Length, length 4: 16384" })
        #expect(labels.contains { $0.contains("OFFIS_DCMTK_367") })
        #expect(segments.reduce(0) { $0 + $1.bytes.count } == 211, "every byte in exactly one segment")
    }

    @Test func rawWalkerSurvivesTruncatedAndGarbageInput() {
        for hex in ["", "01", "0100000000ff", "01000000004a" + String(repeating: "00", count: 68) + "20ff", "zz"] {
            _ = RawPDUWalker.segments(RawPDUWalker.bytes(fromHex: hex))
        }
        let cut = String(Fixtures.dcmtkEchoRaw.prefix(200))
        let segments = RawPDUWalker.segments(RawPDUWalker.bytes(fromHex: cut))
        #expect(segments.contains { $0.label.contains("truncated") })
    }
}

@Suite struct RawWalkerEdgeTests {
    @Test func shortPresentationContextItemsDoNotTrap() {
        let fixed = "01000000004c" + "0001" + "0000" + String(repeating: "20", count: 32) + String(repeating: "00", count: 32)
        for item in ["20000002ffff", "21000001aa", "2000000401000000", "500000025100"] {
            let segments = RawPDUWalker.segments(RawPDUWalker.bytes(fromHex: fixed + item))
            #expect(segments.reduce(0) { $0 + $1.bytes.count } == (fixed.count + item.count) / 2)
        }
    }
}

@Suite struct TerminfoTests {
    @Test func unknownTerminalTypesAreRefusedBeforeCursesStarts() {
        #expect(cn_terminfo_exists("xterm") == 1)
        #expect(cn_terminfo_exists("no-such-terminal-type") == 0)
    }
}
