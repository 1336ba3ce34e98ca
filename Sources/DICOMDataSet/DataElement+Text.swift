extension DataElement {
    /// The text of a string VR: in `characterSet` for SH, LO, UC, ST, LT, UT and PN (PS3.5 §6.1.2.3), in the
    /// default repertoire (ASCII) for the others. Nil when the element has no kept value or is not text.
    public func text(characterSet: SpecificCharacterSet) -> Result<String, CharacterSetDecodingError>? {
        guard let vr, vr.isString, let bytes = trimmedValue else { return nil }
        if vr.usesSpecificCharacterSet {
            return characterSet.decode(bytes, isPersonName: vr == .PN)
        }
        return SpecificCharacterSet.default.decode(bytes)
    }
}
