import DICOMUpperLayer
import Foundation
import NIOCore

/// The four measurements. Each one times only the operations it names (the set-up association of `echo` and
/// `store` is outside the timed loop) and stops at the first error.
enum LoadModes {
    /// The first error of parallel clients.
    final class FailureBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: LoadError?
        func record(_ error: LoadError) { lock.withLock { if stored == nil { stored = error } } }
        var first: LoadError? { lock.withLock { stored } }
    }

    static func run(_ options: LoadOptions) throws(LoadError) -> LoadReport {
        switch options.mode {
        case .associations: try associations(options)
        case .echo: try echo(options)
        case .store: try store(options)
        case .hold: try HoldRun(options: options).run()
        }
    }

    static func verificationRequest(_ options: LoadOptions) -> AAssociateRQ {
        LoadAssociation.request(calledAETitle: options.calledAETitle, callingAETitle: options.callingAETitle,
                                contexts: [LoadIdentity.verificationContext], maximumLength: options.pdu)
    }

    /// Message IDs 1…65535, wrapping (PS3.7 §9.1.1.1: unique among outstanding requests; one is outstanding).
    static func messageID(_ index: Int) -> UInt16 { UInt16(index % 65_535 + 1) }

    /// `--parallel P` clients (threads) share the N associations, each running its share one after another;
    /// with `--per-minute R` association k of a client starts no earlier than k × P / R minutes after the start
    /// (a steady arrival rate, as a busy site's modalities make, rather than a burst).
    static func associations(_ options: LoadOptions) throws(LoadError) -> LoadReport {
        let request = verificationRequest(options)
        let clients = min(options.parallel, options.count)
        let failures = FailureBox()
        let start = ContinuousClock.now
        let interval: Duration? = options.perMinute > 0
            ? .seconds(60.0 * Double(clients) / Double(options.perMinute)) : nil
        DispatchQueue.concurrentPerform(iterations: clients) { client in
            let share = options.count / clients + (client < options.count % clients ? 1 : 0)
            do throws(LoadError) {
                for number in 0..<share {
                    if let interval {
                        let due = start + interval * number + interval * (Double(client) / Double(clients))
                        let wait = due - ContinuousClock.now
                        if wait > .zero { Thread.sleep(forTimeInterval: Double(wait.components.seconds)
                            + Double(wait.components.attoseconds) / 1e18) }
                    }
                    let association = try LoadAssociation(port: options.port, request: request,
                                                          timeoutSeconds: options.timeoutSeconds)
                    for index in 0..<options.echoes {
                        try association.echo(messageID: messageID(index),
                                             contextID: LoadIdentity.verificationContext.id)
                    }
                    try association.release()
                }
            } catch {
                failures.record(error)
            }
        }
        let elapsed = seconds(since: start)
        if let failure = failures.first { throw failure }
        var report = LoadReport()
        report.add("mode", "associations")
        report.add("count", options.count)
        report.add("echoes_each", options.echoes)
        report.add("parallel", clients)
        report.add("seconds", elapsed)
        report.add("rate", Double(options.count) / elapsed, digits: 1)
        report.add("unit", "assoc/s")
        return report
    }

    static func echo(_ options: LoadOptions) throws(LoadError) -> LoadReport {
        let association = try LoadAssociation(port: options.port, request: verificationRequest(options),
                                              timeoutSeconds: options.timeoutSeconds)
        let start = ContinuousClock.now
        for index in 0..<options.count {
            try association.echo(messageID: messageID(index), contextID: LoadIdentity.verificationContext.id)
        }
        let elapsed = seconds(since: start)
        try association.release()
        var report = LoadReport()
        report.add("mode", "echo")
        report.add("count", options.count)
        report.add("seconds", elapsed)
        report.add("rate", Double(options.count) / elapsed, digits: 1)
        report.add("unit", "echo/s")
        return report
    }

    static func store(_ options: LoadOptions) throws(LoadError) -> LoadReport {
        let context = PresentationContextRQItem(id: 1, abstractSyntax: SyntheticDataSet.sopClassUID,
                                                transferSyntaxes: [SyntheticDataSet.transferSyntaxUID])
        let request = LoadAssociation.request(calledAETitle: options.calledAETitle,
                                              callingAETitle: options.callingAETitle, contexts: [context],
                                              maximumLength: options.pdu)
        let association = try LoadAssociation(port: options.port, request: request,
                                              timeoutSeconds: options.timeoutSeconds)
        // What we send is bounded by the server's Maximum Length (PS3.8 D.1) and by --pdu.
        let server = association.serverMaximumLength
        let limit = min(server == 0 ? MessageFragmenter.defaultUnlimitedLengthCap : server, options.pdu)
        let fragmenter = MessageFragmenter(peerMaximumLength: limit)
        let sender = DataSetSender(fragmentLength: fragmenter.maximumFragmentLength)
        defer { sender.deallocate() }
        let study = UIDGenerator.make(), series = UIDGenerator.make()
        var dataSetBytes = 0
        let start = ContinuousClock.now
        for index in 0..<options.count {
            let dataSet = SyntheticDataSet(approximateLength: options.bytes, sopInstanceUID: UIDGenerator.make(),
                                           studyInstanceUID: study, seriesInstanceUID: series)
            let id = messageID(index)
            let rq = CStoreRQ(messageID: id, affectedSOPClassUID: SyntheticDataSet.sopClassUID,
                              affectedSOPInstanceUID: dataSet.sopInstanceUID)
            var command = ByteBufferAllocator().buffer(capacity: 256)
            do {
                try fragmenter.encodeCommand(rq.commandSet.encoded(), presentationContextID: context.id, into: &command)
            } catch {
                throw .codec("\(error)")
            }
            try association.connection.send(command)
            try sender.send(dataSet, contextID: context.id, over: association.connection.socket)
            let response = try association.connection.receiveCommand("waiting for C-STORE-RSP")
            try LoadAssociation.check(response, field: .cStoreRSP, messageID: id, name: "C-STORE-RSP")
            dataSetBytes += dataSet.length
        }
        // The A-RELEASE-RP is part of the measure: a server may make the files durable before answering it.
        let releaseStart = ContinuousClock.now
        try association.release()
        let releaseSeconds = seconds(since: releaseStart)
        let elapsed = seconds(since: start)
        var report = LoadReport()
        report.add("mode", "store")
        report.add("count", options.count)
        report.add("dataset_bytes", dataSetBytes / options.count)
        report.add("max_pdu_used", Int(fragmenter.effectiveMaximumLength))
        report.add("server_max_pdu", Int(server))
        report.add("seconds", elapsed)
        report.add("release_seconds", releaseSeconds)
        report.add("rate", Double(dataSetBytes) / elapsed / 1e6, digits: 1)
        report.add("unit", "MB/s")
        return report
    }
}
