/// Everything the HTTP server needs to know, built once in `Main` from flags.
public struct HTTPServerConfiguration: Sendable {
    /// How new connections reach the loops.
    public enum AcceptMode: String, Sendable, CaseIterable {
        /// One `SO_REUSEPORT` listener per loop; the kernel spreads connections.
        case reusePort = "reuseport"
        /// One listener on the first loop hands sockets to the loops in turn.
        case single
    }

    /// Address to bind: an IPv4 or IPv6 literal or a host name.
    public var host: String = "0.0.0.0"
    /// Port to bind; 0 picks a free one (see `HTTPServer.localPort`).
    public var port: Int = 8080
    /// Number of event loops (threads).
    public var eventLoops: Int = System.coreCount
    /// How accepted sockets are spread over the loops.
    public var acceptMode: AcceptMode = .reusePort
    /// Parser limits: header block, URI and body sizes.
    public var limits = HTTPParserLimits()
    /// Connection timeouts.
    public var timeouts = Timeouts()
    /// Connections above this are answered 503 and closed.
    public var maxConnections: Int = 65_536
    /// Open connections allowed from one client address; the client's further sockets are refused (503 on
    /// plain HTTP, closed under TLS) while its open ones carry on. Counted over all loops.
    public var maxConnectionsPerAddress: Int = 256
    /// Requests one client address may make, as a token bucket over all loops; `nil` (the library's
    /// default; `Main` sets one) sets no limit. Over it a request is answered `429 rate_limited` with
    /// `Retry-After`, and the connection stays open.
    public var rateLimitPerAddress: TokenBucket.Limit?
    /// What the `Host` header must look like, and which hosts are served.
    public var hostValidation = HostValidation()
    /// The `Strict-Transport-Security` value sent on every response when TLS is on; `nil` sends none.
    ///
    /// Two years, as hstspreload.org and Mozilla's server-side TLS guidelines recommend: long enough that a
    /// returning browser never tries plain HTTP first. No `includeSubDomains`: the server cannot know that
    /// its sibling hosts all speak HTTPS.
    public var strictTransportSecurity: String? = "max-age=63072000"
    /// Unsent response bytes above which a connection stops reading requests.
    public var writeHighWaterMark: Int = 1 << 20
    /// TLS settings; `nil` serves plain HTTP.
    public var tls: TLSConfiguration?
    /// Log one line per request (time, request id, method, route, status, bytes, duration, key name, client
    /// address) at `info` to the `agent-metrics.access` logger; off by default.
    public var accessLog = false
    /// The `Server` header's value.
    public var serverName: String = "agent-metrics"

    /// Connection timeouts.
    public struct Timeouts: Sendable {
        /// From accept (or the first byte of a request) until its header block is complete.
        public var headerRead: Duration = .seconds(10)
        /// A keep-alive connection with no request in progress.
        public var idle: Duration = .seconds(60)
        /// Between bytes of a request body.
        public var bodyRead: Duration = .seconds(30)
        /// A response that makes no progress being sent.
        public var write: Duration = .seconds(30)
        /// How long shutdown waits for in-flight requests.
        public var drain: Duration = .seconds(10)

        /// The defaults.
        public init() {}
    }

    /// The serializer every response of this server goes through, with its fixed headers.
    var responseSerializer: HTTPResponseSerializer {
        var fixed = HTTPHeaders()
        if tls != nil, let strictTransportSecurity {
            fixed.add(name: "Strict-Transport-Security", value: strictTransportSecurity)
        }
        return HTTPResponseSerializer(serverName: serverName, fixedHeaders: fixed)
    }

    /// The defaults: port 8080 on all addresses, one loop per core, plain HTTP.
    public init() {}
}
