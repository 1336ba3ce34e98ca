/// How strictly values are checked before they are put on the wire.
///
/// `.strict` is what assocmon sends: PS3.8 / PS3.7 rules enforced ("strict on send"). `.unchecked` is for the
/// test client that must send deliberately odd PDUs (even presentation context IDs, long version names):
/// only what cannot be represented at all (a value longer than its length field) is refused.
public enum EncodingMode: Sendable, Equatable {
    case strict
    case unchecked
}
