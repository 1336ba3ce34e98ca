#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Character set conversion to UTF-8 through the C library's iconv (glibc's gconv modules on Linux): the
/// single-byte ISO 8859 parts, TIS 620, GB18030, GBK, EUC-JP, EUC-KR and EUC-CN that PS3.5 §6.1 names.
///
/// Strict: no transliteration, no skipping. A byte sequence that is not valid in the set (an unassigned code, a
/// truncated multi-byte character) yields nil, so the caller reports it rather than showing mojibake.
enum Iconv {
    /// `bytes` in the iconv encoding `name`, as a string; nil when they do not convert or iconv does not know
    /// `name`.
    static func decode(_ bytes: [UInt8], from name: String) -> String? {
        if bytes.isEmpty { return "" }
        let descriptor = iconv_open("UTF-8", name)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        // UTF-8 takes at most 4 bytes per input byte for every set here (GB18030 4-byte sequences map to one
        // scalar of at most 4 UTF-8 bytes).
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 4)
        var input = bytes
        let converted: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                inBuffer.baseAddress.flatMap { inBase in
                    outBuffer.baseAddress.flatMap { outBase in
                        inBase.withMemoryRebound(to: CChar.self, capacity: inBuffer.count) { inChars in
                            outBase.withMemoryRebound(to: CChar.self, capacity: outBuffer.count) { outChars in
                                var inPointer: UnsafeMutablePointer<CChar>? = inChars
                                var inLeft = inBuffer.count
                                var outPointer: UnsafeMutablePointer<CChar>? = outChars
                                var outLeft = outBuffer.count
                                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1,
                                      inLeft == 0 else { return nil }
                                // Flush a stateful decoder's pending shift state.
                                guard iconv(descriptor, nil, nil, &outPointer, &outLeft) != -1 else { return nil }
                                return outBuffer.count - outLeft
                            }
                        }
                    }
                }
            }
        }
        guard let converted else { return nil }
        return String(validating: output[0..<converted], as: UTF8.self)
    }
}
