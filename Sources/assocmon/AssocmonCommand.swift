import ArgumentParser

@main
struct AssocmonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assocmon",
        abstract: "A DICOM SCP that shows incoming associations live and lets you accept or reject each one.",
        version: "0.1.0"
    )

    func run() throws {
        print("assocmon 0.1.0")
    }
}
