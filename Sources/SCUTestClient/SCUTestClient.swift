import DICOMUpperLayer

/// A DICOM SCU for tests, built on `DICOMUpperLayer`: sends what real clients cannot (malformed PDUs,
/// odd negotiations) to an assocmon engine on 127.0.0.1.
public enum SCUTestClient {}
