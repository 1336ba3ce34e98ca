import Foundation
import Glibc

// assocmon-load: the same plain blocking-socket DICOM requestor against any SCP, for side-by-side figures.
// Build with `swift build -c release --product assocmon-load`; scripts/bench-peers.sh drives it.

#if DEBUG
FileHandle.standardError.write(Data("assocmon-load: warning: debug build; figures are meaningless (use -c release)\n".utf8))
#endif

// Many sockets in `hold`: raise the soft descriptor limit to the hard one.
var descriptorLimit = rlimit()
if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptorLimit) == 0, descriptorLimit.rlim_cur < descriptorLimit.rlim_max {
    descriptorLimit.rlim_cur = descriptorLimit.rlim_max
    _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptorLimit)
}

do {
    let options = try LoadOptions(arguments: Array(CommandLine.arguments.dropFirst()))
    var report = try LoadModes.run(options)
    // The client's own CPU time (user + system, all threads), so a reader sees it is not the bottleneck.
    var usage = rusage()
    if getrusage(Int32(RUSAGE_SELF.rawValue), &usage) == 0 {
        let micros = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000
            + Int(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        report.add("client_cpu_ms", micros / 1000)
    }
    print(report.line)
} catch {
    FileHandle.standardError.write(Data("assocmon-load: \(error.description)\n".utf8))
    exit(error.isUsage ? 2 : 1)
}

extension LoadError {
    var isUsage: Bool { if case .usage = self { true } else { false } }
}
