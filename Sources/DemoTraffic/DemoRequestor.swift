import DICOMUpperLayer

/// One requestor of the demo stream: who calls whom, what it proposes, and what it does once accepted.
struct DemoRequestor: Sendable {
    enum Work: Sendable {
        /// C-STORE each image on its SOP class's context, then release (PS3.4 B.2, PS3.8 §7.2).
        case store([DemoImage])
        /// One C-ECHO (PS3.7 §9.1.5), then release.
        case echo
        /// C-STORE the image's command and half its data set, then A-ABORT (PS3.8 §7.3.1): a modality switched
        /// off mid-transfer.
        case abortMidStore(DemoImage)
        /// Nothing to do with what was accepted: release at once.
        case releaseOnly
    }

    var callingAETitle: String
    var calledAETitle: String
    /// Seconds after the start of the stream.
    var delay: Double
    var applicationContextName = AAssociateRQ.dicomApplicationContextName
    var contexts: [PresentationContextRQItem]
    var userIdentity: UserIdentityNegotiationRQ?
    var work: Work

    var request: AAssociateRQ {
        AAssociateRQ(calledAETitle: calledAETitle, callingAETitle: callingAETitle,
                     applicationContextName: applicationContextName, presentationContexts: contexts,
                     userInformation: UserInformation(maximumLength: 16_384,
                                                      implementationClassUID: DemoTraffic.implementationClassUID,
                                                      implementationVersionName: DemoTraffic.implementationVersionName,
                                                      userIdentityRQ: userIdentity))
    }
}
