#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `Host` header check of RFC 9112 §3.2, plus an optional list of the hosts this server answers for.
///
/// An HTTP/1.1 request must carry exactly one `Host` whose value is `uri-host [ ":" port ]` (RFC 3986
/// §3.2.2–3.2.3): a reg-name (unreserved, sub-delims and percent-escapes, which covers IPv4 literals), or an
/// IPv6 literal in brackets. An HTTP/1.0 request may omit it, since HTTP/1.0 did not define the field,
/// unless an allowed-hosts list is configured: then the host must be named so it can be checked.
///
/// With `allowedHosts`, a request naming any other host is misdirected (421): a browser tricked by DNS
/// rebinding into sending a page's requests here still names the attacker's host, so it is turned away.
/// Comparison ignores the port, ASCII case and one trailing dot.
public struct HostValidation: Sendable, Equatable {
    /// Lower-cased hosts without port or trailing dot (IPv6 literals keep their brackets); `nil` accepts
    /// any well-formed host.
    public let allowedHosts: [String]?

    /// Why a request's `Host` was refused. Each case maps to one status in `httpError`.
    public enum Failure: Error, Sendable, Equatable {
        /// No `Host` where one is required.
        case missing
        /// More than one `Host` field.
        case duplicate
        /// A `Host` value that is not `uri-host [ ":" port ]`.
        case malformed
        /// A well-formed host that is not in `allowedHosts`.
        case misdirected

        /// The error response: 400 `invalid_host`, or 421 `misdirected_request`.
        public var httpError: HTTPError {
            switch self {
            case .missing:
                HTTPError(.badRequest, code: "invalid_host", message: "The request must carry a Host header.")
            case .duplicate:
                HTTPError(.badRequest, code: "invalid_host", message: "The request carries more than one Host header.")
            case .malformed:
                HTTPError(.badRequest, code: "invalid_host", message: "The Host header is not a valid host[:port].")
            case .misdirected:
                HTTPError(
                    .misdirectedRequest, code: "misdirected_request",
                    message: "This server does not serve the host named in the Host header.")
            }
        }
    }

    /// An `allowedHosts` entry that is not a valid `host[:port]`.
    public struct InvalidEntry: Error, Sendable, Equatable {
        /// The entry as given.
        public var entry: String
    }

    /// Accepts any well-formed host.
    public init() {
        allowedHosts = nil
    }

    /// Accepts only the hosts in `allowedHosts` (`example.com`, `EXAMPLE.com:8443`, `[::1]`, `10.0.0.1`);
    /// a port given with an entry is ignored, like the request's.
    public init(allowedHosts: [String]) throws(InvalidEntry) {
        var hosts: [String] = []
        for entry in allowedHosts {
            guard let length = Self.hostLength(entry) else { throw InvalidEntry(entry: entry) }
            var host = Array(entry.utf8.prefix(length))
            if host.last == UInt8(ascii: "."), host.count > 1 { host.removeLast() }
            hosts.append(String(decoding: host.map(Self.lowercased), as: UTF8.self))
        }
        self.allowedHosts = hosts
    }

    /// Checks the `Host` fields of a request; `nil` when it may be served.
    public func check(_ headers: HTTPHeaders, version: HTTPVersion) -> Failure? {
        var value: String?
        for field in headers.fields
        where field.name.utf8.count == 4 && field.name.utf8.elementsEqualIgnoringASCIICase("host".utf8) {
            if value != nil { return .duplicate }
            value = field.value
        }
        guard let value else {
            return version == .http1_0 && allowedHosts == nil ? nil : .missing
        }
        guard let length = Self.hostLength(value) else { return .malformed }
        guard let allowedHosts else { return nil }
        var host = value.utf8.prefix(length)
        if host.last == UInt8(ascii: "."), host.count > 1 { host = host.dropLast() }
        for allowed in allowedHosts
        where host.elementsEqual(allowed.utf8, by: { Self.lowercased($0) == $1 }) {
            return nil
        }
        return .misdirected
    }

    /// The length in bytes of the host part of a valid `uri-host [ ":" port ]`, or `nil` if `value` is not
    /// one. The port, when present, is at most five digits and at most 65535; an empty port is allowed, as
    /// RFC 3986's `port = *DIGIT` allows it.
    static func hostLength(_ value: String) -> Int? {
        // Native strings are contiguous, so the per-request path copies nothing.
        value.utf8.withContiguousStorageIfAvailable(hostLength) ?? Array(value.utf8).withUnsafeBufferPointer(hostLength)
    }

    private static func hostLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        if bytes[0] == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), isIPv6(bytes[1..<close]) else { return nil }
            index = close + 1
        } else {
            while index < bytes.count && bytes[index] != UInt8(ascii: ":") {
                if bytes[index] == UInt8(ascii: "%") {
                    guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                        return nil
                    }
                    index += 3
                    continue
                }
                guard isRegNameByte(bytes[index]) else { return nil }
                index += 1
            }
            guard index > 0 else { return nil }
        }
        let hostEnd = index
        guard index < bytes.count else { return hostEnd }
        guard bytes[index] == UInt8(ascii: ":") else { return nil }
        let port = bytes[(index + 1)...]
        guard port.count <= 5, port.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        let number = port.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return number <= 65_535 ? hostEnd : nil
    }

    /// An IPv6 address as `inet_pton` reads it; zone ids and IPvFuture are refused (RFC 9110 has no use for
    /// them in `Host`).
    private static func isIPv6(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !text.isEmpty, text.count <= 45,
            text.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
        else { return false }
        var address = in6_addr()
        let cString = Array(text) + [0]
        return cString.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { inet_pton(AF_INET6, $0.baseAddress, &address) == 1 }
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    /// RFC 3986 `unreserved` and `sub-delims`.
    private static func isRegNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            true
        default:
            false
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
