/// Validation of header field names and values about to be written (RFC 9110 §5.1, §5.5).
///
/// A handler that puts CR or LF in a header could otherwise split the response and inject headers or a
/// second response, so invalid fields are dropped before they reach the wire.
public enum HTTPFieldSyntax {
    /// Whether `name` is a non-empty token.
    static func isValidName(_ name: String) -> Bool {
        !name.utf8.isEmpty && name.utf8.allSatisfy(isTokenByte)
    }

    /// Whether `value` has no control characters other than horizontal tab.
    static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy(isValidValueByte)
    }

    static func isValidValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    /// Whether `byte` is an RFC 9110 `tchar`, the bytes of tokens (field names, media types).
    public static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
