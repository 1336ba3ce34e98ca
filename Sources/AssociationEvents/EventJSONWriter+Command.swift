extension EventJSONWriter {
    /// Appends `command` as one JSON object (no newline): `{"command":"<name>"` and its fields in the order the
    /// README shows them; `remember` only when true.
    static func append(_ command: EngineCommand, to out: inout [UInt8]) {
        literal(#"{"command":"#, &out)
        quoted(command.name, &out)
        switch command {
        case .accept(let association, let contexts, let roles, let remember):
            int("association", association, &out)
            if let contexts {
                key("presentationContexts", &out)
                contextDecisions(contexts, &out)
            }
            if let roles { roleSelections(roles, &out) }
            if remember { bool("remember", true, &out) }
        case .reject(let association, let result, let source, let reason, let remember):
            int("association", association, &out)
            int("result", result, &out)
            int("source", source, &out)
            int("reason", reason, &out)
            if remember { bool("remember", true, &out) }
        case .abort(let association):
            int("association", association, &out)
        case .setPolicy(let policy):
            string("policy", policy.rawValue, &out)
        case .saveRules, .shutdown:
            break
        }
        out.append(UInt8(ascii: "}"))
    }
}
