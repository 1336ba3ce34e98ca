import Foundation

#if FUZZING
/// libFuzzer's driver (`int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*)(const uint8_t *, size_t))`).
/// SwiftPM gives an executable its own entry symbol, so libFuzzer's `main` is not used: `FuzzMain` hands over.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// One input, as libFuzzer calls it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.selected.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// Built by scripts/fuzz.sh with `-sanitize=fuzzer,address -DFUZZING`; the target comes from
/// `ASSOCMON_FUZZ_TARGET`.
@main
enum FuzzMain {
    static func main() {
        _ = FuzzTarget.selected
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
    }
}

extension FuzzTarget {
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["ASSOCMON_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("ASSOCMON_FUZZ_TARGET must be one of \(allCases.map(\.rawValue))\n".utf8))
            exit(2)
        }
        return target
    }()
}
#else
/// Without libFuzzer: `assocmon-fuzz TARGET FILE...` runs each file through the target once (replays a corpus or a
/// crash input in an ordinary build).
@main
enum FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: assocmon-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                exit(1)
            }
            data.withUnsafeBytes { target.run($0) }
            count += 1
        }
        print("\(target.rawValue): \(count) input(s), no crash")
    }
}
#endif
