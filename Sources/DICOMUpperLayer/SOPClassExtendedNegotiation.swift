/// SOP Class Extended Negotiation sub-item 0x56 (PS3.7 Annex D.3.3.5).
///
/// The service-class application information runs to the end of the sub-item; it has no own length field
/// (dicom-rs#725). Its meaning depends on the service class (PS3.4), so it is kept as bytes.
public struct SOPClassExtendedNegotiation: Sendable, Equatable, Hashable {
    public var sopClassUID: String
    public var serviceClassApplicationInformation: [UInt8]

    public init(sopClassUID: String, serviceClassApplicationInformation: [UInt8]) {
        self.sopClassUID = sopClassUID
        self.serviceClassApplicationInformation = serviceClassApplicationInformation
    }
}
