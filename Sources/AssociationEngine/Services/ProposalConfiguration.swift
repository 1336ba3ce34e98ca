import DICOMUpperLayer
import Foundation

/// What assocmon offers in association negotiation: the command-line options that shape the proposal
/// (`--max-pdu`, `--accept-unknown-sop-classes`, `--accept-unknown-transfer-syntaxes`, `--prefer-ts`) and our
/// implementation identity.
public struct ProposalConfiguration: Sendable, Equatable {
    /// Our Maximum Length (PS3.8 D.1): the largest P-DATA-TF PDU-length we receive. Never 0, which PS3.8 D.1 reads
    /// as "unlimited" and some peers mishandle; a 0 here is sent as `defaultMaxPDULength`.
    public var maxPDULength: UInt32
    /// Accept abstract syntaxes the UID dictionary does not know (private SOP classes) and
    /// store them like any storage SOP class.
    public var acceptUnknownSOPClasses: Bool
    /// Accept, for storage, transfer syntax UIDs the dictionary does not know (private syntaxes captured bit for
    /// bit). Off by default: an SCP accepts only the transfer syntaxes it supports (PS3.8 §9.3.3.2).
    public var acceptUnknownTransferSyntaxes: Bool
    /// Our transfer syntax preference (`--prefer-ts`); empty = the SCU's order.
    public var preferredTransferSyntaxes: [String]
    public var implementationClassUID: String
    public var implementationVersionName: String
    /// Accept the query SOP classes assocmon answers (`FindService.sopClasses`); off with `--no-queries`.
    public var acceptsQueries: Bool

    /// 262144, the `--max-pdu` default.
    public static let defaultMaxPDULength: UInt32 = 262_144

    public init(maxPDULength: UInt32 = ProposalConfiguration.defaultMaxPDULength,
                acceptUnknownSOPClasses: Bool = false, acceptUnknownTransferSyntaxes: Bool = false,
                preferredTransferSyntaxes: [String] = [],
                implementationClassUID: String = AssocmonImplementation.classUID,
                implementationVersionName: String = AssocmonImplementation.versionName,
                acceptsQueries: Bool = true) {
        self.acceptsQueries = acceptsQueries
        self.maxPDULength = maxPDULength
        self.acceptUnknownSOPClasses = acceptUnknownSOPClasses
        self.acceptUnknownTransferSyntaxes = acceptUnknownTransferSyntaxes
        self.preferredTransferSyntaxes = preferredTransferSyntaxes
        self.implementationClassUID = implementationClassUID
        self.implementationVersionName = implementationVersionName
    }

    /// Parses a `--prefer-ts` value: comma-separated transfer syntax UIDs or PS3.6 keywords
    /// (`ExplicitVRLittleEndian,1.2.840.10008.1.2.4.70`), blanks around entries ignored, keywords turned into UIDs.
    /// A UID must be syntactically valid (PS3.5 §9.1) and, if the dictionary knows it, be a transfer syntax.
    public static func transferSyntaxes(parsing list: String) throws(ProposalError) -> [String] {
        var result: [String] = []
        for raw in list.split(separator: ",") {
            let token = raw.trimmingCharacters(in: .whitespaces)
            if token.isEmpty { continue }
            if let entry = UIDDictionary.transferSyntaxes.first(where: { $0.keyword == token }) {
                result.append(entry.uid)
            } else if UIDSyntax.isValid(token),
                      UIDDictionary.entry(for: token).map({ $0.type == .transferSyntax }) ?? true {
                result.append(token)
            } else {
                throw ProposalError(.invalidTransferSyntaxOption(token))
            }
        }
        return result
    }
}
