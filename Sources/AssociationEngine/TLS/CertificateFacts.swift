import Foundation
import NIOSSL

/// The facts about an X.509 certificate that events and the failure classifier use: names as one-line strings,
/// validity as dates. A value, so the classifier can be tested without certificates.
public struct CertificateFacts: Sendable, Equatable {
    public var subject: String
    public var issuer: String
    public var notBefore: Date
    public var notAfter: Date

    public init(subject: String, issuer: String, notBefore: Date, notAfter: Date) {
        self.subject = subject; self.issuer = issuer; self.notBefore = notBefore; self.notAfter = notAfter
    }

    public init(_ certificate: NIOSSLCertificate) {
        self.subject = Self.distinguishedName(certificate.subjectName)
        self.issuer = Self.distinguishedName(certificate.issuerName)
        self.notBefore = Date(timeIntervalSince1970: TimeInterval(certificate.notValidBefore))
        self.notAfter = Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
    }

    /// A distinguished name in certificate order, `C=DE, O=Radiology, CN=MODALITY1` — the order and short
    /// attribute names `openssl x509 -subject` prints, so a site can copy a subject from either into a rule.
    /// Attribute types swift-nio-ssl cannot name are left out.
    static func distinguishedName(_ names: [SSLCertificateName]) -> String {
        names.compactMap { name -> String? in
            guard let label = label(name.type) else { return nil }
            return "\(label)=\(name.value)"
        }.joined(separator: ", ")
    }

    private static func label(_ type: SSLCertificateNameType) -> String? {
        switch type {
        case .country: "C"
        case .state: "ST"
        case .city: "L"
        case .organization: "O"
        case .organizationalUnit: "OU"
        case .commonName: "CN"
        case .emailAddress: "emailAddress"
        case .userId: "UID"
        default: nil
        }
    }
}
