#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How to reach MongoDB. Built once in `Main` from flags/environment and passed down.
public struct MongoConfiguration: Sendable {
    /// A `mongodb://` connection string.
    public var uri: String
    /// The logical database that holds the service's collections.
    public var databaseName: String
    /// Blocking threads, and so the most libmongoc clients in use at once.
    public var threadCount: Int
    /// Bound on server selection and connecting, so that a down database fails fast instead
    /// of stalling requests for libmongoc's 30 s default.
    public var operationTimeout: Duration
    /// Bound on a single socket read or write once connected. Larger than `operationTimeout`
    /// because aggregations legitimately take a while.
    public var socketTimeout: Duration
    /// Most operations that may wait for a thread; past it requests are refused at once
    /// (`503 overloaded`). Waiting operations hold a request each, so this bounds their memory.
    public var queueLimit: Int
    /// Longest an operation may wait for a thread; past it the request is answered
    /// `503 overloaded` instead of being started late.
    public var waitTimeout: Duration

    public init(
        uri: String = "mongodb://localhost:27017",
        databaseName: String = "agent_metrics",
        threadCount: Int = MongoConfiguration.defaultThreadCount,
        operationTimeout: Duration = .seconds(2),
        socketTimeout: Duration = .seconds(10),
        queueLimit: Int = MongoConfiguration.defaultQueueLimit,
        waitTimeout: Duration = .seconds(5)
    ) {
        self.uri = uri
        self.databaseName = databaseName
        self.threadCount = threadCount
        self.operationTimeout = operationTimeout
        self.socketTimeout = socketTimeout
        self.queueLimit = queueLimit
        self.waitTimeout = waitTimeout
    }

    /// 1,024 waiting operations: at 1–5 ms each on a healthy database a full queue drains well
    /// inside the wait timeout, so only a stalled database fills it.
    public static let defaultQueueLimit = 1_024

    /// Twice the online cores: the threads mostly wait on the network.
    public static var defaultThreadCount: Int {
        max(2, 2 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// `uri` with timeout options appended unless the URI already sets them.
    public var effectiveURI: String {
        let timeoutMS = Self.milliseconds(operationTimeout)
        var options: [(String, Int64)] = [
            ("serverSelectionTimeoutMS", timeoutMS),
            ("connectTimeoutMS", timeoutMS),
            ("socketTimeoutMS", Self.milliseconds(socketTimeout)),
        ]
        let lowered = uri.lowercased()
        options.removeAll { lowered.contains(($0.0 + "=").lowercased()) }
        guard !options.isEmpty else { return uri }
        let query = options.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        if let questionMark = uri.firstIndex(of: "?") {
            let existing = uri[uri.index(after: questionMark)...]
            let separator = existing.isEmpty || existing.hasSuffix("&") ? "" : "&"
            return uri + separator + query
        }
        // Options need a "/" after the host list: mongodb://host:port/?opts or /db?opts.
        let slashes = uri.split(separator: "/", omittingEmptySubsequences: false).count - 1
        // "mongodb://host" has two slashes; a third starts the path.
        return uri + (slashes > 2 ? "?" : "/?") + query
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
