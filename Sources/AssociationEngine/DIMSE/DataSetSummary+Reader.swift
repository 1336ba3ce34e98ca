import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer

extension DataSetSummary {
    /// What `reader` read of a C-STORE-RQ's data set, with the findings about it: the reader's, the character set's,
    /// and those comparing it with the command (SOP Instance and Class UID, PS3.7 §9.1.1.1) and, when everything
    /// before Pixel Data was read, Type 1 attributes missing (PS3.3 C.12.1, C.7.2.1, C.7.3.1).
    static func read(_ reader: DataSetReader, command: DIMSECommand) -> (DataSetSummary, [DataSetFinding]) {
        let attributes = DataSetAttributes(elements: reader.elements)
        let read: String
        switch reader.state {
        case .reachedPixelData: read = "pixel-data"
        case .finished: read = "end"
        case .reachedLimit, .reading: read = "limit"
        case .failed: read = "error"
        case .notDecoded: read = "not-decoded"
        }
        let complete = read == "pixel-data" || read == "end"
        let hasCharset = reader.elements.contains { $0.depth == 0 && $0.tag == .specificCharacterSet }
        let summary = DataSetSummary(
            read: read, transferSyntax: reader.state == .notDecoded ? nil : reader.encodingRead.name,
            bytesRead: reader.bytesRead,
            specificCharacterSet: hasCharset ? attributes.specificCharacterSet.terms.joined(separator: "\\") : nil,
            patientID: attributes.patientID, patientName: attributes.patientName, studyDate: attributes.studyDate,
            studyDescription: attributes.studyDescription, modality: attributes.modality,
            seriesNumber: attributes.seriesNumber, instanceNumber: attributes.instanceNumber, rows: attributes.rows,
            columns: attributes.columns, numberOfFrames: attributes.numberOfFrames,
            sopClassUID: attributes.sopClassUID, sopInstanceUID: attributes.sopInstanceUID,
            studyInstanceUID: attributes.studyInstanceUID, seriesInstanceUID: attributes.seriesInstanceUID)
        let findings = reader.findings + attributes.findings + attributes.commandFindings(
            affectedSOPClassUID: command.affectedSOPClassUID, affectedSOPInstanceUID: command.affectedSOPInstanceUID,
            complete: complete)
        return (summary, findings)
    }
}
