import HTTPCore

/// Finds the API key in a request's headers: `Authorization: Bearer <key>` (scheme case-insensitive,
/// RFC 9110 §11.1) or `X-API-Key: <key>`.
///
/// Exactly one of the two headers, once: two `Authorization` headers, two `X-API-Key` headers or one of
/// each are refused rather than guessed between, since a proxy that adds its own header could otherwise
/// decide which key counts. The token must be 1 to 256 base64url characters (`am_` keys are 46).
/// Allocates nothing: the token is read in place in the header value.
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

    /// The key in `headers` as a string, or why there is none (for tests and tools; requests use `withToken`).
    static func token(in headers: HTTPHeaders) -> Result<String, Problem> {
        withToken(in: headers) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of the key in `headers` (a view into the header value, valid only during the
    /// call), or says why there is none.
    @inline(__always)
    static func withToken<R>(in headers: HTTPHeaders, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> Result<R, Problem> {
        // Indices, not copies of the fields: a copied field is two retains and two releases per header.
        headers.fields.withUnsafeBufferPointer { fields in
            var authorization = -1
            var apiKey = -1
            for index in fields.indices {
                if isName(fields[index].name, "authorization") {
                    guard authorization < 0 else { return .failure(.duplicate) }
                    authorization = index
                } else if isName(fields[index].name, "x-api-key") {
                    guard apiKey < 0 else { return .failure(.duplicate) }
                    apiKey = index
                }
            }
            switch (authorization >= 0, apiKey >= 0) {
            case (false, false): return .failure(.missing)
            case (true, true): return .failure(.duplicate)
            case (true, false):
                return withBytes(of: fields[authorization].value) { bytes in
                    guard let range = bearerTokenRange(bytes) else { return .failure(.notBearer) }
                    let token = UnsafeBufferPointer(rebasing: bytes[range])
                    guard isWellFormed(token) else { return .failure(.malformed) }
                    return .success(body(token))
                }
            case (false, true):
                return withBytes(of: fields[apiKey].value) { bytes in
                    guard isWellFormed(bytes) else { return .failure(.malformed) }
                    return .success(body(bytes))
                }
            }
        }
    }

    /// `body` on the UTF-8 bytes of `text`, in place for a native string (every parsed header value is one).
    @inline(__always)
    private static func withBytes<T>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Whether the header name `name` is `lowercase` in any case. Length first: most header names differ in
    /// length, and then no byte is compared.
    @inline(__always)
    private static func isName(_ name: String, _ lowercase: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        guard name.utf8.count == expected.count else { return false }
        // Header names are native strings, so the generic fallback is for completeness only.
        return name.utf8.withContiguousStorageIfAvailable { bytes in
            for index in 0..<expected.count {
                let want = expected[index]
                let have = bytes[index]
                // Folding with 0x20 is right only for letters, so other bytes must match exactly.
                let isLetter = want >= UInt8(ascii: "a") && want <= UInt8(ascii: "z")
                if (isLetter ? have | 0x20 : have) != want { return false }
            }
            return true
        } ?? name.utf8.elementsEqualIgnoringASCIICase(expected)
    }

    /// The offsets of the credentials after `Bearer` and at least one space; nil for another scheme. `Bearer`
    /// alone is a Bearer credential with an empty (so malformed) token, not another scheme.
    @inline(__always)
    private static func bearerTokenRange(_ value: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let scheme: StaticString = "bearer"
        let length = scheme.utf8CodeUnitCount
        guard value.count >= length else { return nil }
        for index in 0..<length where value[index] | 0x20 != scheme.utf8Start[index] { return nil }
        if value.count == length { return length..<length }
        guard value[length] == UInt8(ascii: " ") else { return nil }
        var start = length
        while start < value.count && value[start] == UInt8(ascii: " ") { start += 1 }
        return start..<value.count
    }

    /// Whether `token` could be a key: 1 to `maximumTokenLength` bytes, each in the base64url alphabet.
    public static func isWellFormed(_ token: Substring) -> Bool {
        var token = token
        return token.withUTF8 { isWellFormed($0) }
    }

    /// base64url (`A-Z a-z 0-9 - _`) as a bit per byte 0–63 and 64–127, as `HTTPBytes` does for tokens.
    private static let alphabetLow: UInt64 = 0x03ff_2000_0000_0000
    private static let alphabetHigh: UInt64 = 0x07ff_fffe_87ff_fffe

    @inline(__always)
    static func isWellFormed(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !token.isEmpty, token.count <= maximumTokenLength else { return false }
        for byte in token {
            let allowed =
                byte < 64 ? (alphabetLow >> byte) & 1 : byte < 128 ? (alphabetHigh >> (byte &- 64)) & 1 : 0
            if allowed == 0 { return false }
        }
        return true
    }
}
