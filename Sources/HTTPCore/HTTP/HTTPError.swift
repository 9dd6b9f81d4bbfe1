/// An error that maps to exactly one HTTP status and renders as `{"error":{"code":"...","message":"..."}}`.
public struct HTTPError: Error, Sendable, Equatable {
    /// The response status.
    public var status: HTTPStatus
    /// A stable machine-readable code, e.g. `not_found`.
    public var code: String
    /// A human-readable explanation.
    public var message: String
    /// Extra response headers (e.g. `Allow`, `Retry-After`).
    public var headers: HTTPHeaders

    /// Creates an error.
    public init(_ status: HTTPStatus, code: String, message: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// The JSON error response (`JSONResponse.error`).
    public var response: HTTPResponse {
        JSONResponse.error(status, code: code, message: message, headers: headers)
    }

    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message && lhs.headers == rhs.headers
    }
}

/// Writes JSON string literals without Foundation.
public enum JSONString {
    /// Appends `string` as a quoted, escaped JSON string to `buffer`.
    public static func append(_ string: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): buffer.append(contentsOf: #"\\"#.utf8)
            case 0x0A: buffer.append(contentsOf: #"\n"#.utf8)
            case 0x0D: buffer.append(contentsOf: #"\r"#.utf8)
            case 0x09: buffer.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: #"\u00"#.utf8)
                buffer.append(hex[Int(byte >> 4)])
                buffer.append(hex[Int(byte & 0xF)])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
