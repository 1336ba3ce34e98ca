import Foundation

/// The one writer of the headless JSON-lines contract (README, "Headless mode"): every event, and every command,
/// straight into a byte buffer, with no `Encodable` containers and no intermediate `String`s. A new field is one
/// line here (and its property on the value, which the synthesized `Decodable` then reads back).
///
/// `{"event":"<name>"` first, then the payload's fields in declaration order; optionals absent when `nil`, except
/// the explicit `null`s of `tls` (plain TCP), `userIdentity` and `deadline`; ISO-8601 UTC times with milliseconds.
/// The per-association events are written for every association (thousands a second under load): a generic
/// `Encoder` cost about a fifth of the server's CPU per association; this writer is five to nine times faster
/// (`assocmon-bench --events-only`).
struct EventJSONWriter {
    /// Appends `event` as one JSON object (no newline); a `dimse` event's `elements` only with `includesElements`
    /// (`--events-data-sets`: up to 2,000 entries a message, too many for every line).
    static func append(_ event: EngineEvent, to out: inout [UInt8], includesElements: Bool = false) {
        switch event {
        case .connectionOpened(let e):
            open("connection-opened", &out)
            int("association", e.association, &out)
            string("peer", e.peer, &out)
            string("local", e.local, &out)
            time("time", e.time, &out)
            string("state", e.state.description, &out)
            tls(e.tls, &out)
        case .associationRequested(let e):
            open("association-requested", &out)
            int("association", e.association, &out)
            string("peer", e.peer, &out)
            string("callingAETitle", e.callingAETitle, &out)
            string("calledAETitle", e.calledAETitle, &out)
            bool("calledAETitleMismatch", e.calledAETitleMismatch, &out)
            string("applicationContextName", e.applicationContextName, &out)
            int("protocolVersion", e.protocolVersion, &out)
            int("maxPDULength", e.maxPDULength, &out)
            if let v = e.implementationClassUID { string("implementationClassUID", v, &out) }
            if let v = e.implementationVersionName { string("implementationVersionName", v, &out) }
            if let v = e.implementation { string("implementation", v, &out) }
            if let v = e.maxOperationsInvoked { int("maxOperationsInvoked", v, &out) }
            if let v = e.maxOperationsPerformed { int("maxOperationsPerformed", v, &out) }
            key("presentationContexts", &out)
            array(e.presentationContexts, &out) { context, out in
                out.append(UInt8(ascii: "{"))
                firstInt("id", context.id, &out)
                string("abstractSyntax", context.abstractSyntax, &out)
                key("transferSyntaxes", &out)
                array(context.transferSyntaxes, &out) { quoted($0, &$1) }
                out.append(UInt8(ascii: "}"))
            }
            roleSelections(e.roleSelections, &out)
            key("extendedNegotiations", &out)
            array(e.extendedNegotiations, &out) { negotiation, out in
                out.append(UInt8(ascii: "{"))
                firstString("sopClassUID", negotiation.sopClassUID, &out)
                if let v = negotiation.applicationInformation { string("applicationInformation", v, &out) }
                if let v = negotiation.serviceClassUID { string("serviceClassUID", v, &out) }
                key("relatedGeneralSOPClassUIDs", &out)
                array(negotiation.relatedGeneralSOPClassUIDs, &out) { quoted($0, &$1) }
                out.append(UInt8(ascii: "}"))
            }
            if let identity = e.userIdentity {
                key("userIdentity", &out)
                out.append(UInt8(ascii: "{"))
                firstInt("type", identity.type, &out)
                bool("positiveResponseRequested", identity.positiveResponseRequested, &out)
                string("primaryField", identity.primaryField, &out)
                int("secondaryFieldLength", identity.secondaryFieldLength, &out)
                out.append(UInt8(ascii: "}"))
            }
            findings(e.findings, &out)
            if let deadline = e.deadline { time("deadline", deadline, &out) }
            key("proposal", &out)
            out.append(UInt8(ascii: "{"))
            literal(#""presentationContexts":"#, &out)
            contextDecisions(e.proposal.presentationContexts, &out)
            roleSelections(e.proposal.roleSelections, &out)
            int("maxPDULength", e.proposal.maxPDULength, &out)
            out.append(UInt8(ascii: "}"))
            hex("raw", e.raw, &out)
            time("time", e.time, &out)
            string("state", e.state.description, &out)
            tls(e.tls, &out)
            if e.userIdentity == nil { literal(#","userIdentity":null"#, &out) }
            if e.deadline == nil { literal(#","deadline":null"#, &out) }
            if let v = e.forward { forward(v, &out) }
        case .associationAccepted(let e):
            open("association-accepted", &out)
            int("association", e.association, &out)
            string("decidedBy", e.decidedBy.rawValue, &out)
            key("presentationContexts", &out)
            contextDecisions(e.presentationContexts, &out)
            roleSelections(e.roleSelections, &out)
            int("maxPDULength", e.maxPDULength, &out)
            hex("raw", e.raw, &out)
            time("time", e.time, &out)
            string("state", e.state.description, &out)
            if let v = e.forward { forward(v, &out) }
        case .dimse(let e):
            open("dimse", &out)
            int("association", e.association, &out)
            string("direction", e.direction.rawValue, &out)
            string("command", e.command, &out)
            int("commandField", e.commandField, &out)
            if let v = e.messageID { int("messageID", v, &out) }
            if let v = e.messageIDBeingRespondedTo { int("messageIDBeingRespondedTo", v, &out) }
            int("presentationContext", e.presentationContext, &out)
            if let v = e.affectedSOPClassUID { string("affectedSOPClassUID", v, &out) }
            if let v = e.affectedSOPInstanceUID { string("affectedSOPInstanceUID", v, &out) }
            if let v = e.status { int("status", v, &out) }
            int("bytes", e.bytes, &out)
            if let v = e.durationMilliseconds {
                key("durationMilliseconds", &out)
                number(v, &out)
            }
            time("time", e.time, &out)
            string("state", e.state.description, &out)
            if let v = e.findings { findings(v, &out) }
            if let v = e.dataSet { dataSet(v, &out) }
            if let v = e.identifier { identifier(v, &out) }
            if let v = e.commitment { commitment(v, &out) }
            if let v = e.procedureStep { procedureStep(v, &out) }
            if includesElements, let v = e.elements { elements(v, &out) }
            if includesElements, let v = e.elementsNotListed { int("elementsNotListed", v, &out) }
            if let v = e.leg { string("leg", v.rawValue, &out) }
            if let v = e.responseMilliseconds {
                key("responseMilliseconds", &out)
                number(v, &out)
            }
        case .releaseRequested(let e):
            open("release-requested", &out)
            int("association", e.association, &out)
            time("time", e.time, &out)
            string("state", e.state.description, &out)
        case .released(let e):
            open("released", &out)
            int("association", e.association, &out)
            string("by", e.by.rawValue, &out)
            time("time", e.time, &out)
            string("state", e.state.description, &out)
        case .connectionClosed(let e):
            open("connection-closed", &out)
            int("association", e.association, &out)
            time("time", e.time, &out)
            string("state", e.state.description, &out)
        case .listening(let e):
            open("listening", &out)
            key("addresses", &out)
            array(e.addresses, &out) { quoted($0, &$1) }
            string("aeTitle", e.aeTitle, &out)
            string("policy", e.policy.rawValue, &out)
            bool("tls", e.tls, &out)
            if let v = e.maxAssociations { int("maxAssociations", v, &out) }
            if let v = e.maxPending { int("maxPending", v, &out) }
            if let v = e.maxPerPeer { int("maxPerPeer", v, &out) }
            time("time", e.time, &out)
        case .associationRejected(let e):
            open("association-rejected", &out)
            int("association", e.association, &out)
            string("decidedBy", e.decidedBy.rawValue, &out)
            int("result", e.result, &out)
            int("source", e.source, &out)
            int("reason", e.reason, &out)
            if let v = e.detail { string("detail", v, &out) }
            time("time", e.time, &out)
            string("state", e.state.description, &out)
            if let v = e.forward { forward(v, &out) }
        case .stored(let e):
            open("stored", &out)
            int("association", e.association, &out)
            string("sopClassUID", e.sopClassUID, &out)
            string("sopInstanceUID", e.sopInstanceUID, &out)
            if let v = e.path { string("path", v, &out) }
            int("bytes", e.bytes, &out)
            time("time", e.time, &out)
            string("state", e.state.description, &out)
        case .aborted(let e):
            open("aborted", &out)
            int("association", e.association, &out)
            string("by", e.by.rawValue, &out)
            int("source", e.source, &out)
            int("reason", e.reason, &out)
            if let v = e.detail { string("detail", v, &out) }
            time("time", e.time, &out)
            string("state", e.state.description, &out)
        case .transportFailed(let e):
            open("transport-failed", &out)
            int("association", e.association, &out)
            string("peer", e.peer, &out)
            string("reason", e.reason, &out)
            time("time", e.time, &out)
            string("state", e.state.description, &out)
        case .policyChanged(let e):
            open("policy-changed", &out)
            string("policy", e.policy.rawValue, &out)
            time("time", e.time, &out)
        case .ruleAdded(let e):
            open("rule-added", &out)
            string("rule", e.rule, &out)
            bool("saved", e.saved, &out)
            if let v = e.decidedWaiting { int("decidedWaiting", v, &out) }
            time("time", e.time, &out)
        case .error(let e):
            open("error", &out)
            if let v = e.association { int("association", v, &out) }
            string("message", e.message, &out)
            time("time", e.time, &out)
        case .stopping(let e):
            open("stopping", &out)
            string("reason", e.reason, &out)
            time("time", e.time, &out)
        case .eventsDropped(let e):
            open("events-dropped", &out)
            int("dropped", e.dropped, &out)
            int("limit", e.limit, &out)
            time("since", e.since, &out)
            key("associations", &out)
            array(e.associations, &out) { tally, out in
                out.append(UInt8(ascii: "{"))
                firstInt("association", tally.association, &out)
                int("messages", tally.messages, &out)
                int("bytes", tally.bytes, &out)
                int("notSuccessful", tally.notSuccessful, &out)
                key("commands", &out)
                array(tally.commands, &out) { count, out in
                    out.append(UInt8(ascii: "{"))
                    firstString("command", count.command, &out)
                    int("count", count.count, &out)
                    out.append(UInt8(ascii: "}"))
                }
                out.append(UInt8(ascii: "}"))
            }
            time("time", e.time, &out)
        case .forwardAnswered(let e):
            open("forward-answered", &out)
            int("association", e.association, &out)
            forward(e.forward, &out)
            time("time", e.time, &out)
            string("state", e.state.description, &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    // MARK: - Pieces

    /// `{"event":"<name>"` (names are plain ASCII, no escaping needed).
    static func open(_ name: StaticString, _ out: inout [UInt8]) {
        literal(#"{"event":""#, &out)
        literal(name, &out)
        out.append(UInt8(ascii: "\""))
    }

    /// `,"<key>":` — keys are Swift property names, plain ASCII.
    static func key(_ name: StaticString, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        firstKey(name, &out)
    }

    static func firstKey(_ name: StaticString, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        literal(name, &out)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// Appends the bytes of a literal: a `StaticString`'s buffer is copied at once, where a `String`'s `utf8`
    /// view is appended through a generic sequence copy (this runs several times for every field of every event).
    @inline(__always)
    static func literal(_ text: StaticString, _ out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    static func string(_ name: StaticString, _ value: String, _ out: inout [UInt8]) {
        key(name, &out)
        quoted(value, &out)
    }

    static func firstString(_ name: StaticString, _ value: String, _ out: inout [UInt8]) {
        firstKey(name, &out)
        quoted(value, &out)
    }

    static func int(_ name: StaticString, _ value: Int, _ out: inout [UInt8]) {
        key(name, &out)
        integer(value, &out)
    }

    static func firstInt(_ name: StaticString, _ value: Int, _ out: inout [UInt8]) {
        firstKey(name, &out)
        integer(value, &out)
    }

    /// Bytes as a string of lower-case hex digits.
    static func hex(_ name: StaticString, _ bytes: [UInt8], _ out: inout [UInt8]) {
        key(name, &out)
        out.append(UInt8(ascii: "\""))
        Hex.append(bytes, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    static func bool(_ name: StaticString, _ value: Bool, _ out: inout [UInt8]) {
        key(name, &out)
        literal(value ? "true" : "false", &out)
    }

    static func time(_ name: StaticString, _ value: Date, _ out: inout [UInt8]) {
        key(name, &out)
        out.append(UInt8(ascii: "\""))
        JSONLines.appendTime(value, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    static func tls(_ facts: TLSFacts?, _ out: inout [UInt8]) {
        guard let facts else {
            literal(#","tls":null"#, &out)
            return
        }
        key("tls", &out)
        out.append(UInt8(ascii: "{"))
        firstString("protocol", facts.protocol, &out)
        string("cipherSuite", facts.cipherSuite, &out)
        if let v = facts.peerCertificateSubject { string("peerCertificateSubject", v, &out) }
        if let v = facts.peerCertificateIssuer { string("peerCertificateIssuer", v, &out) }
        if let v = facts.peerCertificateNotAfter { time("peerCertificateNotAfter", v, &out) }
        bool("peerCertificateVerified", facts.peerCertificateVerified, &out)
        out.append(UInt8(ascii: "}"))
    }

    static func findings(_ findings: [FindingSummary], _ out: inout [UInt8]) {
        key("findings", &out)
        array(findings, &out) { finding, out in
            out.append(UInt8(ascii: "{"))
            firstString("code", finding.code, &out)
            string("severity", finding.severity, &out)
            string("message", finding.message, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func dataSet(_ summary: DataSetSummary, _ out: inout [UInt8]) {
        key("dataSet", &out)
        out.append(UInt8(ascii: "{"))
        firstString("read", summary.read, &out)
        if let v = summary.transferSyntax { string("transferSyntax", v, &out) }
        int("bytesRead", summary.bytesRead, &out)
        if let v = summary.specificCharacterSet { string("specificCharacterSet", v, &out) }
        if let v = summary.patientID { string("patientID", v, &out) }
        if let v = summary.patientName { string("patientName", v, &out) }
        if let v = summary.studyDate { string("studyDate", v, &out) }
        if let v = summary.studyDescription { string("studyDescription", v, &out) }
        if let v = summary.modality { string("modality", v, &out) }
        if let v = summary.seriesNumber { string("seriesNumber", v, &out) }
        if let v = summary.instanceNumber { string("instanceNumber", v, &out) }
        if let v = summary.rows { int("rows", v, &out) }
        if let v = summary.columns { int("columns", v, &out) }
        if let v = summary.numberOfFrames { string("numberOfFrames", v, &out) }
        if let v = summary.sopClassUID { string("sopClassUID", v, &out) }
        if let v = summary.sopInstanceUID { string("sopInstanceUID", v, &out) }
        if let v = summary.studyInstanceUID { string("studyInstanceUID", v, &out) }
        if let v = summary.seriesInstanceUID { string("seriesInstanceUID", v, &out) }
        out.append(UInt8(ascii: "}"))
    }

    private static func identifier(_ summary: IdentifierSummary, _ out: inout [UInt8]) {
        key("identifier", &out)
        out.append(UInt8(ascii: "{"))
        var first = true
        func field(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            if first { firstString(name, value, &out) } else { string(name, value, &out) }
            first = false
        }
        field("level", summary.level)
        field("specificCharacterSet", summary.specificCharacterSet)
        if !first { out.append(UInt8(ascii: ",")) }
        literal(#""keys":"#, &out)
        array(summary.keys, &out) { key, out in
            out.append(UInt8(ascii: "{"))
            firstString("tag", key.tag, &out)
            if let v = key.keyword { string("keyword", v, &out) }
            string("vr", key.vr, &out)
            if let v = key.matching { string("matching", v, &out) }
            if let v = key.value { string("value", v, &out) }
            out.append(UInt8(ascii: "}"))
        }
        if let v = summary.keysNotListed { int("keysNotListed", v, &out) }
        out.append(UInt8(ascii: "}"))
    }

    private static func commitment(_ summary: CommitmentSummary, _ out: inout [UInt8]) {
        key("commitment", &out)
        out.append(UInt8(ascii: "{"))
        if let v = summary.transactionUID {
            firstString("transactionUID", v, &out)
            int("referencedInstances", summary.referencedInstances, &out)
        } else {
            firstInt("referencedInstances", summary.referencedInstances, &out)
        }
        if let v = summary.failedInstances { int("failedInstances", v, &out) }
        out.append(UInt8(ascii: "}"))
    }

    private static func procedureStep(_ summary: ProcedureStepSummary, _ out: inout [UInt8]) {
        key("procedureStep", &out)
        out.append(UInt8(ascii: "{"))
        var first = true
        func field(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            if first { firstString(name, value, &out) } else { string(name, value, &out) }
            first = false
        }
        field("status", summary.status)
        field("stepID", summary.stepID)
        field("stepDescription", summary.stepDescription)
        field("startDate", summary.startDate)
        field("startTime", summary.startTime)
        field("endDate", summary.endDate)
        field("endTime", summary.endTime)
        field("performedStationAETitle", summary.performedStationAETitle)
        field("modality", summary.modality)
        field("patientID", summary.patientID)
        field("patientName", summary.patientName)
        out.append(UInt8(ascii: "}"))
    }

    static func roleSelections(_ selections: [RoleSelection], _ out: inout [UInt8]) {
        key("roleSelections", &out)
        array(selections, &out) { role, out in
            out.append(UInt8(ascii: "{"))
            firstString("sopClassUID", role.sopClassUID, &out)
            int("scuRole", role.scuRole, &out)
            int("scpRole", role.scpRole, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func contextDecisions(_ decisions: [ContextDecision], _ out: inout [UInt8]) {
        array(decisions, &out) { decision, out in
            out.append(UInt8(ascii: "{"))
            firstInt("id", decision.id, &out)
            int("result", decision.result, &out)
            if let v = decision.transferSyntax { string("transferSyntax", v, &out) }
            if let v = decision.reason { string("reason", v, &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func array<Element>(_ elements: [Element], _ out: inout [UInt8],
                                       _ body: (Element, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            body(element, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    // MARK: - Scalars

    /// Decimal digits, as `String(value)` writes them.
    static func integer(_ value: Int, _ out: inout [UInt8]) {
        guard value >= 0 else {
            out.append(contentsOf: String(value).utf8)
            return
        }
        if value < 10 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 19 digits of Int.max
        var remaining = UInt64(value)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while remaining > 0 {
                let (quotient, digit) = remaining.quotientAndRemainder(dividingBy: 10)
                buffer[23 - count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: digit)
                remaining = quotient
                count += 1
            }
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Whole numbers without a fraction, others as Swift's shortest description; `null` when not finite.
    static func number(_ value: Double, _ out: inout [UInt8]) {
        guard value.isFinite else {
            literal("null", &out)
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            let whole = Int64(value)
            if whole >= 0 { integer(Int(whole), &out) } else { out.append(contentsOf: String(whole).utf8) }
            return
        }
        out.append(contentsOf: "\(value)".utf8)
    }

    /// A JSON string (RFC 8259 §7): quote, backslash, \n \r \t escaped, other controls as `\u00xx`; everything
    /// else, non-ASCII included, as its UTF-8 bytes.
    static func quoted(_ string: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                start = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
