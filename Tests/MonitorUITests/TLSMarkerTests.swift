import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

private typealias F = Fixtures

/// : the front marks TLS associations in the list and shows the transport facts in the Request tab.
@Suite struct TLSMarkerTests {
    static let facts = TLSFacts(protocol: "TLSv1.3", cipherSuite: "TLS_AES_256_GCM_SHA384",
                                peerCertificateSubject: "C=DE, O=Radiology, CN=MODALITY1",
                                peerCertificateIssuer: "O=assocmon test, CN=Test CA",
                                peerCertificateNotAfter: F.t0.addingTimeInterval(86_400 * 365),
                                peerCertificateVerified: true)

    private func rows(_ state: MonitorState, _ size: TerminalSize) -> [Substring] {
        MonitorRenderer.render(state, size: size).text.split(separator: "\n")
    }

    @Test(arguments: [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 132, rows: 43)])
    func tlsAssociationsAreMarkedInTheList(size: TerminalSize) {
        var state = F.state(size: size)
        F.feed(&state, [
            .connectionOpened(ConnectionOpened(association: 1, peer: "127.0.0.1:40001", local: "127.0.0.1:2762",
                                               time: F.t0, tls: Self.facts)),
            F.dcmtkEcho(1, peer: "127.0.0.1:40001"),
            F.opened(2, peer: "127.0.0.1:40002", at: 1),
            F.dcmtkEcho(2, peer: "127.0.0.1:40002", at: 1),
        ])
        let lines = rows(state, size)
        let secure = lines.first { $0.contains("#1") && $0.contains("40001") }
        let plain = lines.first { $0.contains("#2") && $0.contains("40002") }
        #expect(secure?.contains("TLS ECHOSCU") == true, "\(lines.joined(separator: "\n"))")
        #expect(plain?.contains("TLS") == false)
    }

    @Test func requestTabShowsProtocolCipherAndCertificate() {
        let size = TerminalSize(columns: 132, rows: 43)
        var state = F.state(size: size)
        F.feed(&state, [
            .connectionOpened(ConnectionOpened(association: 1, peer: "127.0.0.1:40001", local: "127.0.0.1:2762",
                                               time: F.t0, tls: Self.facts)),
            F.dcmtkEcho(1, peer: "127.0.0.1:40001"),
        ])
        let text = MonitorRenderer.render(state, size: size).text
        #expect(text.contains("TLSv1.3 TLS_AES_256_GCM_SHA384"))
        #expect(text.contains("CN=MODALITY1 (verified)"))
    }

    @Test func aFailedHandshakeNeverOpenedStillShowsWhy() {
        let size = TerminalSize(columns: 132, rows: 43)
        var state = F.state(size: size)
        F.feed(&state, [
            .transportFailed(TransportFailed(association: 9, peer: "127.0.0.1:40009",
                                             reason: "client presented no certificate", time: F.t0)),
        ])
        let text = MonitorRenderer.render(state, size: size).text
        #expect(text.contains("127.0.0.1:40009"))
        #expect(text.contains("failed"))
    }
}
