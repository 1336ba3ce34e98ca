import DICOMUpperLayer

/// Where tap mode forwards an association (`--forward HOST:PORT`, `--forward-called-ae AE`, or a rules-file
/// `forward HOST:PORT [called-ae AE]`): the upstream SCP, and the Called AE Title to send it instead of the
/// requestor's (PS3.8 §9.3.2, bytes 11–26), if any.
public struct ForwardTarget: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// Replaces the requestor's Called AE Title upstream; `nil` keeps it unchanged.
    public var calledAETitle: String?

    public init(host: String, port: Int, calledAETitle: String? = nil) {
        self.host = host; self.port = port; self.calledAETitle = calledAETitle
    }

    /// Reads `HOST:PORT` (`[v6-address]:PORT` for IPv6); `nil` without a host or with a port outside 1…65535.
    public init?(address: String, calledAETitle: String? = nil) {
        let host: Substring
        let portText: Substring
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            host = address[address.index(after: address.startIndex)..<close]
            let rest = address[address.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = address.lastIndex(of: ":") else { return nil }
            host = address[..<colon]
            portText = address[address.index(after: colon)...]
            guard !host.contains(":") else { return nil }
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" }),
              portText.count <= 5, portText.allSatisfy(\.isASCIIDigit), let port = Int(portText),
              (1...65_535).contains(port) else { return nil }
        self.init(host: String(host), port: port, calledAETitle: calledAETitle)
    }

    /// `host:port` (`[v6]:port`), as the `forward` object's `address` writes it.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The rules-file form: `forward HOST:PORT` and ` called-ae AE` when the called AE title is rewritten.
    public var description: String {
        guard let calledAETitle else { return "forward \(address)" }
        let needsQuotes = calledAETitle.isEmpty || calledAETitle.contains(where: { $0 == " " || $0 == "\"" || $0 == "#" })
        let quoted = "\"" + calledAETitle.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return "forward \(address) called-ae \(needsQuotes ? quoted : calledAETitle)"
    }
}
