import DICOMUpperLayer

extension UIDNaming {
    /// The codec's dictionary (PS3.6 Annex A names; "unnamed storage SOP class" for a UID under the storage root
    /// that it does not name yet) and implementation class registry.
    public static let standard = UIDNaming(name: { UIDDictionary.displayName(for: $0) },
                                           toolkit: { ImplementationClassRegistry.toolkit(for: $0) })
}
