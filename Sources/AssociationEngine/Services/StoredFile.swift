/// The outcome of one successful C-STORE write.
public struct StoredFile: Sendable, Equatable {
    /// Where the Part-10 file now lives: `<storage-dir>/<calling AE>/<SOP instance UID>[.n].dcm`, spelled from the
    /// storage directory as configured (relative if it was given relative). `nil` in `--no-store` mode.
    public var path: String?
    public var sopClassUID: String
    public var sopInstanceUID: String
    /// Data set bytes received (exactly the bytes of the data set PDV fragments).
    public var dataSetBytes: Int
    /// Size of the file on disk: preamble, `DICM`, group 0002 and the data set. Equals `dataSetBytes` with
    /// `--no-store`.
    public var fileBytes: Int
    /// With `StorageSyncMode.release`: the file is on stable storage once `DurabilityFlusher.whenDurable` of this
    /// ticket reports it. 0 when there is nothing to wait for (`each`: already durable; `none`; `--no-store`).
    public var durabilityTicket: UInt64

    public init(path: String?, sopClassUID: String, sopInstanceUID: String, dataSetBytes: Int, fileBytes: Int,
                durabilityTicket: UInt64 = 0) {
        self.path = path; self.sopClassUID = sopClassUID; self.sopInstanceUID = sopInstanceUID
        self.dataSetBytes = dataSetBytes; self.fileBytes = fileBytes; self.durabilityTicket = durabilityTicket
    }
}
