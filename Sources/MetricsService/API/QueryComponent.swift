/// Percent-encoding of a query component: everything but RFC 3986's unreserved characters.
enum QueryComponent {
    /// `path` as a URI path for a `Link` target: bytes a path may hold (RFC 3986 `pchar`, `/`, and `%` of the
    /// escapes the router has already checked) are kept, every other byte is escaped.
    ///
    /// The parser passes some bytes a URI may not hold (`>` among them) through in the request target; copied into
    /// `Link: <...>` as they were, a `>` ended the link early and sent a client following it somewhere else.
    static func encodePath(_ path: String) -> String {
        guard !path.utf8.allSatisfy(isPathByte) else { return path }
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count + 8)
        for byte in path.utf8 {
            if isPathByte(byte) { out.append(byte) } else { appendEscape(byte, to: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-._~!$&'()*+,;=:@/%".utf8.contains(byte)
        }
    }

    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        out.append(UInt8(ascii: "%"))
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0x0F)])
    }

    static func encode(_ text: String) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
