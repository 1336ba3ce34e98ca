/// Names the toolkit behind a peer from the Implementation Class UID of its A-ASSOCIATE-RQ/AC
/// (PS3.7 Annex D.3.3.2, item 0x52).
///
/// Toolkits build their implementation class UID under an organisational root (PS3.5 §9), usually followed by
/// a version ("1.2.276.0.7230010.3.0.3.6.7" is DCMTK 3.6.7). The registry maps roots to names with a
/// longest-prefix match on whole components, so "1.2.276.0.7230010.3" matches "1.2.276.0.7230010.3.0.3.6.7"
/// but not "1.2.276.0.7230010.35". UUID-derived "2.25." UIDs share no root; those are listed exactly.
///
/// Every root below was checked against the toolkit's own source (constant names in parentheses). Products
/// built on another toolkit usually keep its UID: Orthanc, Horos and OsiriX are built on DCMTK and show as DCMTK
/// unless configured otherwise; Weasis and dcm4chee on dcm4che.
public enum ImplementationClassRegistry {
    /// One known root (or exact UID) and the toolkit it identifies.
    public struct Root: Hashable, Sendable {
        public var root: String
        public var toolkit: String
        public init(root: String, toolkit: String) { self.root = root; self.toolkit = toolkit }
    }

    /// Known roots, most specific wins.
    public static let roots: [Root] = [
        // OFFIS DCMTK: OFFIS_UID_ROOT; implementation class OFFIS_IMPLEMENTATION_CLASS_UID = root + ".0.3.6.x".
        Root(root: "1.2.276.0.7230010.3", toolkit: "DCMTK"),
        // pynetdicom: PYNETDICOM_IMPLEMENTATION_UID = root + version components (e.g. .3.0.4).
        Root(root: "1.2.826.0.1.3680043.9.3811", toolkit: "pynetdicom"),
        // pydicom: PYDICOM_ROOT_UID; PYDICOM_IMPLEMENTATION_UID = root + ".1" (files written by pydicom).
        Root(root: "1.2.826.0.1.3680043.8.498", toolkit: "pydicom"),
        // dcm4che 2/3 (Implementation.getClassUID: 1.2.40.0.13.1.1 / 1.2.40.0.13.1.3 ...).
        Root(root: "1.2.40.0.13.1", toolkit: "dcm4che"),
        // fo-dicom: DicomImplementation.ClassUID.
        Root(root: "1.3.6.1.4.1.30071.8", toolkit: "fo-dicom"),
        // GDCM: gdcm::UIDs root.
        Root(root: "1.2.826.0.1.3680043.2.1143", toolkit: "GDCM"),
        // ClearCanvas: DicomImplementation.ClassUID = root + ".1.1.1".
        Root(root: "1.3.6.1.4.1.25403", toolkit: "ClearCanvas"),
        // dcmjs-dimse: Constants.Implementation.ImplementationClassUid.
        Root(root: "1.3.6.1.4.1.41293.8", toolkit: "dcmjs-dimse"),
        // grailbio/yasushi-saito go-netdicom and go-dicom: DefaultImplementationClassUIDPrefix (+ ".1.1").
        Root(root: "1.2.826.0.1.3680043.9.7133", toolkit: "go-netdicom"),
        // kristianvalind/go-netdicom fork: ImplementationClassUIDPrefix.
        Root(root: "1.2.826.0.1.3680043.10.786", toolkit: "go-netdicom (kristianvalind)"),
        // Odil: uid_prefix.
        Root(root: "1.2.826.0.1.3680043.9.5560", toolkit: "Odil"),
        // Imebra: IMEBRA_IMPLEMENTATION_CLASS_UID (1.3.6.1.4.1.54308.2.1.1.4 for Imebra 4).
        Root(root: "1.3.6.1.4.1.54308.2.1.1", toolkit: "Imebra"),
        // DcmSwift (OPALE-dev): implementation class 1.2.276.0.808080.8080.1.2.3.
        Root(root: "1.2.276.0.808080.8080", toolkit: "DcmSwift"),
        // DICOM-rs: IMPLEMENTATION_CLASS_UID is a UUID-derived UID that changes between releases.
        Root(root: "2.25.319987060362599024807367105075404354293", toolkit: "DICOM-rs"),
        Root(root: "2.25.262086406829110419931297894772577063974", toolkit: "DICOM-rs"),
        Root(root: "2.25.214312761802046835989399652652980912193", toolkit: "DICOM-rs"),
        Root(root: "2.25.156227610253341005307660858504280353500", toolkit: "DICOM-rs"),
        // Manufacturers' organisational roots (modalities and PACS built in-house).
        Root(root: "1.2.840.113619", toolkit: "GE Healthcare"),
        Root(root: "1.3.12.2.1107.5", toolkit: "Siemens Healthineers"),
        Root(root: "1.3.46.670589", toolkit: "Philips"),
    ]

    /// The toolkit that issued `implementationClassUID`, or nil if no known root matches.
    ///
    /// Trailing NUL/space padding is ignored.
    public static func toolkit(for implementationClassUID: String) -> String? {
        match(for: implementationClassUID)?.toolkit
    }

    /// The most specific known root of `implementationClassUID`, matching whole dot-separated components.
    public static func match(for implementationClassUID: String) -> Root? {
        let uid = UIDDictionary.trimmed(implementationClassUID)
        var best: Root?
        for candidate in roots where isComponentPrefix(candidate.root, of: uid) {
            if candidate.root.utf8.count > (best?.root.utf8.count ?? -1) { best = candidate }
        }
        return best
    }

    /// True when `root` equals `uid` or is followed in `uid` by a "." component boundary.
    static func isComponentPrefix(_ root: String, of uid: String) -> Bool {
        guard uid.hasPrefix(root) else { return false }
        let rest = uid.utf8.dropFirst(root.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: ".")
    }
}
