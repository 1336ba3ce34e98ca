import CLibFuzzer

/// Runs libFuzzer's loop on `callback`. SwiftPM links an executable target's entry point under the name
/// `<module>_main`, which a `-parse-as-library` module does not define, so each target defines that symbol and
/// hands over to libFuzzer's driver here (in place of libFuzzer's own `main`).
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
