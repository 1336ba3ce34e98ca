import DICOMUpperLayer

extension UIDNaming {
    /// The codec's dictionary (PS3.6 Annex A names) and implementation class registry.
    public static let standard = UIDNaming(name: { UIDDictionary.name(for: $0) },
                                           toolkit: { ImplementationClassRegistry.toolkit(for: $0) })
}
