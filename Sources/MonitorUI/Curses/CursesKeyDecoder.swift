import CNCurses

/// Turns what `wget_wch` returned into a `Key` (or a resize / click), so the reducer never sees curses codes.
enum CursesKeyDecoder {
    enum Decoded: Equatable {
        case key(Key)
        case resize
        case mouse
    }

    static func decode(status: Int32, code: UInt32) -> Decoded? {
        if status == Int32(cn_key_code_yes()) {
            let c = Int32(bitPattern: code)
            switch c {
            case cn_key_resize(): return .resize
            case cn_key_mouse(): return .mouse
            case cn_key_up(): return .key(.up)
            case cn_key_down(): return .key(.down)
            case cn_key_left(): return .key(.left)
            case cn_key_right(): return .key(.right)
            case cn_key_ppage(): return .key(.pageUp)
            case cn_key_npage(): return .key(.pageDown)
            case cn_key_home(): return .key(.home)
            case cn_key_end(): return .key(.end)
            case cn_key_btab(): return .key(.backTab)
            case cn_key_enter(): return .key(.enter)
            case cn_key_backspace(): return .key(.backspace)
            default: return nil
            }
        }
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(UnicodeScalar(code + 96) ?? "?")))
        default:
            guard let scalar = UnicodeScalar(code), code >= 32 else { return nil }
            return .key(.char(Character(scalar)))
        }
    }
}
