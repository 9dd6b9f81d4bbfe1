import TestSupport
import Foundation
import HTTPCore
import Logging

@testable import MetricsService

/// The real service (`MetricsApplication` behind an in-process `HTTPServer` on a free port) on a
/// real nx-27017, torn down when the test ends.
struct APIServer {
    let port: Int
    let pool: MongoPool
    let application: MetricsApplication

    /// `/metrics` served with an empty exposition (no metrics backend is bootstrapped in tests), so every
    /// route of the shipped server is registered.
    static let observability = ObservabilityConfiguration(exposition: { [] })

    /// Starts nx-27017, the pool and the server; `body` gets the running service.
    /// - Parameter workerInterval: run the metrics worker in the server, as `agent-metrics server` does
    ///   by default; nil (the default here) runs none and starts no background work.
    static func with<T>(
        loops: Int = 2, workerInterval: Duration? = nil,
        keys: APIKeyStore? = nil, rateLimitPerKey: TokenBucket.Limit? = nil,
        comparison: ComparisonConfiguration = ComparisonConfiguration(), alerts: AlertConfiguration? = nil,
        _ body: (APIServer) async throws -> T
    ) async throws -> T {
        try await TestDatabase.with { database in
            try await with(
                uri: database.uri, databaseName: database.databaseName, loops: loops, workerInterval: workerInterval,
                keys: keys, rateLimitPerKey: rateLimitPerKey, comparison: comparison, alerts: alerts, body)
        }
    }

    /// Runs the service against an already running database.
    static func with<T>(
        uri: String, databaseName: String, loops: Int = 2, createIndexes: Bool = true,
        workerInterval: Duration? = nil, keys: APIKeyStore? = nil, rateLimitPerKey: TokenBucket.Limit? = nil,
        comparison: ComparisonConfiguration = ComparisonConfiguration(), alerts: AlertConfiguration? = nil,
        _ body: (APIServer) async throws -> T
    ) async throws -> T {
        let pool = try MongoPool(
            configuration: MongoConfiguration(uri: uri, databaseName: databaseName, threadCount: 4))
        defer { pool.shutdown() }
        let application = MetricsApplication(
            pool: pool, logger: Logger(label: "test.api"), workerInterval: workerInterval, keys: keys,
            rateLimitPerKey: rateLimitPerKey, observability: observability, comparison: comparison,
            alerts: alerts)
        if createIndexes { try await application.indexes.ensureCreated() }
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = loops
        let group = try EventLoopGroup(count: loops)
        let server = try HTTPServer(configuration: configuration, group: group) { loop in
            application.makeResponder(loop: loop)
        }
        try server.start()
        // As the shipped server does: background index retries, the dashboard's refresh (or the worker).
        application.start(loop: group.loops[0])
        defer {
            application.stop()
            server.shutdown()
            group.shutdown()
        }
        return try await body(APIServer(port: server.localPort, pool: pool, application: application))
    }

    /// A keep-alive client connected to this server. The receive timeout only keeps a broken server from
    /// hanging a test; it is generous because a busy machine (parallel tests on two cores) can take seconds
    /// over a request that reaches nx-27017.
    func client(receiveTimeout: Double = 60) throws -> TestClient {
        try TestClient(port: port, receiveTimeout: receiveTimeout)
    }

    /// One request on a fresh connection, sent and read on its own thread (`onThread`), so the test never
    /// holds a cooperative thread that the server's own tasks (the dashboard's first load) need.
    func request(_ method: String, _ path: String, _ body: String? = nil) async throws -> TestClient.Response {
        try await send(method, path, body, [])
    }

    /// One request with extra header lines, on a fresh connection, on its own thread.
    func send(_ method: String, _ path: String, _ body: String?, _ headers: [(String, String)]) async throws
        -> TestClient.Response
    {
        try await withClient { try $0.request(method, path, body, headers: headers) }
    }

    /// Runs `body` with a fresh keep-alive client on its own thread (`onThread`); `body` does the blocking
    /// socket work and returns plain values for the test to check outside it.
    func withClient<T: Sendable>(
        receiveTimeout: Double = 60, _ body: @escaping @Sendable (TestClient) throws -> T
    ) async throws -> T {
        try await withClients(1, receiveTimeout: receiveTimeout) { try body($0[0]) }
    }

    /// Runs `body` with `count` fresh clients (connected in order) on its own thread, as `withClient`.
    func withClients<T: Sendable>(
        _ count: Int, receiveTimeout: Double = 60, _ body: @escaping @Sendable ([TestClient]) throws -> T
    ) async throws -> T {
        let port = port
        return try await onThread {
            try body((0..<count).map { _ in try TestClient(port: port, receiveTimeout: receiveTimeout) })
        }
    }

    /// Documents in `collection` matching `filter`: checks that rejected requests stored nothing.
    func count(_ collection: String, _ filter: BSONValue = [:]) async throws -> Int {
        try await pool.withCollection(collection) { try $0.countDocuments(BSONDocument(filter)) }
    }
}

extension TestClient {
    /// Sends one request (with extra `headers` lines) on this connection and reads its response.
    func request(_ method: String, _ path: String, _ body: String? = nil, headers: [(String, String)] = []) throws
        -> Response
    {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((body ?? "").utf8)
        if body != nil { head += "Content-Type: application/json\r\nContent-Length: \(bytes.count)\r\n" }
        try send(Array((head + "\r\n").utf8) + bytes)
        return try readResponse()
    }
}

extension TestClient.Response {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// The body as a JSON array of objects.
    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? []
    }

    /// The `error.details` of a JSON error body.
    var errorDetails: [[String: Any]] {
        (object["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []
    }

    /// The target of a `Link: <...>; rel="next"` header.
    var nextLink: String? {
        guard let link = header("Link"), link.hasSuffix(#"rel="next""#),
            let open = link.firstIndex(of: "<"), let close = link.firstIndex(of: ">")
        else { return nil }
        return String(link[link.index(after: open)..<close])
    }
}
