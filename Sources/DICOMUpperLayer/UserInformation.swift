/// User Information item 0x50 (PS3.8 §9.3.2.3 / §9.3.3.3, Annex D; PS3.7 Annex D.3.3).
///
/// `subItems` is the truth and keeps wire order, so a decoded item re-encodes byte for byte; the convenience
/// properties read and replace sub-items in place (new ones are inserted in type-code order).
public struct UserInformation: Sendable, Equatable, Hashable {
    public var subItems: [UserInformationSubItem]

    public init(subItems: [UserInformationSubItem] = []) {
        self.subItems = subItems
    }

    /// Builds sub-items in the usual wire order (0x51, 0x52, 0x53, 0x54…, 0x55, 0x56…, 0x57…, 0x58/0x59).
    public init(maximumLength: UInt32?, implementationClassUID: String?, implementationVersionName: String? = nil,
                asynchronousOperationsWindow: AsynchronousOperationsWindow? = nil,
                roleSelections: [SCPSCURoleSelection] = [],
                sopClassExtendedNegotiations: [SOPClassExtendedNegotiation] = [],
                sopClassCommonExtendedNegotiations: [SOPClassCommonExtendedNegotiation] = [],
                userIdentityRQ: UserIdentityNegotiationRQ? = nil, userIdentityAC: UserIdentityNegotiationAC? = nil) {
        var items: [UserInformationSubItem] = []
        if let maximumLength { items.append(.maximumLength(maximumLength)) }
        if let implementationClassUID { items.append(.implementationClassUID(implementationClassUID)) }
        if let asynchronousOperationsWindow { items.append(.asynchronousOperationsWindow(asynchronousOperationsWindow)) }
        items += roleSelections.map { .roleSelection($0) }
        if let implementationVersionName { items.append(.implementationVersionName(implementationVersionName)) }
        items += sopClassExtendedNegotiations.map { .sopClassExtendedNegotiation($0) }
        items += sopClassCommonExtendedNegotiations.map { .sopClassCommonExtendedNegotiation($0) }
        if let userIdentityRQ { items.append(.userIdentityRQ(userIdentityRQ)) }
        if let userIdentityAC { items.append(.userIdentityAC(userIdentityAC)) }
        subItems = items
    }

    /// Maximum length the sender receives in a P-DATA-TF PDU-length; 0 = unlimited (PS3.8 D.1).
    public var maximumLength: UInt32? {
        get { subItems.lazy.compactMap { if case .maximumLength(let v) = $0 { v } else { nil } }.first }
        set { replace(0x51, with: newValue.map { [.maximumLength($0)] } ?? []) }
    }

    public var implementationClassUID: String? {
        get { subItems.lazy.compactMap { if case .implementationClassUID(let v) = $0 { v } else { nil } }.first }
        set { replace(0x52, with: newValue.map { [.implementationClassUID($0)] } ?? []) }
    }

    public var implementationVersionName: String? {
        get { subItems.lazy.compactMap { if case .implementationVersionName(let v) = $0 { v } else { nil } }.first }
        set { replace(0x55, with: newValue.map { [.implementationVersionName($0)] } ?? []) }
    }

    /// nil when absent, which means 1/1 (PS3.7 D.3.3.3).
    public var asynchronousOperationsWindow: AsynchronousOperationsWindow? {
        get { subItems.lazy.compactMap { if case .asynchronousOperationsWindow(let v) = $0 { v } else { nil } }.first }
        set { replace(0x53, with: newValue.map { [.asynchronousOperationsWindow($0)] } ?? []) }
    }

    public var roleSelections: [SCPSCURoleSelection] {
        get { subItems.compactMap { if case .roleSelection(let v) = $0 { v } else { nil } } }
        set { replace(0x54, with: newValue.map { .roleSelection($0) }) }
    }

    public var sopClassExtendedNegotiations: [SOPClassExtendedNegotiation] {
        get { subItems.compactMap { if case .sopClassExtendedNegotiation(let v) = $0 { v } else { nil } } }
        set { replace(0x56, with: newValue.map { .sopClassExtendedNegotiation($0) }) }
    }

    public var sopClassCommonExtendedNegotiations: [SOPClassCommonExtendedNegotiation] {
        get { subItems.compactMap { if case .sopClassCommonExtendedNegotiation(let v) = $0 { v } else { nil } } }
        set { replace(0x57, with: newValue.map { .sopClassCommonExtendedNegotiation($0) }) }
    }

    public var userIdentityRQ: UserIdentityNegotiationRQ? {
        get { subItems.lazy.compactMap { if case .userIdentityRQ(let v) = $0 { v } else { nil } }.first }
        set { replace(0x58, with: newValue.map { [.userIdentityRQ($0)] } ?? []) }
    }

    public var userIdentityAC: UserIdentityNegotiationAC? {
        get { subItems.lazy.compactMap { if case .userIdentityAC(let v) = $0 { v } else { nil } }.first }
        set { replace(0x59, with: newValue.map { [.userIdentityAC($0)] } ?? []) }
    }

    /// Sub-items of unknown type, as kept.
    public var unknownSubItems: [UserInformationSubItem] {
        subItems.filter { if case .unknown = $0 { true } else { false } }
    }

    /// Replaces all sub-items of `type` with `items` at the first one's position; a new kind goes after the last
    /// sub-item of a lower type code (or first when there is none), so the usual order is kept.
    private mutating func replace(_ type: UInt8, with items: [UserInformationSubItem]) {
        let first = subItems.firstIndex { $0.itemType == type && !$0.isUnknown }
        subItems.removeAll { $0.itemType == type && !$0.isUnknown }
        let at = first ?? subItems.lastIndex { $0.itemType < type }.map { $0 + 1 } ?? 0
        subItems.insert(contentsOf: items, at: min(at, subItems.endIndex))
    }
}

extension UserInformationSubItem {
    var isUnknown: Bool { if case .unknown = self { true } else { false } }
}
