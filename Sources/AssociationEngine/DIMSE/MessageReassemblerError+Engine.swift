import DICOMUpperLayer

extension MessageReassemblerError {
    /// A PDV on a presentation context that was not accepted.
    var isUnknownContext: Bool {
        if case .unknownPresentationContext = self { true } else { false }
    }
}
