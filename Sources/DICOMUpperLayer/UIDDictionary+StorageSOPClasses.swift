extension UIDDictionary {
    /// Every storage SOP class of the registry that is not retired (PS3.4 Annex B.5), in UID order: what a
    /// requestor that stores "anything" proposes (DCMTK's storescu offers 120-odd of them by default).
    public static let storageSOPClassUIDs: [String] = table.values
        .filter { $0.isStorageSOPClass && !$0.isRetired }
        .map(\.uid)
        .sorted { a, b in
            a.split(separator: ".").lexicographicallyPrecedes(b.split(separator: ".")) { (Int($0) ?? 0) < (Int($1) ?? 0) }
        }
}
