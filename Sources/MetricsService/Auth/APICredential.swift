import HTTPCore

/// Finds the API key in a request's headers: `Authorization: Bearer <key>` (scheme case-insensitive,
/// RFC 9110 §11.1) or `X-API-Key: <key>`.
///
/// Exactly one of the two headers, once: two `Authorization` headers, two `X-API-Key` headers or one of
/// each are refused rather than guessed between, since a proxy that adds its own header could otherwise
/// decide which key counts. The token must be 1 to 256 base64url characters (`am_` keys are 46).
/// Allocates nothing: the token is a slice of the header value.
public enum APICredential {
    /// Why a request carries no usable key; each is a 401.
    enum Problem: Error, Sendable, CaseIterable {
        case missing
        case duplicate
        case notBearer
        case malformed

        var message: String {
            switch self {
            case .missing: "an API key is required: send Authorization: Bearer <key> or X-API-Key: <key>"
            case .duplicate: "send the API key in exactly one Authorization or X-API-Key header"
            case .notBearer: "the Authorization header must use the Bearer scheme"
            case .malformed: "the API key is malformed"
            }
        }
    }

    /// Longest token considered; longer ones are malformed without being hashed.
    static let maximumTokenLength = 256

    /// The key in `headers`, or why there is none.
    static func token(in headers: HTTPHeaders) -> Result<Substring, Problem> {
        var authorization: String?
        var apiKey: String?
        for field in headers.fields {
            let name = field.name.utf8
            // Cheap first-byte filter: most headers are neither.
            guard let first = name.first, first | 0x20 == UInt8(ascii: "a") || first | 0x20 == UInt8(ascii: "x")
            else { continue }
            if name.elementsEqualIgnoringASCIICase("authorization".utf8) {
                guard authorization == nil else { return .failure(.duplicate) }
                authorization = field.value
            } else if name.elementsEqualIgnoringASCIICase("x-api-key".utf8) {
                guard apiKey == nil else { return .failure(.duplicate) }
                apiKey = field.value
            }
        }
        let token: Substring
        switch (authorization, apiKey) {
        case (nil, nil): return .failure(.missing)
        case (.some, .some): return .failure(.duplicate)
        case (.some(let value), nil):
            guard let bearer = bearerToken(value) else { return .failure(.notBearer) }
            token = bearer
        case (nil, .some(let value)):
            token = Substring(value)
        }
        guard isWellFormed(token) else { return .failure(.malformed) }
        return .success(token)
    }

    /// The credentials after `Bearer` and at least one space; nil for another scheme.
    private static func bearerToken(_ value: String) -> Substring? {
        let utf8 = value.utf8
        let scheme = "bearer".utf8
        guard utf8.count > scheme.count,
            utf8.prefix(scheme.count).elementsEqualIgnoringASCIICase(scheme)
        else {
            // `Bearer` alone (no token) is a Bearer credential with an empty token: malformed, not another scheme.
            return utf8.elementsEqualIgnoringASCIICase(scheme) ? "" : nil
        }
        var index = utf8.index(utf8.startIndex, offsetBy: scheme.count)
        guard utf8[index] == UInt8(ascii: " ") else { return nil }
        while index < utf8.endIndex && utf8[index] == UInt8(ascii: " ") { index = utf8.index(after: index) }
        return value[index...]
    }

    /// Whether `token` could be a key: 1 to `maximumTokenLength` bytes, each in the base64url alphabet.
    public static func isWellFormed(_ token: Substring) -> Bool {
        let utf8 = token.utf8
        guard !utf8.isEmpty, utf8.count <= maximumTokenLength else { return false }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                continue
            default: return false
            }
        }
        return true
    }
}
