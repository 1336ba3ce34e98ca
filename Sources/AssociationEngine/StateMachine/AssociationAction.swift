/// The named actions of PS3.8 §9.2.2 Tables 9-6 to 9-9 (AE-, DT-, AR-, AA-) that a transition performs.
/// Names only: what each one does, with its payloads, is the transition's `AssociationEffect`s.
public enum AssociationAction: String, Sendable, CaseIterable, CustomStringConvertible {
    case ae1 = "AE-1", ae2 = "AE-2", ae3 = "AE-3", ae4 = "AE-4"
    case ae5 = "AE-5", ae6 = "AE-6", ae7 = "AE-7", ae8 = "AE-8"
    case dt1 = "DT-1", dt2 = "DT-2"
    case ar1 = "AR-1", ar2 = "AR-2", ar3 = "AR-3", ar4 = "AR-4", ar5 = "AR-5"
    case ar6 = "AR-6", ar7 = "AR-7", ar8 = "AR-8", ar9 = "AR-9", ar10 = "AR-10"
    case aa1 = "AA-1", aa2 = "AA-2", aa3 = "AA-3", aa4 = "AA-4", aa5 = "AA-5", aa6 = "AA-6", aa7 = "AA-7"
    case aa8 = "AA-8"

    public var description: String { rawValue }
}
