import Testing
@testable import DICOMUpperLayer

@Suite struct UIDDictionaryTests {
    @Test func verificationSOPClass() throws {
        let entry = try #require(UIDDictionary.entry(for: "1.2.840.10008.1.1"))
        #expect(entry.name == "Verification SOP Class")
        #expect(entry.keyword == "Verification")
        #expect(entry.type == .sopClass)
        #expect(!entry.isRetired)
        #expect(!entry.isStorageSOPClass)
    }

    @Test func ctImageStorageIsAStorageClass() {
        #expect(UIDDictionary.name(for: "1.2.840.10008.5.1.4.1.1.2") == "CT Image Storage")
        #expect(UIDDictionary.isStorageSOPClass("1.2.840.10008.5.1.4.1.1.2"))
        // "- For Presentation" / "- For Processing" variants are storage classes too.
        #expect(UIDDictionary.isStorageSOPClass("1.2.840.10008.5.1.4.1.1.1.1"))
        #expect(UIDDictionary.isStorageSOPClass("1.2.840.10008.5.1.4.1.1.1.1.1"))
    }

    @Test func notStorage() {
        #expect(!UIDDictionary.isStorageSOPClass("1.2.840.10008.1.3.10"))  // Media Storage Directory Storage
        #expect(!UIDDictionary.isStorageSOPClass("1.2.840.10008.1.20.1"))  // Storage Commitment Push Model
        #expect(!UIDDictionary.isStorageSOPClass("1.2.840.10008.5.1.4.1.2.2.1"))  // Study Root Q/R FIND
        #expect(!UIDDictionary.isStorageSOPClass("1.2.840.10008.1.2.1"))  // a transfer syntax
        #expect(!UIDDictionary.isStorageSOPClass("1.2.3.4"))
    }

    @Test func transferSyntaxes() throws {
        let explicit = try #require(UIDDictionary.entry(for: "1.2.840.10008.1.2.1"))
        #expect(explicit.name == "Explicit VR Little Endian")
        #expect(explicit.type == .transferSyntax)
        #expect(UIDDictionary.name(for: "1.2.840.10008.1.2.4.90") == "JPEG 2000 Image Compression (Lossless Only)")
        #expect(UIDDictionary.name(for: "1.2.840.10008.1.2.4.91") == "JPEG 2000 Image Compression")
        #expect(UIDDictionary.entry(for: "1.2.840.10008.1.2.2")?.isRetired == true)  // Explicit VR Big Endian
        let all = UIDDictionary.transferSyntaxes
        #expect(all.count > 30)
        #expect(all.allSatisfy { $0.type == .transferSyntax })
        #expect(all.first?.uid == "1.2.840.10008.1.2")
        // Numeric order: .4.50 before .4.100.
        let uids = all.map(\.uid)
        let index50 = try #require(uids.firstIndex(of: "1.2.840.10008.1.2.4.50"))
        let index100 = try #require(uids.firstIndex(of: "1.2.840.10008.1.2.4.100"))
        #expect(index50 < index100)
    }

    @Test func applicationContextName() {
        #expect(UIDDictionary.entry(for: "1.2.840.10008.3.1.1.1")?.type == .applicationContextName)
    }

    @Test func paddingIsIgnored() {
        #expect(UIDDictionary.name(for: "1.2.840.10008.1.1\0") == "Verification SOP Class")
        #expect(UIDDictionary.name(for: "1.2.840.10008.1.2 ") == "Implicit VR Little Endian")
    }

    @Test func unknownUIDs() {
        #expect(UIDDictionary.entry(for: "") == nil)
        #expect(UIDDictionary.entry(for: "1.2.840.10008.1.1.1") == nil)
        #expect(UIDDictionary.entry(for: "1.2.840.10008") == nil)
    }

    /// Storage SOP classes PS3.6 added after pydicom's 2024c registry, taken from pynetdicom's 2025b list.
    @Test(arguments: [("1.2.840.10008.5.1.4.1.1.66.7", "Label Map Segmentation Storage"),
                      ("1.2.840.10008.5.1.4.1.1.66.8", "Height Map Segmentation Storage"),
                      ("1.2.840.10008.5.1.4.1.1.9.100.1", "Waveform Presentation State Storage"),
                      ("1.2.840.10008.5.1.4.1.1.9.100.2", "Waveform Acquisition Presentation State Storage")])
    func recentStorageSOPClasses(uid: String, name: String) throws {
        let entry = try #require(UIDDictionary.entry(for: uid))
        #expect(entry.name == name)
        #expect(entry.keyword == name.replacingOccurrences(of: " ", with: ""))
        #expect(entry.type == .sopClass)
        #expect(entry.isStorageSOPClass)
        #expect(!UIDDictionary.isUnnamedStorageSOPClass(uid))
    }

    @Test func editionsAreStated() {
        #expect(UIDDictionary.registryEdition == "2024c")
        #expect(UIDDictionary.sopClassEdition == "2025b")
        #expect(UIDDictionary.generatedFromPydicomVersion == "3.0.2")
        #expect(UIDDictionary.generatedFromPynetdicomVersion == "3.0.4")
    }

    /// A UID under the storage root that the table does not name (a later edition's class) is a storage SOP
    /// class all the same, shown as "unnamed storage SOP class".
    @Test func unnamedUIDsUnderTheStorageRoot() {
        for uid in ["1.2.840.10008.5.1.4.1.1.66.99", "1.2.840.10008.5.1.4.1.1.777.1", "1.2.840.10008.5.1.4.1.1.66.99\0"] {
            #expect(UIDDictionary.isUnnamedStorageSOPClass(uid), "\(uid)")
            #expect(UIDDictionary.displayName(for: uid) == "unnamed storage SOP class")
            #expect(UIDDictionary.name(for: uid) == nil)
        }
        for uid in ["1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.2.2.1", "1.2.840.10008.5.1.4.1.1.",
                    "1.2.840.10008.5.1.4.1.1.01", "1.2.840.10008.5.1.4.1.1.x", "1.2.840.10008.5.1.4.1.1",
                    "1.2.826.0.1.3680043.9.9999.1"] {
            #expect(!UIDDictionary.isUnnamedStorageSOPClass(uid), "\(uid)")
        }
        #expect(UIDDictionary.displayName(for: "1.2.840.10008.5.1.4.1.1.2") == "CT Image Storage")
        #expect(UIDDictionary.displayName(for: "1.2.3.4") == nil)
    }

    @Test func tableIsComplete() {
        // Every generated row parses (PS3.6 2024c from pydicom 3.0.2 has 486 UIDs, plus 4 SOP classes of 2025b).
        let rows = UIDDictionary.generatedTable.split(separator: "\n").count
        #expect(UIDDictionary.count == rows)
        #expect(rows >= 490)
        #expect(UIDDictionary.storageSOPClasses.count > 150)
        #expect(UIDDictionary.storageSOPClasses.allSatisfy { $0.type == .sopClass })
    }
}

@Suite struct ImplementationClassRegistryTests {
    @Test func knownToolkits() {
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.276.0.7230010.3.0.3.6.7") == "DCMTK")
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.826.0.1.3680043.9.3811.3.0.4") == "pynetdicom")
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.40.0.13.1.3") == "dcm4che")
        #expect(ImplementationClassRegistry.toolkit(for: "1.3.6.1.4.1.30071.8") == "fo-dicom")
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.826.0.1.3680043.2.1143.107.104.103.115.3.0.4")
            == "GDCM")
        #expect(ImplementationClassRegistry.toolkit(for: "2.25.262086406829110419931297894772577063974")
            == "DICOM-rs")
        #expect(ImplementationClassRegistry.toolkit(for: "1.3.6.1.4.1.25403.1.1.1") == "ClearCanvas")
    }

    @Test func dotBoundaryAware() {
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.276.0.7230010.35") == nil)
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.276.0.7230010") == nil)
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.276.0.7230010.3") == "DCMTK")
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.40.0.13.10") == nil)
    }

    @Test func longestPrefixWins() {
        // pydicom (…3680043.8.498) and GDCM (…3680043.2.1143) share the Medical Connections root; neither
        // may capture the other.
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.826.0.1.3680043.8.498.1") == "pydicom")
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.826.0.1.3680043.8.1") == nil)
        var registryRoots = ImplementationClassRegistry.roots.map(\.root)
        registryRoots.sort()
        #expect(Set(registryRoots).count == registryRoots.count, "duplicate root")
    }

    @Test func paddedUIDs() {
        #expect(ImplementationClassRegistry.toolkit(for: "1.2.276.0.7230010.3.0.3.6.7\0") == "DCMTK")
    }
}
