import DICOMUpperLayer

extension MessageReassemblerError {
    /// A PDV on a presentation context that was not accepted (issue 3: such a message gets an A-ABORT).
    var isUnknownContext: Bool {
        if case .unknownPresentationContext = self { true } else { false }
    }
}
