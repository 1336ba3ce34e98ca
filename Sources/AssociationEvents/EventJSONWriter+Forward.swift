extension EventJSONWriter {
    /// `,"forward":{…}`: the upstream leg of a tapped association, its answer as an object named by `"state"`,
    /// and `"tls":null` over plain TCP (as the requestor leg's `tls`); `"raw"`, the upstream's AC or RJ PDU as hex,
    /// once it answered.
    static func forward(_ forward: Forward, _ out: inout [UInt8]) {
        key("forward", &out)
        out.append(UInt8(ascii: "{"))
        firstString("address", forward.address, &out)
        string("callingAETitle", forward.callingAETitle, &out)
        string("calledAETitle", forward.calledAETitle, &out)
        key("answer", &out)
        upstreamAnswer(forward.answer, &out)
        if let v = forward.answerMilliseconds {
            key("answerMilliseconds", &out)
            number(v, &out)
        }
        tls(forward.tls, &out)
        if let raw = forward.raw { hex("raw", raw, &out) }
        out.append(UInt8(ascii: "}"))
    }

    static func upstreamAnswer(_ answer: UpstreamAnswer, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        firstString("state", answer.stateName, &out)
        switch answer {
        case .connecting, .timedOut:
            break
        case .accepted(let ac):
            key("presentationContexts", &out)
            contextDecisions(ac.presentationContexts, &out)
            roleSelections(ac.roleSelections, &out)
            int("maxPDULength", ac.maxPDULength, &out)
            if let v = ac.implementationClassUID { string("implementationClassUID", v, &out) }
            if let v = ac.implementationVersionName { string("implementationVersionName", v, &out) }
            if let v = ac.maxOperationsInvoked { int("maxOperationsInvoked", v, &out) }
            if let v = ac.maxOperationsPerformed { int("maxOperationsPerformed", v, &out) }
        case .rejected(let result, let source, let reason):
            int("result", result, &out)
            int("source", source, &out)
            int("reason", reason, &out)
        case .unreachable(let detail):
            string("detail", detail, &out)
        case .aborted(let source, let reason):
            int("source", source, &out)
            int("reason", reason, &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
