import DICOMUpperLayer

/// The demo stream for one seed: the same seed gives the same requestors, in the same order, with the same
/// images and UIDs.
enum DemoScenario {
    static let verification = "1.2.840.10008.1.1"
    static let implicitVRLittleEndian = "1.2.840.10008.1.2"
    static let explicitVRLittleEndian = "1.2.840.10008.1.2.1"
    static let deflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99"
    static let jpeg2000 = "1.2.840.10008.1.2.4.90"

    /// - Parameter tapped: add the requestor `DemoTraffic.tappedCallingAETitle`, whose associations the SCP forwards
    ///   to a PACS (tap mode). The other requestors and their data are the same either way.
    static func requestors(seed: UInt64, calledAETitle: String, tapped: Bool = false) -> [DemoRequestor] {
        var random = SeededGenerator(seed: seed)
        let patients = ["DOE^JANE", "ROE^RICHARD", "MUSTERMANN^ERIKA", "DUPONT^MARIE", "ROSSI^MARIO", "TANAKA^YUKI"]
        func study(_ sopClass: String, count: Int) -> [DemoImage] {
            let name = patients[Int(random.next() % UInt64(patients.count))]
            let patientID = "PID" + String(100_000 + random.next() % 900_000)
            let studyUID = random.uid(), seriesUID = random.uid(), frameUID = random.uid()
            let date = "2026" + format2(1 + Int(random.next() % 12)) + format2(1 + Int(random.next() % 28))
            return (1...count).map { number in
                DemoImage(sopClassUID: sopClass, sopInstanceUID: random.uid(), studyInstanceUID: studyUID,
                          seriesInstanceUID: seriesUID, frameOfReferenceUID: frameUID, patientName: name,
                          patientID: patientID, instanceNumber: number, studyDate: date)
            }
        }
        func storage(_ sopClasses: [String]) -> [PresentationContextRQItem] {
            sopClasses.enumerated().map { index, uid in
                PresentationContextRQItem(id: UInt8(2 * index + 1), abstractSyntax: uid,
                                          transferSyntaxes: [explicitVRLittleEndian, implicitVRLittleEndian])
            }
        }
        let echo = [PresentationContextRQItem(id: 1, abstractSyntax: verification,
                                              transferSyntaxes: [implicitVRLittleEndian])]
        let ct = study(DemoImage.ctImageStorage, count: 2 + Int(random.next() % 3))
        let mr = study(DemoImage.mrImageStorage, count: 2 + Int(random.next() % 3))
        let secondaryCapture = study(DemoImage.secondaryCaptureImageStorage, count: 1)
        let interrupted = study(DemoImage.ctImageStorage, count: 1)
        let routed = study(DemoImage.ctImageStorage, count: 3)
        // DCMTK's storescu proposes every storage SOP class it knows, up to the 128 contexts an A-ASSOCIATE-RQ
        // can carry (odd IDs 1–255, PS3.8 §9.3.2.2); one here is a private SOP class nobody registered.
        var many = UIDDictionary.storageSOPClassUIDs.filter { $0 != DemoImage.secondaryCaptureImageStorage }
        many = [DemoImage.secondaryCaptureImageStorage] + Array(many.prefix(126)) + ["1.2.826.0.1.3680043.9.7433.1.1"]

        var requestors = [
            DemoRequestor(callingAETitle: "CT_SCANNER_01", calledAETitle: calledAETitle, delay: 0.5,
                          contexts: storage([DemoImage.ctImageStorage]), work: .store(ct)),
            DemoRequestor(callingAETitle: "PACS_MAIN", calledAETitle: calledAETitle, delay: 1.2,
                          contexts: echo, work: .echo),
            DemoRequestor(callingAETitle: "MR_3T_02", calledAETitle: calledAETitle, delay: 2.0,
                          contexts: storage([DemoImage.mrImageStorage, DemoImage.secondaryCaptureImageStorage]),
                          work: .store(mr)),
            DemoRequestor(callingAETitle: "STORESCU", calledAETitle: calledAETitle, delay: 3.0,
                          contexts: storage(many), work: .store(secondaryCapture)),
            // A peer set up for "deflate only": Verification is answered 4 (transfer-syntaxes-not-supported).
            DemoRequestor(callingAETitle: "US_CART_3", calledAETitle: calledAETitle, delay: 3.8,
                          contexts: [PresentationContextRQItem(id: 1, abstractSyntax: verification,
                                                               transferSyntaxes: [deflatedExplicitVRLittleEndian])],
                          work: .releaseOnly),
            // Configured with another node's AE title.
            DemoRequestor(callingAETitle: "WORKSTATION7", calledAETitle: "PACS_ARCHIVE", delay: 4.5,
                          contexts: echo, work: .echo),
            DemoRequestor(callingAETitle: "RIS_GATEWAY", calledAETitle: calledAETitle, delay: 5.2,
                          contexts: echo,
                          userIdentity: UserIdentityNegotiationRQ(username: "ris-service", passcode: "demo-secret",
                                                                  positiveResponseRequested: true),
                          work: .echo),
            DemoRequestor(callingAETitle: "CT_SCANNER_01", calledAETitle: calledAETitle, delay: 6.0,
                          contexts: storage([DemoImage.ctImageStorage]), work: .abortMidStore(interrupted[0])),
            // An old router with a mistyped application context name: rejected 1/1/2 whatever the policy
            // (PS3.7 Annex A.2.1).
            DemoRequestor(callingAETitle: "ROUTER_OLD", calledAETitle: calledAETitle, delay: 6.8,
                          applicationContextName: "1.2.840.10008.3.1.1.2", contexts: echo, work: .echo),
        ]
        // A little jitter so that runs with other seeds do not look identical.
        for index in requestors.indices { requestors[index].delay += Double(random.next() % 300) / 1000 }
        // A CT behind a router: the SCP forwards it to the PACS, and the person sees the PACS's answer beside the
        // request before deciding. It proposes Verification too, which it never uses.
        if tapped {
            requestors.append(DemoRequestor(
                callingAETitle: DemoTraffic.tappedCallingAETitle, calledAETitle: calledAETitle,
                delay: 2.6 + Double(random.next() % 300) / 1000,
                contexts: storage([DemoImage.ctImageStorage]) + [PresentationContextRQItem(
                    id: 3, abstractSyntax: verification, transferSyntaxes: [implicitVRLittleEndian])],
                work: .store(routed)))
        }
        return requestors.sorted { $0.delay < $1.delay }
    }

    private static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
