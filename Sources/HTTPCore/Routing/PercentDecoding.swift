/// Decodes `%XX` escapes (RFC 3986) in path segments and query components, without Foundation.
public enum PercentDecoding {
    /// Decodes `s`, turning `+` into a space when `plusAsSpace` (form encoding, used by query strings).
    ///
    /// Returns `nil` when an escape is truncated or not hexadecimal, or when the decoded bytes are not
    /// valid UTF-8: callers decide whether that is a 400 or a dropped value.
    public static func decode(_ s: Substring, plusAsSpace: Bool) -> String? {
        let utf8 = s.utf8
        // Most segments and values contain no escapes; returning them as they are avoids a byte buffer.
        guard utf8.contains(where: { $0 == percent || (plusAsSpace && $0 == plus) }) else {
            return String(s)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            index = utf8.index(after: index)
            switch byte {
            case percent:
                guard index != utf8.endIndex, let high = hexValue(utf8[index]) else { return nil }
                index = utf8.index(after: index)
                guard index != utf8.endIndex, let low = hexValue(utf8[index]) else { return nil }
                index = utf8.index(after: index)
                bytes.append(high << 4 | low)
            case plus where plusAsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
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
