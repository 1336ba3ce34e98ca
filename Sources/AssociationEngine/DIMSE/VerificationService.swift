import DICOMUpperLayer

/// The Verification service class (PS3.4 Annex A): every C-ECHO-RQ is answered Success (PS3.7 §9.3.5).
final class VerificationService: DIMSEService {
    func serves(_ field: CommandField) -> Bool { field == .cEchoRQ }

    func dataSetSink(for command: DIMSECommand, context: NegotiatedAssociation.Context,
                     association: NegotiatedAssociation) -> (any DataSetSink)? { nil }

    func answer(_ command: DIMSECommand, sink: (any DataSetSink)?,
                _ answer: @escaping @Sendable (DIMSEAnswer) -> Void) {
        answer(DIMSEAnswer(status: .success))
    }
}
