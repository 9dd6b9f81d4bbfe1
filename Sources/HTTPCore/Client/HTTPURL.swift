/// An `http://` URL split for a request: host, port and request target. Other schemes are refused: the client
/// speaks plain HTTP/1.1 only (see `BlockingHTTPClient`).
public struct HTTPURL: Sendable, Equatable, CustomStringConvertible {
    /// A host name or IP literal, without the brackets of an IPv6 literal.
    public var host: String
    public var port: Int
    /// The path and query, `/` at least.
    public var target: String

    /// Parses `http://host[:port][/path][?query]`; nil for anything else (another scheme, user info, an empty
    /// or malformed host, a bad port, a fragment, control characters or spaces).
    public init?(_ text: String) {
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }), !text.contains("#") else { return nil }
        let prefix = "http://"
        guard text.lowercased().hasPrefix(prefix) else { return nil }
        let rest = text.dropFirst(prefix.count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.first == "?" { target = "/" + target }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host: Substring
        var portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return nil }
                portText = after.dropFirst()
            }
        } else {
            let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
        }
        guard !host.isEmpty else { return nil }
        var port = 80
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, let value = Int(portText), (1...65_535).contains(value)
            else { return nil }
            port = value
        }
        self.host = String(host)
        self.port = port
        self.target = target
    }

    /// The `Host` header value.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    public var description: String { "http://\(hostHeader)\(target)" }
}
