import DICOMUpperLayer

/// The ranges every option must lie in, and the check that enforces them. `AssociationEngine.start()` refuses
/// options outside them (so no API caller can make an event loop trap converting a timeout to nanoseconds); the
/// `assocmon` command runs the same check before anything starts and shows the ranges in `--help`.
extension EngineOptions {
    /// Decision timeout and ARTIM, seconds: a millisecond to a day. PS3.8 §9.1.5 leaves ARTIM's value to the
    /// implementation; a day is far beyond any requestor's own ACSE timeout (30 s for DCMTK and pynetdicom).
    public static let timeoutRange: ClosedRange<Double> = 0.001...86_400
    /// Graceful-stop grace for running C-STOREs, seconds.
    public static let shutdownGraceRange: ClosedRange<Double> = 0...3_600
    /// TCP ports (0 picks a free one).
    public static let portRange: ClosedRange<Int> = 0...65_535
    /// Maximum Length we advertise (PS3.8 D.1): at least 4096 (DCMTK's minimum), at most 2³¹−1; never 0
    /// ("unlimited"), which older peers mishandle.
    public static let maxPDULengthRange: ClosedRange<Int> = 4_096...0x7FFF_FFFF
    /// `maxAssociations`, `maxPending` and `maxPerPeer`: each connection holds a file descriptor.
    public static let connectionLimitRange: ClosedRange<Int> = 1...100_000

    /// Every problem with these options, one sentence each naming the command-line option; empty when all are
    /// usable.
    public var problems: [String] {
        var problems: [String] = []
        func seconds(_ value: Double, _ option: String, _ range: ClosedRange<Double>) {
            guard !(value.isFinite && range.contains(value)) else { return }
            problems.append("\(option) must be a number of seconds in \(Self.format(range)), not \(value)")
        }
        func integer(_ value: Int, _ option: String, _ range: ClosedRange<Int>) {
            guard !range.contains(value) else { return }
            problems.append("\(option) must be in \(range.lowerBound)…\(range.upperBound), not \(value)")
        }
        seconds(decisionTimeout, "--decision-timeout", Self.timeoutRange)
        seconds(artimTimeout, "--artim-timeout", Self.timeoutRange)
        seconds(forwardTimeout, "--forward-timeout", Self.timeoutRange)
        seconds(shutdownGrace, "the shutdown grace", Self.shutdownGraceRange)
        integer(port, "--port", Self.portRange)
        if let tls { integer(tls.port, "--tls-port", Self.portRange) }
        integer(maxPDULength, "--max-pdu", Self.maxPDULengthRange)
        integer(maxAssociations, "--max-associations", Self.connectionLimitRange)
        integer(maxPending, "--max-pending", Self.connectionLimitRange)
        integer(maxPerPeer, "--max-per-peer", Self.connectionLimitRange)
        if let problem = AETitleSyntax.problem(aeTitle) {
            problems.append("--ae-title \"\(aeTitle)\" \(problem) (PS3.5 AE value representation)")
        }
        if forwardTLS != nil, forward == nil, rulesFile == nil {
            problems.append("--forward-tls needs --forward (or a --rules file with forward actions)")
        }
        if let forwardTLS, (forwardTLS.certificatePath == nil) != (forwardTLS.privateKeyPath == nil) {
            problems.append("--forward-cert and --forward-key go together")
        }
        if bindHost.isEmpty { problems.append("--bind needs an address, e.g. 0.0.0.0 or 127.0.0.1") }
        if !noStore, storageDirectory.isEmpty { problems.append("--storage-dir needs a directory") }
        return problems
    }

    /// Throws the first problem as `EngineError.invalidOption`.
    public func validate() throws(EngineError) {
        if let problem = problems.first { throw .invalidOption(problem) }
    }

    /// `0.001…86400` as written in messages and `--help`.
    public static func format(_ range: ClosedRange<Double>) -> String {
        "\(format(range.lowerBound))…\(format(range.upperBound))"
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
