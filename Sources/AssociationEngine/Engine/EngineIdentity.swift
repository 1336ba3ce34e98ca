/// assocmon's identity in the A-ASSOCIATE-AC (PS3.7 D.3.3.2 Implementation Class UID, D.3.3.3 Version Name).
enum EngineIdentity {
    static let implementationClassUID = "2.25.66069511322604577876188499791164727017"
    /// 1–16 characters of ISO 646 (PROTOCOL.md pitfall 3).
    static let implementationVersionName = "ASSOCMON_0.1"
}
