/// The UID syntax of PS3.5 §9.1: 1–64 characters, components of digits separated by single periods, no component
/// empty, and no leading zero in a component of more than one digit.
///
/// One public entry to the check the codec already applies on send (strict encoding) and on receive (findings),
/// so the engine (which accepts only a syntactically valid transfer syntax, since it ends up in (0002,0010) of a
/// stored file) judges UIDs exactly as the codec does.
public enum UIDSyntax {
    public static func isValid(_ uid: String) -> Bool { WireText.isValidUID(uid) }
}
