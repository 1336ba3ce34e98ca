import ArgumentParser
import AssociationEngine

/// Where received C-STORE data sets go.
struct StorageArguments: ParsableArguments {
    @Option(name: .customLong("storage-dir"), help: "Where received objects are written.")
    var storageDir: String = "received"

    @Flag(name: .customLong("no-store"), help: "Count received data sets, write nothing (default: off).")
    var noStore = false

    @Option(name: .customLong("sync"),
            help: ArgumentHelp("When stored files reach stable storage: release (before the A-RELEASE-RP), each "
                + "(before every C-STORE-RSP) or none (never forced, like storescp) (default: release)."))
    var sync: StorageSyncMode = .release

    func apply(to options: inout EngineOptions) {
        options.storageDirectory = storageDir
        options.noStore = noStore
        options.storageSync = sync
    }
}

extension StorageSyncMode: ExpressibleByArgument {}
