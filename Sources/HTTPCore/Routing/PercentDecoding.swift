/// Decodes `%XX` escapes (RFC 3986) in path segments and query components, without Foundation.
public enum PercentDecoding {
    /// Decodes `s`, turning `+` into a space when `plusAsSpace` (form encoding, used by query strings).
    ///
    /// Returns `nil` when an escape is truncated or not hexadecimal, or when the decoded bytes are not
    /// valid UTF-8: callers decide whether that is a 400 or a dropped value.
    public static func decode(_ s: Substring, plusAsSpace: Bool) -> String? {
        var s = s
        return s.withUTF8 { decode(utf8: $0, plusAsSpace: plusAsSpace) }
    }

    /// `decode(_:plusAsSpace:)` over UTF-8 bytes; `nil` also when the bytes themselves are not valid UTF-8.
    static func decode(utf8 bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> String? {
        // Most segments and values contain no escapes: they become a String as they are, with no byte buffer.
        guard bytes.contains(where: { $0 == percent || (plusAsSpace && $0 == plus) }) else {
            return string(validating: bytes)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case percent:
                guard index + 1 < bytes.count, let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1])
                else { return nil }
                index += 2
                decoded.append(high << 4 | low)
            case plus where plusAsSpace:
                decoded.append(UInt8(ascii: " "))
            default:
                decoded.append(byte)
            }
        }
        return decoded.withUnsafeBufferPointer { string(validating: $0) }
    }

    /// The bytes as a String, or `nil` when they are not valid UTF-8. ASCII (nearly every query and path) is
    /// valid as it is and goes through `String(decoding:)`; the generic `String(validating:as:)` looks up
    /// generic metadata on every call, which was a third of a query's parsing.
    private static func string(validating bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    private static let percent = UInt8(ascii: "%")
    private static let plus = UInt8(ascii: "+")

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
