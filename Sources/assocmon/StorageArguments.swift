import ArgumentParser
import AssociationEngine

/// Where received C-STORE data sets go.
struct StorageArguments: ParsableArguments {
    @Option(name: .customLong("storage-dir"), help: "Where received objects are written.")
    var storageDir: String = "received"

    @Flag(name: .customLong("no-store"), help: "Count received data sets, write nothing (default: off).")
    var noStore = false

    func apply(to options: inout EngineOptions) {
        options.storageDirectory = storageDir
        options.noStore = noStore
    }
}
