/// One row of the DICOM UID registry (PS3.6 Annex A, Table A-1).
public struct UIDEntry: Hashable, Sendable {
    /// The UID itself, e.g. "1.2.840.10008.1.1".
    public var uid: String
    /// The registry name, e.g. "Verification SOP Class".
    public var name: String
    /// The PS3.6 keyword, e.g. "Verification"; empty where the registry gives none.
    public var keyword: String
    public var type: UIDType
    /// Extra text of the registry row (e.g. "Default Transfer Syntax for DICOM"); often empty.
    public var info: String
    /// Retired in the current edition of PS3.6 — peers still send many of these.
    public var isRetired: Bool
    /// A SOP class received with C-STORE (see `UIDDictionary.isStorageSOPClass(_:)` for the rule).
    public var isStorageSOPClass: Bool

    public init(uid: String, name: String, keyword: String, type: UIDType, info: String = "",
                isRetired: Bool = false, isStorageSOPClass: Bool = false) {
        self.uid = uid; self.name = name; self.keyword = keyword; self.type = type; self.info = info
        self.isRetired = isRetired; self.isStorageSOPClass = isStorageSOPClass
    }
}
