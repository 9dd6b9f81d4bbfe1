/// Validation of header field names and values about to be written (RFC 9110 §5.1, §5.5).
///
/// A handler that puts CR or LF in a header could otherwise split the response and inject headers or a
/// second response, so invalid fields are dropped before they reach the wire.
public enum HTTPFieldSyntax {
    /// Whether `name` is a non-empty token.
    static func isValidName(_ name: String) -> Bool {
        !name.utf8.isEmpty && allBytes(of: name, satisfy: isTokenByte)
    }

    /// Whether `value` has no control characters other than horizontal tab.
    static func isValidValue(_ value: String) -> Bool {
        allBytes(of: value, satisfy: isValidValueByte)
    }

    /// Whether every UTF-8 byte of `text` satisfies `predicate`, read from the string's own storage when it has
    /// one: a walk of `String.UTF8View` indices costs several times a loop over bytes, and the serializer checks
    /// every header of every response.
    @inline(__always)
    private static func allBytes(of text: String, satisfy predicate: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(predicate) } ?? text.utf8.allSatisfy(predicate)
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
