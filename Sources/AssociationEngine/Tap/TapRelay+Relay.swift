import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore

/// Relaying on the established legs of a tapped association: each PDV re-fragmented to the receiving leg's Maximum
/// Length (PS3.8 D.1) and sent through that leg's machine (Evt9), the messages described in `dimse` events, the
/// releases and aborts carried across (PS3.8 §7.2, §7.3), and reading stopped on one leg while the other cannot
/// take more.
extension TapRelay {
    /// DT-2 on the requestor leg: the PDU sent on to the upstream (Evt9 on the upstream leg) as received when it
    /// fits the upstream's Maximum Length, else each PDV re-fragmented to it (`PDVRefragmenter`); the message it
    /// completes described in a `dimse` event (leg `requestor`).
    func relayFromRequestor(_ pData: PDataTF, asReceived raw: ByteBuffer?) {
        guard let requestor, let upstream = leg.handler, !leg.upstreamEnded else { return }
        var (out, asReceived) = outgoing(pData, asReceived: raw, to: leg.toUpstream)
        for pdv in pData.values {
            guard leg.acceptedContextIDs.contains(pdv.presentationContextID) else {
                return requestor.abortInvalid(reason: 6, detail: "a PDV on presentation context "
                    + "\(pdv.presentationContextID), which was not accepted on this leg")
            }
            if !asReceived { leg.toUpstream.append(pdv, into: &out) }
            let completed = leg.fromRequestor.observe(pdv)
            copyRelayed(pdv, leg: .requestor, watcher: leg.fromRequestor, completed: completed)
            if let message = completed {
                if let messageID = message.command?.messageID, message.command?.commandField.isResponse == false {
                    leg.requestsRelayed[messageID] = loop.now
                }
                publishRelayed(message, leg: .requestor, responseMilliseconds: nil)
            }
        }
        guard upstream.relayData(out) else {
            logger.info("upstream leg in \(upstream.state) takes no P-DATA; aborting both legs")
            return abortBothLegs(detail: "the upstream leg can no longer carry data (\(upstream.state))")
        }
        if let channel = leg.channel, !channel.isWritable, !leg.requestorReadingPaused {
            leg.requestorReadingPaused = true
            requestor.setReading(false)
        }
    }

    /// What goes to the other leg for a received P-DATA-TF: its bytes as received when the other leg takes them as
    /// they are (`PDVRefragmenter.relaysAsReceived`), else an empty buffer the caller re-fragments each PDV into.
    private func outgoing(_ pData: PDataTF, asReceived raw: ByteBuffer?,
                          to refragmenter: PDVRefragmenter) -> (out: ByteBuffer, asReceived: Bool) {
        if let raw, refragmenter.relaysAsReceived(pData, pduLength: raw.readableBytes - 6) { return (raw, true) }
        return (allocator.buffer(capacity: pData.pduLength + 12 * pData.values.count), false)
    }

    /// A `dimse` event for a relayed message, the way `direction` `received` events describe what we received.
    private func publishRelayed(_ message: RelayedMessageWatcher.Message, leg: DIMSELeg,
                                responseMilliseconds: Double?) {
        guard let requestor else { return }
        let command = message.command
        var event = DIMSEMessage(
            association: requestor.association, direction: .received,
            command: command.map { $0.commandField.name ?? "\($0.commandField)" } ?? "undecodable command set",
            commandField: Int(command?.commandField.rawValue ?? 0), messageID: command?.messageID.map(Int.init),
            messageIDBeingRespondedTo: command?.messageIDBeingRespondedTo.map(Int.init),
            presentationContext: Int(message.contextID), affectedSOPClassUID: command?.sopClassUID,
            affectedSOPInstanceUID: command?.sopInstanceUID, status: command?.status.map { Int($0.rawValue) },
            bytes: message.dataSetBytes, durationMilliseconds: nil, time: Date(), state: requestor.legState)
        event.leg = leg
        event.responseMilliseconds = responseMilliseconds
        if let command, let reader = message.dataSet {
            // What its data set carried, read as it passed, the way a received message is described.
            let description = DataSetDescription(reader, command: command)
            description.apply(to: &event)
            var findings = MessageFindings()
            findings.add(description.findings)
            if !findings.isEmpty { event.findings = findings.take() }
            if engine.options.listsMessageElements {
                (event.elements, event.elementsNotListed) = MessageElements.list(command: command.commandSet,
                                                                                dataSet: reader)
            }
        }
        requestor.publish(.dimse(event))
    }

    /// The requestor leg's writability changed: while it cannot take more, the upstream leg is not read.
    func requestorWritabilityChanged(isWritable: Bool) {
        guard let channel = leg.channel else { return }
        if !isWritable, !leg.upstreamReadingPaused {
            leg.upstreamReadingPaused = true
            channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        } else if isWritable, leg.upstreamReadingPaused {
            leg.upstreamReadingPaused = false
            channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
        }
    }

    /// A read of the requestor leg is complete: what was relayed upstream is flushed.
    func requestorReadComplete() {
        leg.handler?.flushRelayed()
    }

    /// The requestor released (AR-2, Sta8): relayed upstream (AR-1 there); the A-RELEASE-RP goes to the requestor
    /// when the upstream's arrives (`upstreamReleaseConfirmed`). In a collision (Sta10) the requestor leg waits for
    /// the requestor's A-RELEASE-RP first (AR-10).
    func releaseRequested() {
        guard let requestor, requestor.legState != .sta10 else { return }
        guard let upstream = leg.handler, !leg.upstreamEnded else {
            // Nothing upstream to release: answer at once.
            if requestor.fire(.releaseResponse) {
                requestor.publish(.released(Released(association: requestor.association, by: .peer, time: Date(),
                                                     state: requestor.legState)))
            }
            return
        }
        if upstream.state == .sta6, upstream.requestRelease() { return }
        if upstream.state == .sta8 {
            // The upstream asked first and is waiting for our answer: both asked, the releases cross.
            upstream.answerRelease()
        }
    }

    /// The requestor's A-RELEASE-RP for a release the upstream asked for (AR-3, or AR-10 → Sta12 in a collision).
    func releaseConfirmed() {
        guard let requestor else { return }
        if requestor.legState == .sta12 { requestor.fire(.releaseResponse) }
        requestor.publish(.released(Released(association: requestor.association, by: .upstream, time: Date(),
                                             state: requestor.legState)))
        leg.upstreamEnded = true
        leg.handler?.answerRelease()
    }

    private func abortBothLegs(detail: String) {
        endUpstream(politely: false)
        if let requestor, requestor.legState != .sta13, requestor.legState != .sta1 {
            requestor.fire(.abortRequest(origin: .upstream))
        }
        logger.info("\(detail)")
    }
}

extension TapRelay: UpstreamRelay {
    func upstreamAnswered(_ answer: UpstreamAssociateAnswer) {
        leg.acseTimer?.cancel()
        switch answer {
        case .accepted(let ac, let raw):
            leg.upstreamAC = ac
            leg.forward.raw = raw
            record(.accepted(TapLeg.accepted(ac)))
        case .rejected(let rj, let raw):
            leg.upstreamEnded = true
            leg.forward.raw = raw
            record(.rejected(result: Int(rj.result), source: Int(rj.source), reason: Int(rj.reason)))
        }
        guard let requestor, requestor.legState == .sta3 else {
            // The requestor is gone (aborted, closed) while the upstream was answering.
            return endUpstream(politely: true)
        }
        if let pending = leg.pendingAccept {
            leg.pendingAccept = nil
            requestor.execute(.accept(edits: pending.edits, roles: nil, by: pending.decidedBy), detail: nil)
        }
    }

    /// DT-2 on the upstream leg: relayed to the requestor (Evt9 there: DT-1 in Sta6, AR-7 in Sta8) as received when
    /// it fits the requestor's Maximum Length, else re-fragmented to it; described in a `dimse` event (leg
    /// `upstream`, with the response time).
    func upstreamData(_ pData: PDataTF, asReceived raw: ByteBuffer?) {
        guard let requestor else { return }
        // As a read of the requestor leg: writes and events wait for `upstreamReadComplete`, one flush per read.
        let wasInRead = requestor.inRead
        requestor.inRead = true
        defer { requestor.inRead = wasInRead }
        var (out, asReceived) = outgoing(pData, asReceived: raw, to: leg.toRequestor)
        for pdv in pData.values {
            if !asReceived { leg.toRequestor.append(pdv, into: &out) }
            let completed = leg.fromUpstream.observe(pdv)
            copyRelayed(pdv, leg: .upstream, watcher: leg.fromUpstream, completed: completed)
            if let message = completed {
                var milliseconds: Double?
                if let command = message.command, command.commandField.isResponse,
                   let answered = command.messageIDBeingRespondedTo, let sent = leg.requestsRelayed[answered] {
                    milliseconds = Double((loop.now - sent).nanoseconds) / 1_000_000
                    if command.status?.category != .pending { leg.requestsRelayed[answered] = nil }
                }
                publishRelayed(message, leg: .upstream, responseMilliseconds: milliseconds)
            }
        }
        guard requestor.fire(.pDataRequest(out)) else {
            let state = requestor.legState
            logger.info("requestor leg in \(state) takes no P-DATA from the upstream; aborting both legs")
            return abortBothLegs(detail: "P-DATA from the upstream while the requestor leg is in \(state)")
        }
        if !requestor.isWritable { requestorWritabilityChanged(isWritable: false) }
    }

    func upstreamReleaseRequested() {
        guard let requestor, let upstream = leg.handler else { return }
        switch upstream.state {
        case .sta9:
            // Both asked at once and we requested upstream: the requestor side answers first (AR-9, PS3.8 §7.2.2).
            upstream.answerRelease()
        default:
            // The upstream asks to release (AR-2 there): ask the requestor (AR-1 here), answer upstream on its RP.
            requestor.publish(.releaseRequested(ReleaseRequested(association: requestor.association, time: Date(),
                                                                 state: requestor.legState)))
            if !requestor.fire(.releaseRequest) { upstream.answerRelease() }
        }
    }

    /// The upstream's A-RELEASE-RP (AR-3): the requestor gets its own (AR-4).
    func upstreamReleaseConfirmed() {
        leg.upstreamEnded = true
        guard let requestor, requestor.legState == .sta8 || requestor.legState == .sta12 else { return }
        if requestor.fire(.releaseResponse) {
            requestor.publish(.released(Released(association: requestor.association, by: .peer, time: Date(),
                                                 state: requestor.legState)))
        }
    }

    func upstreamAborted(_ abort: AAbort?, detail: String) {
        let wasEnded = leg.upstreamEnded
        leg.upstreamEnded = true
        if case .connecting = leg.forward.answer {
            // A connection that never opened is reported by the connect's own failure (unreachable).
            if leg.channel != nil {
                upstreamFailed(.aborted(source: Int(abort?.source ?? 2), reason: Int(abort?.reason ?? 0)))
            }
            return
        }
        guard !wasEnded, let requestor else { return }
        switch requestor.legState {
        case .sta6, .sta7, .sta8, .sta9, .sta10, .sta11, .sta12:
            logger.info("upstream leg ended: \(detail); aborting the requestor leg")
            requestor.fire(.abortRequest(origin: .upstream))
        default:
            break
        }
    }

    func upstreamReadComplete() {
        requestor?.flushRelayed()
    }

    func upstreamWritabilityChanged(isWritable: Bool) {
        guard isWritable, leg.requestorReadingPaused else { return }
        leg.requestorReadingPaused = false
        requestor?.setReading(true)
    }
}
