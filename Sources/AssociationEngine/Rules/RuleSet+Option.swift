import Foundation

extension RuleSet {
    /// The rules of `--rules PATH`: the file's rules, or no rules when the file does not exist yet (`save-rules`
    /// creates it) in a directory that does. Throws `EngineError.invalidOption` with a sentence naming the option
    /// when the file cannot be read or parsed, or could never be saved; the engine refuses to start with it, and
    /// the `assocmon` command checks it before anything starts.
    public static func forRulesOption(_ path: String) throws(EngineError) -> RuleSet {
        if !FileManager.default.fileExists(atPath: path) {
            let directory = (path as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            guard directory.isEmpty
                || (FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
                    && isDirectory.boolValue) else {
                throw .invalidOption("cannot use --rules \(path): the directory \(directory) does not exist, so "
                    + "the file can neither be read nor saved")
            }
            return RuleSet()
        }
        do {
            return try RuleSet.load(from: path)
        } catch {
            throw .invalidOption("cannot use --rules \(path): \(error)")
        }
    }
}
