import Foundation
import HTTPCore

/// An in-process stand-in for the agents/versions/runs API, for the generator's own integration tests only.
///
/// The real API (issue 3) is being built in parallel; until it lands, these tests check the generator
/// against a server that speaks the same shapes: register, versions, `POST .../runs` with `{"runs":[...]}` →
/// 201 `{"inserted","duplicates"}`, and `GET .../runs?limit=` paginated with `Link: <...>; rel="next"`.
/// A second integration test against the real server will be added when the API is on main. It never
/// stands in for the product's storage.
final class FakeAgentAPI: Sendable {
    let group: EventLoopGroup
    let server: HTTPServer
    /// Run ids stored per "agent@version".
    let runs = LockedValue<[String: Set<Int64>]>([:])
    let versions = LockedValue<Set<String>>([])
    let healthHits = LockedValue(0)
    /// When set, the first run of every fifth batch is acknowledged but not stored (to prove loss is caught).
    let dropsRuns: Bool
    private let batches = LockedValue(0)

    var port: Int { server.localPort }

    init(dropsRuns: Bool = false) throws {
        self.dropsRuns = dropsRuns
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 1
        group = try EventLoopGroup(count: 1)
        let router = LockedValue<Router?>(nil)
        server = try HTTPServer(configuration: configuration, group: group) { loop in
            LoopPinnedResponder(loop: loop, router: router.withLock { $0! })
        }
        router.withLock { $0 = makeRouter() }
        try server.start()
    }

    func stop() {
        server.shutdown()
        group.shutdown()
    }

    private func makeRouter() -> Router {
        var router = Router()
        router.get(
            "/healthz",
            immediate: { [self] _ in
                healthHits.withLock { $0 += 1 }
                return Self.json(.ok, #"{"status":"ok"}"#)
            })
        router.post("/api/v1/agents/{name}/register") { request in
            let name = request.pathParameters["name"] ?? ""
            return Self.json(.created, #"{"id":"\#(name)","name":"\#(name)"}"#)
        }
        router.post("/api/v1/agents/{agent}/versions") { [self] request in
            let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
            guard let version = object?["version"] as? String else { return Self.json(.badRequest, "{}") }
            versions.withLock { _ = $0.insert("\(request.pathParameters["agent"]!)@\(version)") }
            return Self.json(.created, #"{"version":"\#(version)"}"#)
        }
        router.post("/api/v1/agents/{agent}/versions/{version}/runs") { [self] request in
            let key = "\(request.pathParameters["agent"]!)@\(request.pathParameters["version"]!)"
            guard versions.withLock({ $0.contains(key) }) else { return Self.json(.notFound, "{}") }
            let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
            guard let list = object?["runs"] as? [[String: Any]] else { return Self.json(.badRequest, "{}") }
            var ids = list.compactMap { ($0["id"] as? NSNumber)?.int64Value }
            let batch = batches.withLock { count in
                count += 1
                return count
            }
            let acknowledgedCount = ids.count
            if dropsRuns && batch % 5 == 0 { ids.removeFirst() }
            let inserted = runs.withLock { stored in
                ids.reduce(0) { $0 + (stored[key, default: []].insert($1).inserted ? 1 : 0) }
            }
            let duplicates = acknowledgedCount - inserted
            return Self.json(.created, #"{"inserted": \#(inserted), "duplicates": \#(duplicates)}"#)
        }
        router.get("/api/v1/agents/{agent}/versions/{version}/runs") { [self] request in
            let key = "\(request.pathParameters["agent"]!)@\(request.pathParameters["version"]!)"
            let query = Self.query(request.query)
            let limit = min(Int(query["limit"] ?? "100") ?? 100, 1000)
            let offset = Int(query["cursor"] ?? "0") ?? 0
            let all = runs.withLock { $0[key, default: []] }.sorted(by: >)
            let page = all.dropFirst(offset).prefix(limit)
            let body = "[" + page.map { #"{"id":\#($0),"status":"completed"}"# }.joined(separator: ",") + "]"
            var response = Self.json(.ok, body)
            if offset + limit < all.count {
                response.headers.add(
                    name: "Link", value: "<\(request.path)?limit=\(limit)&cursor=\(offset + limit)>; rel=\"next\"")
            }
            return response
        }
        return router
    }

    static func json(_ status: HTTPStatus, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(text.utf8))
    }

    static func query(_ text: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (text ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }
}
