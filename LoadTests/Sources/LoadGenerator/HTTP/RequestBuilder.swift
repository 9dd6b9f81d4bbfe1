/// Serializes requests once, up front, so the hot path only copies bytes that already exist.
public enum RequestBuilder {
    /// The header lines every request carries: `Host`, `User-Agent` and, with an API key,
    /// `Authorization: Bearer <key>`. Built once per run.
    public struct FixedHeaders: Sendable, Equatable {
        public let text: String

        public init(host: String, apiKey: String? = nil) {
            var text = "Host: \(host)\r\nUser-Agent: agent-metrics-load\r\n"
            if let apiKey { text += "Authorization: Bearer \(apiKey)\r\n" }
            self.text = text
        }
    }

    /// `GET path` with keep-alive (HTTP/1.1's default, so no `Connection` header is needed).
    public static func get(_ pathAndQuery: String, headers: FixedHeaders) -> [UInt8] {
        Array("GET \(pathAndQuery) HTTP/1.1\r\n\(headers.text)\r\n".utf8)
    }

    /// `POST path` with a JSON body.
    public static func post(_ path: String, headers: FixedHeaders, json body: [UInt8]) -> [UInt8] {
        var bytes = Array(
            ("POST \(path) HTTP/1.1\r\n\(headers.text)Content-Type: application/json\r\n"
                + "Content-Length: \(body.count)\r\n\r\n").utf8)
        bytes.append(contentsOf: body)
        return bytes
    }

    /// Percent-encodes a path segment (agent names and versions are plain, but users choose prefixes).
    public static func segment(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return result
    }
}
