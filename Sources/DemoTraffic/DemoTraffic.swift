/// `assocmon --demo`: built-in requestors that send a varied, realistic stream to the SCP just started, over
/// real sockets on loopback — two modalities storing a few images each, a C-ECHO from a PACS, a storescu-like
/// request with 128 presentation contexts, one proposing only a transfer syntax we do not take, one to another
/// called AE title, one with user identity (PS3.7 D.3.3.7), one that aborts mid-store, one with a wrong
/// application context name; and, when `tapped`, a CT that the SCP is set up to forward to a PACS (tap mode). With policy ask they wait for the person like any other request.
public struct DemoTraffic: Sendable {
    /// Under 2.25 (a UUID-derived root, PS3.5 §B.2), fixed for the demo requestors.
    public static let implementationClassUID = "2.25.302604744290218735637519342765837112193"
    public static let implementationVersionName = "ASSOCMON_DEMO"

    public let host: String
    public let port: Int
    public let seed: UInt64
    public let calledAETitle: String
    public let answerTimeout: Duration
    /// Whether the stream includes the requestor `tappedCallingAETitle` (the SCP forwards it to a PACS).
    public let tapped: Bool

    /// The calling AE title of the demo requestor meant to be forwarded (tap mode): a rules-file
    /// `forward … calling=CT_VIA_ROUTER` picks it out.
    public static let tappedCallingAETitle = "CT_VIA_ROUTER"

    /// - Parameters:
    ///   - seed: the whole stream (requestors, images, UIDs, timing) follows from it.
    ///   - answerTimeout: how long a requestor waits for the A-ASSOCIATE-AC/RJ (longer than the SCP's decision
    ///     timeout, so that it is the SCP that ends an undecided request).
    public init(host: String = "127.0.0.1", port: Int, seed: UInt64, calledAETitle: String,
                answerTimeout: Duration, tapped: Bool = false) {
        self.host = host; self.port = port; self.seed = seed; self.calledAETitle = calledAETitle; self.answerTimeout = answerTimeout
        self.tapped = tapped
    }

    /// The calling AE titles of the stream, in the order the requestors start.
    public var callingAETitles: [String] {
        DemoScenario.requestors(seed: seed, calledAETitle: calledAETitle, tapped: tapped).map(\.callingAETitle)
    }

    /// Starts every requestor at its moment and returns when all have ended. A requestor that fails reports
    /// through `log` and ends; nothing here stops the SCP.
    public func run(log: @escaping @Sendable (String) -> Void = { _ in }) async {
        let requestors = DemoScenario.requestors(seed: seed, calledAETitle: calledAETitle, tapped: tapped)
        let host = self.host, port = self.port, answerTimeout = self.answerTimeout
        await withTaskGroup(of: Void.self) { group in
            for requestor in requestors {
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(Int(requestor.delay * 1000)))
                    let session = DemoSession(requestor: requestor, host: host, port: port,
                                              answerTimeout: answerTimeout)
                    do {
                        try await session.run()
                    } catch {
                        log("demo requestor \(requestor.callingAETitle): \(error)")
                    }
                }
            }
        }
    }
}
