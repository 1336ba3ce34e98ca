/// assocmon's own identity in association negotiation (PS3.7 D.3.3.2, D.3.3.3) and in Part-10 file meta
/// information (PS3.10 §7.1, (0002,0012) and (0002,0013)).
///
/// The class UID lives under the `2.25` root (PS3.5 §B.2: a UUID written as one decimal integer), generated once
/// and fixed here, so no organisation root needs to be registered. Bump `versionName` with every release whose
/// behaviour a peer could notice; it must stay 1–16 characters of ISO 646 (longer names
/// silently break some peers).
public enum AssocmonImplementation {
    /// Implementation Class UID, sent in every A-ASSOCIATE-AC (item 0x52) and written to (0002,0012).
    public static let classUID = "2.25.66069511322604577876188499791164727017"
    /// Implementation Version Name, sent in every A-ASSOCIATE-AC (item 0x55) and written to (0002,0013).
    public static let versionName = "ASSOCMON_0.1"
}
