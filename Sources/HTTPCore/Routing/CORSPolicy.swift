/// Cross-origin access (the Fetch standard's CORS protocol) for a list of trusted origins; off when the list
/// is empty, as it is by default.
///
/// A request from an allowed origin gets `Access-Control-Allow-Origin` echoing its `Origin`; a preflight
/// (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from one is answered 204 with the methods the
/// path accepts, the request headers clients may send and a cache lifetime. A request from any other origin
/// gets no `Access-Control-*` header, and its preflight a 403, so the browser keeps the response from the
/// page. While CORS is on every response carries `Vary: Origin`, so a cache never hands one origin's answer
/// to another. No `Access-Control-Allow-Credentials`: clients authenticate with an explicit header, never a
/// cookie.
public struct CORSPolicy: Sendable, Equatable {
    /// Allowed origins as `scheme://host[:port]`, lower-cased, without a default port.
    public let allowedOrigins: [String]
    /// Request headers a cross-origin page may send.
    public static let allowedHeaders = "Authorization, X-API-Key, Content-Type, X-Request-Id"
    /// Seconds a browser may cache a preflight answer: ten minutes, so removing an origin takes effect
    /// soon, while a page polling the API still preflights rarely.
    public static let maxAge = 600

    /// An origin that is not `http(s)://host[:port]`.
    public struct InvalidOrigin: Error, Sendable, Equatable {
        /// The origin as given.
        public var origin: String
    }

    /// What the policy makes of a request's `Origin`.
    public enum Decision: Sendable, Equatable {
        /// CORS is off: add nothing.
        case off
        /// CORS is on but the request has no allowed origin: add `Vary: Origin` only; refuse a preflight.
        case notAllowed
        /// The request's `Origin` (as sent) is allowed.
        case allowed(origin: String)
    }

    /// CORS off.
    public init() {
        allowedOrigins = []
    }

    /// Allows `origins`, each `http://` or `https://` with a host and optional port (`https://dash.example`,
    /// `http://localhost:3000`); `*` and `null` are refused, since either would let any page read the API.
    public init(allowedOrigins origins: [String]) throws(InvalidOrigin) {
        var normalized: [String] = []
        for origin in origins {
            guard let value = Self.normalize(origin) else { throw InvalidOrigin(origin: origin) }
            if !normalized.contains(value) { normalized.append(value) }
        }
        allowedOrigins = normalized
    }

    /// Whether any origin is allowed.
    public var isEnabled: Bool { !allowedOrigins.isEmpty }

    /// The decision for a request whose `Origin` field is `origin`.
    public func decide(origin: String?) -> Decision {
        guard isEnabled else { return .off }
        guard let origin, let normalized = Self.normalize(origin), allowedOrigins.contains(normalized) else {
            return .notAllowed
        }
        return .allowed(origin: origin)
    }

    /// Whether `request` is a CORS preflight.
    public static func isPreflight(_ request: HTTPRequest) -> Bool {
        request.method == "OPTIONS" && request.headers["Origin"] != nil
            && request.headers["Access-Control-Request-Method"] != nil
    }

    /// The answer to a preflight for a path that accepts `methods`.
    public static func preflightResponse(_ decision: Decision, methods: [String]) -> HTTPResponse {
        guard case .allowed(let origin) = decision else {
            var response = HTTPError(
                HTTPStatus(code: 403, reason: "Forbidden"), code: "origin_not_allowed",
                message: "Cross-origin requests from this origin are not allowed."
            ).response
            response.headers.add(name: "Vary", value: "Origin")
            return response
        }
        return HTTPResponse(
            status: .noContent,
            headers: HTTPHeaders([
                ("Access-Control-Allow-Origin", origin),
                ("Vary", "Origin"),
                ("Access-Control-Allow-Methods", methods.joined(separator: ", ")),
                ("Access-Control-Allow-Headers", allowedHeaders),
                ("Access-Control-Max-Age", String(maxAge)),
            ]))
    }

    /// Adds the decision's headers to an actual (non-preflight) response.
    public static func apply(_ decision: Decision, to response: inout HTTPResponse) {
        switch decision {
        case .off:
            return
        case .notAllowed:
            response.headers.add(name: "Vary", value: "Origin")
        case .allowed(let origin):
            response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: origin)
            response.headers.add(name: "Vary", value: "Origin")
        }
    }

    /// `scheme://host[:port]` lower-cased with a default port dropped, or `nil` if `origin` is not one.
    static func normalize(_ origin: String) -> String? {
        let lowered = String(decoding: origin.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
        let scheme: String
        let defaultPort: String
        if lowered.hasPrefix("https://") {
            (scheme, defaultPort) = ("https://", ":443")
        } else if lowered.hasPrefix("http://") {
            (scheme, defaultPort) = ("http://", ":80")
        } else {
            return nil
        }
        var authority = String(lowered.dropFirst(scheme.count))
        guard let hostLength = HostValidation.hostLength(authority) else { return nil }
        if authority.hasSuffix(defaultPort) && authority.utf8.count == hostLength + defaultPort.utf8.count {
            authority.removeLast(defaultPort.count)
        } else if authority.hasSuffix(":") {
            authority.removeLast()
        }
        return scheme + authority
    }
}
