import Foundation

/// Who and what a C-STORE-RQ carries, read from the first bytes of its data set as they stream in (PS3.4 B.2.3):
/// the Patient (PS3.3 C.7.1.1), General Study (C.7.2.1), General Series (C.7.3.1), General Image (C.7.6.1),
/// Image Pixel (C.7.6.3), Multi-frame (C.7.6.6) and SOP Common (C.12.1) attributes a monitor shows. Attributes
/// absent from the data set, or whose text does not decode in its Specific Character Set, are absent here (and
/// the message's `findings` say why).
public struct DataSetSummary: Sendable, Decodable, Equatable {
    /// How far the reader got: "pixel-data" (stopped at Pixel Data, everything before it read), "end" (the whole
    /// data set, none), "limit" (the bounded prefix ended first), "error" (malformed; what came before is kept),
    /// "not-decoded" (a transfer syntax the reader does not decode).
    public var read: String
    /// The encoding the data set was read in (PS3.5 §10 name), when the reader decoded it.
    public var transferSyntax: String?
    /// Bytes of the data set read (the prefix; Pixel Data is not read).
    public var bytesRead: Int
    /// Specific Character Set (0008,0005) as sent, "\"-separated.
    public var specificCharacterSet: String?
    public var patientID: String?
    public var patientName: String?
    public var studyDate: String?
    public var studyDescription: String?
    public var modality: String?
    public var seriesNumber: String?
    public var instanceNumber: String?
    public var rows: Int?
    public var columns: Int?
    public var numberOfFrames: String?
    public var sopClassUID: String?
    public var sopInstanceUID: String?
    public var studyInstanceUID: String?
    public var seriesInstanceUID: String?

    public init(read: String, transferSyntax: String? = nil, bytesRead: Int, specificCharacterSet: String? = nil,
                patientID: String? = nil, patientName: String? = nil, studyDate: String? = nil,
                studyDescription: String? = nil, modality: String? = nil, seriesNumber: String? = nil,
                instanceNumber: String? = nil, rows: Int? = nil, columns: Int? = nil, numberOfFrames: String? = nil,
                sopClassUID: String? = nil, sopInstanceUID: String? = nil, studyInstanceUID: String? = nil,
                seriesInstanceUID: String? = nil) {
        self.read = read; self.transferSyntax = transferSyntax; self.bytesRead = bytesRead
        self.specificCharacterSet = specificCharacterSet; self.patientID = patientID; self.patientName = patientName
        self.studyDate = studyDate; self.studyDescription = studyDescription; self.modality = modality
        self.seriesNumber = seriesNumber; self.instanceNumber = instanceNumber; self.rows = rows
        self.columns = columns; self.numberOfFrames = numberOfFrames; self.sopClassUID = sopClassUID
        self.sopInstanceUID = sopInstanceUID; self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
    }
}
