/// Command line of `assocmon-load`: a mode, then `--name value` options. Every count and size is bounded so a
/// typo cannot start an endless run.
struct LoadOptions {
    enum Mode: String, CaseIterable { case associations, echo, store, hold }

    var mode: Mode
    var port: UInt16 = 0
    var count = 1000
    var bytes = 1 << 20
    var pdu: UInt32 = 262_144
    var timeoutSeconds = 60
    var holdSeconds = 1
    /// C-ECHOs in each association of `associations` (0: association and release only).
    var echoes = 0
    var parallel = 1
    /// `associations` paced to this many starts per minute (0: as fast as they go).
    var perMinute = 0
    var calledAETitle = "BENCHSCP"
    var callingAETitle = "ASSOCMONLOAD"

    static let usage = """
        usage: assocmon-load MODE --port P [options]     (always to 127.0.0.1)
          associations --count N [--echoes E] [--parallel P] [--per-minute R]
                                        N associations (RQ, AC, E C-ECHOs, RELEASE-RQ, RP, close), P at a
                                        time, at most R started per minute -> assoc/s
          echo --count N                one association, N C-ECHO round trips -> echoes/s
          store --bytes B --count N [--pdu L]
                                        one association, N C-STOREs of a ~B-byte data set, then its release
                                        -> MB/s (10^6 B/s)
          hold --count N [--hold-seconds S]
                                        N associations open at once, held S s, then one C-ECHO on each, then
                                        all released
        options: --timeout S (socket timeout, default 60), --called-ae AE (default BENCHSCP),
                 --calling-ae AE (default ASSOCMONLOAD), --pdu L (our Maximum Length and the cap on what we
                 send, default 262144; the server's own Maximum Length also applies)
        """

    static let limits: [Mode: ClosedRange<Int>] = [
        .associations: 1...200_000, .echo: 1...2_000_000, .store: 1...100_000, .hold: 1...10_000,
    ]

    init(arguments: [String]) throws(LoadError) {
        guard let first = arguments.first, let mode = Mode(rawValue: first) else {
            throw .usage(Self.usage)
        }
        self.mode = mode
        var index = 1
        func value(_ name: String) throws(LoadError) -> String {
            guard index + 1 < arguments.count else { throw .usage("\(name) needs a value\n\(Self.usage)") }
            index += 1
            return arguments[index]
        }
        func integer(_ name: String, _ range: ClosedRange<Int>) throws(LoadError) -> Int {
            let text = try value(name)
            guard let number = Int(text), range.contains(number) else {
                throw .usage("\(name) \(text): expected an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        while index < arguments.count {
            let name = arguments[index]
            switch name {
            case "--port": port = UInt16(try integer(name, 1...65_535))
            case "--count": count = try integer(name, Self.limits[mode] ?? 1...1)
            case "--bytes": bytes = try integer(name, 2...4_000_000_000)
            case "--pdu": pdu = UInt32(try integer(name, 4096...16_777_216))
            case "--timeout": timeoutSeconds = try integer(name, 1...3600)
            case "--hold-seconds": holdSeconds = try integer(name, 0...600)
            case "--echoes": echoes = try integer(name, 0...1000)
            case "--parallel": parallel = try integer(name, 1...256)
            case "--per-minute": perMinute = try integer(name, 1...10_000_000)
            case "--called-ae": calledAETitle = try value(name)
            case "--calling-ae": callingAETitle = try value(name)
            case "-h", "--help": throw .usage(Self.usage)
            default: throw .usage("unknown option \(name)\n\(Self.usage)")
            }
            index += 1
        }
        guard port != 0 else { throw .usage("--port is required\n\(Self.usage)") }
    }
}
