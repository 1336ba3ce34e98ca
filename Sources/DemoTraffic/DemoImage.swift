import NIOCore

/// A small but complete image (PS3.3: the CT Image, MR Image or Secondary Capture Image IOD's mandatory modules
/// — patient, study, series, equipment, image plane where required, image pixel), so a received file opens in any
/// viewer. 64 × 64 pixels, 16 bits, a gradient with a disc whose place changes per instance.
struct DemoImage: Sendable {
    /// PS3.4 B.5 SOP classes.
    static let ctImageStorage = "1.2.840.10008.5.1.4.1.1.2"
    static let mrImageStorage = "1.2.840.10008.5.1.4.1.1.4"
    static let secondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7"
    static let size = 64

    var sopClassUID: String
    var sopInstanceUID: String
    var studyInstanceUID: String
    var seriesInstanceUID: String
    var frameOfReferenceUID: String
    var patientName: String
    var patientID: String
    var instanceNumber: Int
    var studyDate: String

    var modality: String {
        switch sopClassUID {
        case Self.ctImageStorage: "CT"
        case Self.mrImageStorage: "MR"
        default: "OT"
        }
    }

    /// The data set in Explicit VR Little Endian (PS3.5 §A.2) or, when `explicitVR` is false, Implicit VR Little
    /// Endian (§A.1) — whatever the SCP accepted for the context.
    func encoded(explicitVR: Bool) -> ByteBuffer {
        var writer = DataSetWriter(explicitVR: explicitVR)
        let cross = modality != "OT"
        writer.text(0x0008, 0x0008, "CS", cross ? "ORIGINAL\\PRIMARY\\AXIAL" : "DERIVED\\SECONDARY")
        writer.uid(0x0008, 0x0016, sopClassUID)
        writer.uid(0x0008, 0x0018, sopInstanceUID)
        writer.text(0x0008, 0x0020, "DA", studyDate)
        writer.text(0x0008, 0x0030, "TM", "093000")
        writer.text(0x0008, 0x0050, "SH", "DEMO\(patientID.suffix(4))")
        writer.text(0x0008, 0x0060, "CS", modality)
        if modality == "OT" { writer.text(0x0008, 0x0064, "CS", "WSD") }
        writer.text(0x0008, 0x0070, "LO", "ASSOCMON DEMO")
        writer.text(0x0008, 0x0090, "PN", "")
        writer.text(0x0010, 0x0010, "PN", patientName)
        writer.text(0x0010, 0x0020, "LO", patientID)
        writer.text(0x0010, 0x0030, "DA", "")
        writer.text(0x0010, 0x0040, "CS", "O")
        if modality == "CT" {
            writer.text(0x0018, 0x0050, "DS", "5")
            writer.text(0x0018, 0x0060, "DS", "120")
        }
        if modality == "MR" {
            writer.text(0x0018, 0x0020, "CS", "SE")
            writer.text(0x0018, 0x0021, "CS", "NONE")
            writer.text(0x0018, 0x0022, "CS", "")
            writer.text(0x0018, 0x0023, "CS", "2D")
            writer.text(0x0018, 0x0050, "DS", "5")
            writer.text(0x0018, 0x0080, "DS", "500")
            writer.text(0x0018, 0x0081, "DS", "20")
            writer.text(0x0018, 0x0091, "IS", "1")
            writer.text(0x0018, 0x0087, "DS", "3")
        }
        writer.uid(0x0020, 0x000D, studyInstanceUID)
        writer.uid(0x0020, 0x000E, seriesInstanceUID)
        writer.text(0x0020, 0x0010, "SH", "1")
        writer.text(0x0020, 0x0011, "IS", "1")
        writer.text(0x0020, 0x0013, "IS", String(instanceNumber))
        if cross {
            writer.text(0x0020, 0x0012, "IS", "1")
            writer.text(0x0020, 0x0032, "DS", "-160\\-160\\\(instanceNumber * 5)")
            writer.text(0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0")
            writer.uid(0x0020, 0x0052, frameOfReferenceUID)
            writer.text(0x0020, 0x1040, "LO", "")
        }
        writer.us(0x0028, 0x0002, 1)
        writer.text(0x0028, 0x0004, "CS", "MONOCHROME2")
        writer.us(0x0028, 0x0010, Self.size)
        writer.us(0x0028, 0x0011, Self.size)
        if cross { writer.text(0x0028, 0x0030, "DS", "5\\5") }
        writer.us(0x0028, 0x0100, 16)
        writer.us(0x0028, 0x0101, 12)
        writer.us(0x0028, 0x0102, 11)
        writer.us(0x0028, 0x0103, 0)
        if modality == "CT" {
            writer.text(0x0028, 0x1052, "DS", "-1024")
            writer.text(0x0028, 0x1053, "DS", "1")
        }
        writer.pixelData(pixels())
        return writer.buffer
    }

    /// 16-bit little-endian pixels (12 stored): a gradient and a bright disc that moves with the instance number.
    private func pixels() -> [UInt8] {
        let n = Self.size
        var bytes: [UInt8] = []
        bytes.reserveCapacity(n * n * 2)
        let cx = 16 + (instanceNumber * 9) % 32, cy = n / 2
        for y in 0..<n {
            for x in 0..<n {
                let inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 100
                let value = inside ? 3000 : 800 + (x + y) * 8
                bytes.append(UInt8(truncatingIfNeeded: value))
                bytes.append(UInt8(truncatingIfNeeded: value >> 8))
            }
        }
        return bytes
    }
}
