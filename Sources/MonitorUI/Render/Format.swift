import AssociationEvents
import Foundation

/// Small text helpers for the renderer: fitting to a width, sizes, times, DIMSE statuses.
enum Format {
    /// `text` padded or cut to exactly `width` columns (cut text ends in the ellipsis glyph).
    static func fit(_ text: String, _ width: Int, ellipsis: String, right: Bool = false) -> String {
        guard width > 0 else { return "" }
        let count = text.count
        if count == width { return text }
        if count < width {
            let pad = String(repeating: " ", count: width - count)
            return right ? pad + text : text + pad
        }
        return String(text.prefix(max(0, width - ellipsis.count))) + ellipsis.prefix(width)
    }

    /// "512 B", "1.2 KB", "3.4 MB" (decimal units, as transfer tools show them).
    static func bytes(_ value: Int) -> String {
        let v = Double(value)
        if value < 1000 { return "\(value) B" }
        if v < 1e6 { return String(format: "%.1f KB", v / 1e3) }
        if v < 1e9 { return String(format: "%.1f MB", v / 1e6) }
        return String(format: "%.1f GB", v / 1e9)
    }

    /// "HH:mm:ss" in the given zone.
    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// Whole seconds left until `deadline`, never negative.
    static func secondsLeft(_ deadline: Date, now: Date) -> Int {
        max(0, Int(deadline.timeIntervalSince(now).rounded(.up)))
    }

    /// "12 ms", "1.4 s".
    static func duration(_ milliseconds: Double) -> String {
        milliseconds < 1000 ? String(format: "%.0f ms", milliseconds) : String(format: "%.1f s", milliseconds / 1000)
    }

    /// A DIMSE status (PS3.7 Annex C) in words.
    static func status(_ status: Int) -> String {
        let hex = String(format: "%04X", status)
        switch status {
        case 0x0000: return "\(hex) Success"
        case 0xFE00: return "\(hex) Cancel"
        case 0x0001, 0x0107, 0x0116, 0xB000...0xBFFF: return "\(hex) Warning"
        case 0xFF00, 0xFF01: return "\(hex) Pending"
        case 0x0122: return "\(hex) SOP class not supported"
        case 0x0211: return "\(hex) Unrecognized operation"
        case 0xA700...0xA7FF: return "\(hex) Out of resources"
        case 0xA900...0xA9FF: return "\(hex) Data set does not match SOP class"
        case 0xC000...0xCFFF: return "\(hex) Cannot understand"
        default: return "\(hex) Failure"
        }
    }

    /// PS3.8 §9.3.3.2 presentation context result names.
    static func contextResult(_ result: Int) -> String {
        switch result {
        case 0: "acceptance"
        case 1: "user-rejection"
        case 2: "no-reason"
        case 3: "abstract-syntax-not-supported"
        case 4: "transfer-syntaxes-not-supported"
        default: "result \(result)"
        }
    }

    /// PS3.8 Table 9-26 A-ABORT source and reason in words.
    static func abort(source: Int, reason: Int) -> String {
        let who = switch source {
        case 0: "service-user"
        case 2: "service-provider"
        default: "source \(source)"
        }
        guard source == 2 else { return who }
        let why = switch reason {
        case 0: "reason-not-specified"
        case 1: "unrecognized-PDU"
        case 2: "unexpected-PDU"
        case 4: "unrecognized-PDU-parameter"
        case 5: "unexpected-PDU-parameter"
        case 6: "invalid-PDU-parameter-value"
        default: "reason \(reason)"
        }
        return "\(who), \(why)"
    }

    /// PS3.7 D.3.3.7 user identity types.
    static func userIdentityType(_ type: Int) -> String {
        switch type {
        case 1: "username"
        case 2: "username and passcode"
        case 3: "Kerberos service ticket"
        case 4: "SAML assertion"
        case 5: "JSON Web Token"
        default: "type \(type)"
        }
    }
}
