/// When a stored Part-10 file is made durable (`--sync`), that is, forced from the page cache to stable storage.
///
/// PS3.4 §B.2.3 leaves it to the SCP what "stored" means when it answers a C-STORE-RSP 0x0000. Every mode links a
/// file into place only complete (temporary file, then a link) and before the C-STORE-RSP, so a crash of the
/// process never loses an acknowledged file; the modes differ in what survives a power loss.
public enum StorageSyncMode: String, Sendable, Equatable, CaseIterable {
    /// A background flusher makes stored files durable continuously (at most about a second behind), and the
    /// A-RELEASE-RP (PS3.8 §7.2) is sent only once everything the association stored is on stable storage: a
    /// requestor that saw its release answered has lost nothing, even on power loss.
    case release
    /// Every file and its directory entry are `fsync`ed before its C-STORE-RSP.
    case each
    /// Never flushed by assocmon (the kernel writes the page cache back in its own time), like DCMTK's storescp.
    case none
}
