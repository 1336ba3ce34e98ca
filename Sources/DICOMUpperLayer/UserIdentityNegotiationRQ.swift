/// User Identity Negotiation sub-item 0x58 of the A-ASSOCIATE-RQ (PS3.7 Annex D.3.3.7.1).
///
/// The secondary field (passcode) is never shown by `description`.
public struct UserIdentityNegotiationRQ: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// User-Identity-Type values (PS3.7 Table D.3-14).
    public enum IdentityType {
        public static let username: UInt8 = 1
        public static let usernameAndPasscode: UInt8 = 2
        public static let kerberos: UInt8 = 3
        public static let saml: UInt8 = 4
        public static let jwt: UInt8 = 5
    }

    public var userIdentityType: UInt8
    /// 1 = the requestor wants a server response (sub-item 0x59 in the AC).
    public var positiveResponseRequested: UInt8
    public var primaryField: [UInt8]
    /// Passcode for type 2, empty otherwise.
    public var secondaryField: [UInt8]

    public init(userIdentityType: UInt8, positiveResponseRequested: Bool, primaryField: [UInt8],
                secondaryField: [UInt8] = []) {
        self.userIdentityType = userIdentityType
        self.positiveResponseRequested = positiveResponseRequested ? 1 : 0
        self.primaryField = primaryField
        self.secondaryField = secondaryField
    }

    /// Username (type 1) or username and passcode (type 2), UTF-8.
    public init(username: String, passcode: String? = nil, positiveResponseRequested: Bool = false) {
        self.init(userIdentityType: passcode == nil ? IdentityType.username : IdentityType.usernameAndPasscode,
                  positiveResponseRequested: positiveResponseRequested, primaryField: Array(username.utf8),
                  secondaryField: passcode.map { Array($0.utf8) } ?? [])
    }

    /// Type name as PS3.7 Table D.3-14 gives it.
    public var typeName: String {
        switch userIdentityType {
        case 1: "username"
        case 2: "username and passcode"
        case 3: "Kerberos service ticket"
        case 4: "SAML assertion"
        case 5: "JSON web token"
        default: "unknown type \(userIdentityType)"
        }
    }

    /// The primary field as text for types 1 and 2; nil for binary tokens.
    public var username: String? {
        userIdentityType <= 2 ? String(decoding: primaryField, as: UTF8.self) : nil
    }

    public var description: String {
        let primary = username.map { "\"\($0)\"" } ?? "\(primaryField.count) bytes"
        let secret = secondaryField.isEmpty ? "" : ", passcode <\(secondaryField.count) bytes hidden>"
        return "user identity \(typeName): \(primary)\(secret)"
            + (positiveResponseRequested != 0 ? ", response requested" : "")
    }
}
