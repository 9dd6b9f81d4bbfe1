import HTTPCore
import Logging

/// Turns each route's access rule into a router guard that checks the request's key against the store.
///
/// The check is made once per request, at routing time, before any task or database work: find the token
/// (`APICredential`), hash it, compare with every key (`APIKeySet`), compare scopes, then take a token from
/// the key's rate limit. Refusals other than 429 are prebuilt responses. Keys and hashes are never logged;
/// a key's name is.
public struct APIAuthenticator: Sendable {
    let store: APIKeyStore
    let logger: Logger
    /// Read once: the log level is fixed after start-up, and a request let through then touches no logger
    /// state, which every loop shares.
    private let logsAcceptedKeys: Bool

    /// Requests per key name (so a key and its rotated successor share one budget); nil when unlimited.
    private let rateLimiter: RateLimiter<String>?

    /// - Parameter rateLimiter: one limiter for the whole process (every loop's router shares it).
    public init(store: APIKeyStore, logger: Logger, rateLimiter: RateLimiter<String>? = nil) {
        self.store = store
        self.logger = logger
        logsAcceptedKeys = logger.logLevel <= .trace
        self.rateLimiter = rateLimiter
    }

    /// The guard for a route with `access`; nil for open routes.
    public func routeGuard(for access: RouteAccess) -> HTTPRouteGuard? {
        guard case .requires(let scope) = access else { return nil }
        return { [self] request in refusal(for: request, requiring: scope) }
    }

    /// nil when `request` carries a key whose scope allows `scope`; otherwise the 401 or 403 to send.
    public func refusal(for request: HTTPRequest, requiring scope: APIScope) -> HTTPResponse? {
        store.withKeys { keys in
            // Only the index and scope on the way through; the name (a shared string) is read for logging alone.
            switch APICredential.withToken(in: request.headers, { keys.index(ofTokenBytes: $0) }) {
            case .failure(let problem):
                logger.debug(
                    "API request refused", metadata: ["request.path": "\(request.path)", "auth.problem": "\(problem)"])
                return Self.unauthorized(problem)
            case .success(nil):
                logger.debug(
                    "API request refused", metadata: ["request.path": "\(request.path)", "auth.problem": "unknown"])
                return Self.unknownKey
            case .success(let index?):
                let granted = keys.scope(at: index)
                guard granted.allows(scope) else {
                    logger.debug(
                        "API request refused",
                        metadata: [
                            "request.path": "\(request.path)", "auth.problem": "scope",
                            "key.name": "\(keys.records[index].name)", "key.scope": "\(granted.rawValue)",
                        ])
                    return Self.forbidden(scope)
                }
                if let rateLimiter,
                    case .limited(let waitNs) = rateLimiter.take(keys.records[index].name, nowNs: Monotonic.now())
                {
                    return HTTPError.rateLimited(retryAfterNs: waitNs, subject: "this API key").response
                }
                if logsAcceptedKeys {
                    logger.trace(
                        "API key accepted",
                        metadata: ["request.path": "\(request.path)", "key.name": "\(keys.records[index].name)"])
                }
                return nil
            }
        }
    }

    static let unauthorizedStatus = HTTPStatus(code: 401, reason: "Unauthorized")
    static let forbiddenStatus = HTTPStatus(code: 403, reason: "Forbidden")

    private static let missing = unauthorized(message: APICredential.Problem.missing.message)
    private static let duplicate = unauthorized(message: APICredential.Problem.duplicate.message)
    private static let notBearer = unauthorized(message: APICredential.Problem.notBearer.message)
    private static let malformed = unauthorized(message: APICredential.Problem.malformed.message)
    static let unknownKey = unauthorized(message: "the API key is not valid")
    private static let forbiddenIngest = forbidden(message: forbiddenMessage(.ingest))
    private static let forbiddenRead = forbidden(message: forbiddenMessage(.read))
    private static let forbiddenAdmin = forbidden(message: forbiddenMessage(.admin))

    static func unauthorized(_ problem: APICredential.Problem) -> HTTPResponse {
        switch problem {
        case .missing: missing
        case .duplicate: duplicate
        case .notBearer: notBearer
        case .malformed: malformed
        }
    }

    static func forbidden(_ scope: APIScope) -> HTTPResponse {
        switch scope {
        case .ingest: forbiddenIngest
        case .read: forbiddenRead
        case .admin: forbiddenAdmin
        }
    }

    private static func forbiddenMessage(_ scope: APIScope) -> String {
        scope == .admin
            ? "this API key's scope does not allow this request; it needs the admin scope"
            : "this API key's scope does not allow this request; it needs the \(scope.rawValue) or admin scope"
    }

    /// 401 `unauthorized` with `WWW-Authenticate: Bearer` (RFC 6750 §3), so clients know which scheme to use.
    private static func unauthorized(message: String) -> HTTPResponse {
        HTTPError(
            unauthorizedStatus, code: "unauthorized", message: message,
            headers: HTTPHeaders([("WWW-Authenticate", #"Bearer realm="agent-metrics""#)])
        ).response
    }

    private static func forbidden(message: String) -> HTTPResponse {
        HTTPError(forbiddenStatus, code: "forbidden", message: message).response
    }
}
