/// Which leg of a tapped association a relayed DIMSE message came from (the `dimse` event's `leg`): the requestor
/// that connected to assocmon, or the upstream SCP assocmon forwards to. Absent on associations assocmon answers
/// itself.
public enum DIMSELeg: String, Sendable, Decodable, Equatable, CaseIterable {
    /// Sent by the requestor (the modality side) and relayed upstream.
    case requestor
    /// Sent by the upstream SCP (the PACS side) and relayed to the requestor.
    case upstream
}
