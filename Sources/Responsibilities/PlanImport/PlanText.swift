// 读入文本:UTF-8(可带 BOM);否则按 GB18030 用 iconv 转换;二进制文件和空文件报错。
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns the bytes of an uploaded plan into text.
public enum PlanText {
    /// UTF-8 with or without a BOM; otherwise GB18030 (which covers GBK and GB2312).
    /// NUL bytes, control characters or bytes valid in neither encoding → `.binary`;
    /// nothing but whitespace → `.empty`.
    public static func decode(_ bytes: [UInt8]) throws -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let nul = body.firstIndex(of: 0) {
            throw PlanImportError.binary("第\(nul + 1)字节是 NUL (NUL byte at offset \(nul))")
        }
        let text: String
        if let utf8 = String(validating: body, as: UTF8.self) {
            text = utf8
        } else if let gb = convert(Array(body), from: "GB18030") {
            text = gb
        } else {
            throw PlanImportError.binary("既不是 UTF-8 也不是 GB18030 编码")
        }
        let controls = text.unicodeScalars.filter(isStrayControl).count
        if controls > 0 {
            throw PlanImportError.binary("含\(controls)个控制字符")
        }
        if text.allSatisfy({ $0.isWhitespace || $0 == "\u{FEFF}" }) {
            throw PlanImportError.empty
        }
        return text
    }

    /// Control characters that never occur in a plain-text document (tab, newlines and form feed do).
    static func isStrayControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return false
        case 0x00...0x1F, 0x7F: return true
        default: return false
        }
    }

    /// Converts `bytes` in `encoding` to a String with iconv; nil on any invalid or incomplete sequence.
    static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
        guard let output = iconvBytes(bytes, from: encoding, to: "UTF-8") else { return nil }
        return String(validating: output, as: UTF8.self)
    }

    /// Encodes text with iconv (the inverse of `decode`, used to produce GB18030 files).
    public static func encode(_ text: String, as encoding: String) -> [UInt8]? {
        iconvBytes(Array(text.utf8), from: "UTF-8", to: encoding)
    }

    static func iconvBytes(_ input: [UInt8], from source: String, to target: String) -> [UInt8]? {
        let handle = iconv_open(target, source)
        guard handle != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(handle) }
        var input = input
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let outputCount = output.count
        let result: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress.map {
                    UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self)
                }
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress.map {
                    UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self)
                }
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                if iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) == -1 || inLeft != 0 { return nil }
                // Flush any shift state.
                if iconv(handle, nil, nil, &outPointer, &outLeft) == -1 { return nil }
                return outputCount - outLeft
            }
        }
        guard let written = result else { return nil }
        return Array(output[..<written])
    }
}
