import DICOMUpperLayer

/// The Storage service class (PS3.4 Annex B) as SCP: each C-STORE-RQ's data set streams into a Part-10 file under
/// `--storage-dir` (`StorageWriter`), or is counted and dropped with `--no-store`; the C-STORE-RSP (PS3.7 §9.3.1)
/// goes out once the file is complete, with the writer's status if it failed.
final class StorageService: DIMSEService {
    private let storage: StorageWriter?

    /// `storage` nil or discarding: `--no-store`.
    init(storage: StorageWriter?) {
        self.storage = storage
    }

    func serves(_ field: CommandField) -> Bool { field == .cStoreRQ }

    func dataSetSink(for command: DIMSECommand, context: NegotiatedAssociation.Context,
                     association: NegotiatedAssociation) -> (any DataSetSink)? {
        guard let storage, !storage.isDiscarding else { return DiscardingSink() }
        let session = storage.startSession(
            callingAETitle: association.callingAETitle, sopClassUID: command.affectedSOPClassUID ?? "",
            sopInstanceUID: command.affectedSOPInstanceUID ?? "", transferSyntaxUID: context.transferSyntax)
        return StoreSessionSink(session: session)
    }

    func answer(_ command: DIMSECommand, sink: (any DataSetSink)?,
                _ answer: @escaping @Sendable (DIMSEAnswer) -> Void) {
        guard let sink else {
            // A C-STORE-RQ that announced no data set (0x0101): nothing to store.
            return answer(DIMSEAnswer(status: .dataSetDoesNotMatchSOPClass, comment: "C-STORE-RQ without a data set"))
        }
        sink.finish { result in
            switch result {
            case .success(let stored):
                answer(DIMSEAnswer(status: .success, stored: stored))
            case .failure(let failure):
                answer(DIMSEAnswer(status: DIMSEStatus(rawValue: failure.status), comment: failure.message))
            }
        }
    }
}
