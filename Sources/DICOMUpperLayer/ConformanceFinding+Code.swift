extension ConformanceFinding {
    /// The stable finding codes and their default severity.
    public enum Code: String, Sendable, CaseIterable {
        /// Protocol-version field without bit 0 (PS3.8 Table 9-11).
        case protocolVersionBit0 = "protocol-version-bit0"
        /// A reserved field that shall be zero is not (PS3.8 Table 9-11; not tested, but reported).
        case reservedNonZero = "reserved-nonzero"
        /// Reserved bytes 6–8 of an RQ presentation context item are not zero (DCMTK sends 0xFF in byte 7).
        case presentationContextReservedNonZero = "pc-reserved-nonzero"
        /// Called or calling AE title all spaces / NULs (PS3.8 Table 9-11; pynetdicom#646).
        case aeTitleBlank = "ae-title-blank"
        /// AE title with control characters, backslash or non-ASCII bytes (PS3.5 AE VR).
        case aeTitleInvalidCharacters = "ae-title-invalid-chars"
        /// AE title padded with NUL instead of spaces (fo-dicom#819).
        case aeTitleNULPadded = "ae-title-nul-padded"
        /// AE title with leading spaces (non-significant, but some peers compare them; Weasis#192).
        case aeTitleLeadingSpaces = "ae-title-leading-spaces"
        /// No application context item (PS3.8 §9.3.2.1).
        case applicationContextMissing = "app-context-missing"
        /// Application context name is not 1.2.840.10008.3.1.1.1 (PS3.7 Annex A.2.1).
        case applicationContextUnknown = "app-context-unknown"
        /// More than one application context item.
        case applicationContextDuplicate = "app-context-duplicate"
        /// No presentation context item at all.
        case presentationContextNone = "pc-none"
        /// More than 128 presentation contexts (odd IDs 1–255 allow at most 128; PS3.8 §9.3.2.2).
        case presentationContextCountOver128 = "pc-count-over-128"
        /// Even or zero presentation context ID (PS3.8 §9.3.2.2: odd integers 1–255; dicom-rs#552).
        case presentationContextIDEven = "pc-id-even"
        /// The same presentation context ID used twice.
        case presentationContextIDDuplicate = "pc-id-duplicate"
        /// Presentation context without an abstract syntax sub-item.
        case abstractSyntaxMissing = "abstract-syntax-missing"
        /// Presentation context with more than one abstract syntax sub-item.
        case abstractSyntaxDuplicate = "abstract-syntax-duplicate"
        /// Presentation context without any transfer syntax sub-item.
        case transferSyntaxListEmpty = "ts-list-empty"
        /// A UID longer than 64 characters (PS3.5 §9.1).
        case uidTooLong = "uid-too-long"
        /// A UID with characters other than digits and '.', an empty component or a leading zero (PS3.5 §9.1).
        case uidInvalid = "uid-invalid"
        /// A UID padded with a trailing NUL or space on the wire; must not be padded in negotiation (pynetdicom#240).
        case uidPadded = "uid-padded"
        /// No user information item (PS3.8 §9.3.2.3: mandatory, carries maximum length and implementation UID).
        case userInformationMissing = "user-info-missing"
        /// No maximum length sub-item (PS3.8 Annex D.1: mandatory).
        case maximumLengthMissing = "max-length-missing"
        /// Maximum length 0 = unlimited; breaks naive peers (pynetdicom#193, fo-dicom#1343).
        case maximumLengthZero = "max-length-zero"
        /// No implementation class UID sub-item (PS3.7 Annex D.3.3.2: mandatory).
        case implementationClassUIDMissing = "impl-class-uid-missing"
        /// Implementation version name empty or longer than 16 characters (PS3.7 D.3.3.2; dcmjs-dimse#61).
        case implementationVersionNameLength = "version-name-length"
        /// Implementation version name with characters outside ISO 646.
        case implementationVersionNameCharacters = "version-name-chars"
        /// Asynchronous operations window 0/0 = unlimited both ways (dcm4che#1120: some peers drop the link).
        case asynchronousWindowUnlimited = "async-window-unlimited"
        /// An item type not defined for this PDU; skipped.
        case itemUnknown = "item-unknown"
        /// A sub-item of a known item with an unknown or misplaced type; skipped.
        case subItemUnknown = "subitem-unknown"
        /// A user information sub-item that PS3.7 allows once appears several times.
        case subItemDuplicate = "subitem-duplicate"
        /// A user information sub-item that does not belong in this PDU (e.g. user identity AC in an RQ).
        case subItemUnexpected = "subitem-unexpected"
        /// SCU/SCP role value other than 0 or 1 (PS3.7 D.3.3.4).
        case roleValueInvalid = "role-value-invalid"
        /// Two role selection items for the same SOP class.
        case roleSelectionDuplicate = "role-duplicate"
        /// User identity type not 1–5, or a type 2 without passcode (PS3.7 D.3.3.7).
        case userIdentityInvalid = "user-identity-invalid"

        public var severity: ConformanceFinding.Severity {
            switch self {
            case .aeTitleNULPadded, .aeTitleLeadingSpaces, .subItemUnknown, .presentationContextReservedNonZero: .info
            case .reservedNonZero, .aeTitleInvalidCharacters, .applicationContextUnknown,
                .applicationContextDuplicate, .abstractSyntaxDuplicate, .uidPadded, .maximumLengthMissing,
                .maximumLengthZero, .implementationVersionNameLength, .implementationVersionNameCharacters,
                .asynchronousWindowUnlimited, .itemUnknown, .subItemDuplicate, .subItemUnexpected,
                .roleValueInvalid, .roleSelectionDuplicate:
                .warning
            case .protocolVersionBit0, .aeTitleBlank, .applicationContextMissing, .presentationContextNone,
                .presentationContextCountOver128, .presentationContextIDEven, .presentationContextIDDuplicate,
                .abstractSyntaxMissing, .transferSyntaxListEmpty, .uidTooLong, .uidInvalid,
                .userInformationMissing, .implementationClassUIDMissing, .userIdentityInvalid:
                .error
            }
        }
    }
}
