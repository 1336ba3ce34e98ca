/// A Modality Performed Procedure Step message (PS3.4 F.7; PS3.3 C.4.14–C.4.17): the N-CREATE-RQ that starts
/// the step or an N-SET-RQ that updates or ends it. Attributes absent from the data set are absent here.
public struct ProcedureStepSummary: Sendable, Decodable, Equatable {
    /// Performed Procedure Step Status (0040,0252): IN PROGRESS, COMPLETED, DISCONTINUED.
    public var status: String?
    /// Performed Procedure Step ID (0040,0253).
    public var stepID: String?
    /// Performed Procedure Step Description (0040,0254).
    public var stepDescription: String?
    /// Performed Procedure Step Start Date (0040,0244) and Time (0040,0245).
    public var startDate: String?
    public var startTime: String?
    /// Performed Procedure Step End Date (0040,0250) and Time (0040,0251).
    public var endDate: String?
    public var endTime: String?
    /// Performed Station AE Title (0040,0241).
    public var performedStationAETitle: String?
    public var modality: String?
    public var patientID: String?
    public var patientName: String?

    public init(status: String? = nil, stepID: String? = nil, stepDescription: String? = nil,
                startDate: String? = nil, startTime: String? = nil, endDate: String? = nil, endTime: String? = nil,
                performedStationAETitle: String? = nil, modality: String? = nil, patientID: String? = nil,
                patientName: String? = nil) {
        self.status = status; self.stepID = stepID; self.stepDescription = stepDescription
        self.startDate = startDate; self.startTime = startTime; self.endDate = endDate; self.endTime = endTime
        self.performedStationAETitle = performedStationAETitle; self.modality = modality
        self.patientID = patientID; self.patientName = patientName
    }
}
