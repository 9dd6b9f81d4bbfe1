/// An `http://` or `https://` URL split into what the client needs.
public struct TargetURL: Sendable, Equatable, CustomStringConvertible {
    public var secure: Bool
    public var host: String
    public var port: Int
    /// Path and query, always starting with `/`.
    public var pathAndQuery: String
    /// Sent as `Authorization: Bearer` with every request when set (not part of the URL's text).
    public var apiKey: String?

    /// Why a URL was refused.
    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses `text`; the default port follows the scheme.
    public init(_ text: String) throws(ParseError) {
        var rest = Substring(text)
        if rest.hasPrefix("http://") {
            secure = false
            rest = rest.dropFirst(7)
        } else if rest.hasPrefix("https://") {
            secure = true
            rest = rest.dropFirst(8)
        } else {
            throw ParseError(description: "URL must start with http:// or https://: \(text)")
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        pathAndQuery = path
        var hostPart = authority
        port = secure ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw ParseError(description: "bad IPv6 host in \(text)")
            }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()), (1...65_535).contains(value) else {
                    throw ParseError(description: "bad port in \(text)")
                }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(value) else {
                throw ParseError(description: "bad port in \(text)")
            }
            port = value
        }
        guard !hostPart.isEmpty else { throw ParseError(description: "missing host in \(text)") }
        host = String(hostPart)
    }

    /// The value for the `Host` header.
    public var hostHeader: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return port == (secure ? 443 : 80) ? bracketed : "\(bracketed):\(port)"
    }

    /// The header lines every request to this URL carries.
    public var fixedHeaders: RequestBuilder.FixedHeaders {
        RequestBuilder.FixedHeaders(host: hostHeader, apiKey: apiKey)
    }

    /// This URL's origin with another path.
    public func with(path: String) -> TargetURL {
        var copy = self
        copy.pathAndQuery = path
        return copy
    }

    public var description: String {
        "\(secure ? "https" : "http")://\(hostHeader)\(pathAndQuery)"
    }
}
