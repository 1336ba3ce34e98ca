/// Bounds of a `DataSetReader`: what a peer sends cannot make it buffer, nest or list without end.
public struct DataSetReaderLimits: Sendable, Equatable {
    /// Bytes of the data set read at most (headers and values, skipped values included; Pixel Data excluded).
    /// What a monitor shows (patient, study, series, image attributes) sits in the first few kilobytes.
    public var prefixBytes: Int
    /// Values longer than this are skipped as they stream by, never buffered; the element is listed without value.
    public var maximumValueLength: Int
    /// Sequences nested deeper than this end reading with an error.
    public var maximumDepth: Int
    /// Entries (elements, items, delimiters) listed at most.
    public var maximumElements: Int
    /// Stop at a top-level Pixel Data (7FE0,0010) instead of skipping it (a data set streaming in over the network
    /// needs nothing after it for a summary).
    public var stopsAtPixelData: Bool

    public init(prefixBytes: Int = 64 * 1024, maximumValueLength: Int = 8 * 1024, maximumDepth: Int = 16,
                maximumElements: Int = 4096, stopsAtPixelData: Bool = true) {
        self.prefixBytes = prefixBytes
        self.maximumValueLength = maximumValueLength
        self.maximumDepth = maximumDepth
        self.maximumElements = maximumElements
        self.stopsAtPixelData = stopsAtPixelData
    }

    /// For whole files in tests and tools: large bounds, Pixel Data skipped (by fragments when encapsulated).
    public static let wholeDataSet = DataSetReaderLimits(
        prefixBytes: Int.max, maximumValueLength: 1 << 20, maximumDepth: 64, maximumElements: 1 << 20,
        stopsAtPixelData: false)
}
