import CNCurses
import DICOMUpperLayer
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

    @Test func rawLabelsNameEveryItemOfADCMTKRequest() {
        let labels = PDUDissector.items(Fixtures.dcmtkEchoRaw).map(RawItemLabel.label)
        #expect(labels.first == "PDU header: type 0x01 A-ASSOCIATE-RQ, PDU-length 205")
        #expect(labels.contains("calling AE title \"ECHOSCU\""))
        #expect(labels.contains { $0.hasPrefix("0x20 Presentation Context (RQ), id 1, length 46") })
        #expect(labels.contains("0x51 Maximum Length, length 4: 16384"))
        #expect(labels.contains("0x55 Implementation Version Name, length 15: OFFIS_DCMTK_367"))
        #expect(labels.contains("reserved (32 bytes)"))
    }

    @Test func rawLabelsSayWhatIsTruncated() {
        #expect(PDUDissector.items([0x01, 0x00]).map(RawItemLabel.label) == ["truncated PDU"])
        let cut = PDUDissector.items(Array(Fixtures.dcmtkEchoRaw.prefix(120))).map(RawItemLabel.label)
        #expect(cut.contains { $0.hasPrefix("0x20 Presentation Context (RQ), id 1, length 46 (truncated)") })
    }
}

@Suite struct TerminfoTests {
    @Test func unknownTerminalTypesAreRefusedBeforeCursesStarts() {
        #expect(cn_terminfo_exists("xterm") == 1)
        #expect(cn_terminfo_exists("no-such-terminal-type") == 0)
    }
}
