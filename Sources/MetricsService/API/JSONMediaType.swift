import HTTPCore

/// Recognises the `Content-Type` values the API reads as JSON.
///
/// `application/json` and any `application/<subtype>+json` (RFC 6839 structured syntax suffix), compared
/// ASCII case-insensitively, with any parameters (`; charset=utf-8`). Everything else (notably the three
/// types an HTML form or a CORS "simple request" may send without a preflight: `text/plain`,
/// `application/x-www-form-urlencoded` and `multipart/form-data`) is not JSON.
enum JSONMediaType {
    /// Whether the `Content-Type` field value `value` names JSON.
    static func matches(_ value: String) -> Bool {
        var bytes = Substring(value).utf8[...]
        if let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) { bytes = bytes[..<semicolon] }
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let type = bytes[..<slash]
        let subtype = bytes[bytes.index(after: slash)...]
        guard type.elementsEqualIgnoringASCIICase("application".utf8),
            !subtype.isEmpty, subtype.allSatisfy(HTTPFieldSyntax.isTokenByte)
        else { return false }
        if subtype.elementsEqualIgnoringASCIICase("json".utf8) { return true }
        let suffix = "+json".utf8
        guard subtype.count > suffix.count else { return false }
        return subtype.suffix(suffix.count).elementsEqualIgnoringASCIICase(suffix)
    }
}
