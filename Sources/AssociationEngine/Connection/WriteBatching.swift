/// How writes made while a read is processed are flushed: together at the end of the read (one `writev(2)` for
/// everything the read caused), or as soon as this many bytes wait. One read can be up to 16 socket reads of a
/// whole PDU each (NIO's `maxMessagesPerRead`): in tap mode, holding everything relayed until that read completes
/// made assocmon store and forward whole data sets while the receiving SCP waited idle; flushing every 64 KiB
/// keeps both legs streaming at once (500 × 512 KiB through the tap to storescp: about 390 → 455 MB/s).
enum WriteBatching {
    static let flushThreshold = 65_536
}
