import ArgumentParser
import AssociationEngine

/// The queries assocmon answers: Query/Retrieve – FIND from what it stored, Modality Worklist – FIND from a folder.
struct QueryArguments: ParsableArguments {
    @Flag(name: .customLong("no-queries"),
          help: ArgumentHelp("Reject Query/Retrieve and Modality Worklist FIND contexts (result 3) instead of "
              + "answering them (default: off)."))
    var noQueries = false

    @Option(name: .customLong("worklist"),
            help: ArgumentHelp("Folder of Modality Worklist items, one DICOM Part-10 file or DICOM JSON (*.json) "
                + "each, read again when it "
                + "changes; none or a missing folder answers no matches (default: none).", valueName: "dir"))
    var worklist: String?

    func apply(to options: inout EngineOptions) {
        options.answersQueries = !noQueries
        options.worklistDirectory = worklist
    }
}
