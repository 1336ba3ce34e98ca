/// Which side of an association the Upper Layer protocol machine plays (PS3.8 §9.2). The table is the same for
/// both; the role decides where a release collision leads (AR-8: Sta9 for the requestor, Sta10 for the acceptor).
public enum AssociationRole: String, Sendable {
    /// Sent the A-ASSOCIATE-RQ (AE-1, AE-2).
    case requestor
    /// Received the A-ASSOCIATE-RQ (AE-5, AE-6).
    case acceptor
}
