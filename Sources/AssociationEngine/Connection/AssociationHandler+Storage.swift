import DICOMUpperLayer

extension AssociationHandler {
    /// The sink for one C-STORE data set: counted and dropped with `--no-store`.
    func makeStoreSink(for command: DIMSECommand, context: NegotiatedAssociation.Context) -> any DataSetSink {
        DiscardingSink()
    }
}
