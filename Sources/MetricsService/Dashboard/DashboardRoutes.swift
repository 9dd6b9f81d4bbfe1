import HTTPCore

/// The UI endpoints, answered in place on the connection's loop from the in-memory dashboard.
public enum DashboardRoutes {
    static let defaultRecentLimit = 10
    static let maximumRecentLimit = RunSample.recentKeep
    static let agentVersionsPath = "/api/v1/ui/agent_versions"

    /// Registers `GET /api/v1/ui/stats`, `/api/v1/ui/worker`, `/api/v1/ui/recent_activity` and
    /// `/api/v1/ui/agent_versions`. Each answers in place, except on a fresh server before the first
    /// snapshot, where it waits for it (bounded, see `Dashboard.afterFirstLoad`). Bodies over 1 KiB go gzip-encoded
    /// to clients that accept it (`AcceptEncoding`), compressed once per render (`CompressibleResponse`).
    public static func register(into router: inout Router, dashboard: Dashboard) {
        router.get(
            "/api/v1/ui/stats",
            deferrable: { request in
                let gzip = AcceptEncoding.allowsGzip(request.headers)
                return dashboard.isLoaded
                    ? .response(dashboard.statsResponse(acceptsGzip: gzip))
                    : dashboard.afterFirstLoad { dashboard.statsResponse(acceptsGzip: gzip) }
            })
        router.get(
            "/api/v1/ui/worker",
            deferrable: { _ in
                dashboard.isLoaded
                    ? .response(dashboard.workerResponse()) : dashboard.afterFirstLoad { dashboard.workerResponse() }
            })
        router.get(
            "/api/v1/ui/recent_activity",
            deferrable: { request in
                let query = request.queryParameters
                if let refusal = undecodableRefusal(query) { return .response(refusal) }
                var limit = defaultRecentLimit
                if let text = query["limit"] {
                    guard let value = Int(text), value >= 1 else {
                        return .response(
                            APIError(
                                .badRequest, code: "invalid_query", message: "limit must be an integer from 1 to 100."
                            ).response)
                    }
                    limit = min(value, maximumRecentLimit)
                }
                let gzip = AcceptEncoding.allowsGzip(request.headers)
                guard dashboard.isLoaded else {
                    return dashboard.afterFirstLoad { [limit] in
                        dashboard.recentActivityResponse(limit: limit, acceptsGzip: gzip)
                    }
                }
                return .response(dashboard.recentActivityResponse(limit: limit, acceptsGzip: gzip))
            })
        router.get(
            agentVersionsPath,
            deferrable: { request in
                let gzip = AcceptEncoding.allowsGzip(request.headers)
                let rawQuery = request.query ?? ""
                if dashboard.isLoaded, let cached = dashboard.cachedAgentVersions(rawQuery: rawQuery) {
                    return .response(cached.response(acceptsGzip: gzip))
                }
                let query: VersionRowQuery
                do throws(APIError) {
                    query = try VersionRowQuery.decode(request.queryParameters)
                } catch {
                    return .response(error.response)
                }
                guard dashboard.isLoaded else {
                    return dashboard.afterFirstLoad {
                        dashboard.agentVersionsResponse(query, rawQuery: rawQuery, acceptsGzip: gzip)
                    }
                }
                return .response(dashboard.agentVersionsResponse(query, rawQuery: rawQuery, acceptsGzip: gzip))
            })
    }

    /// 400 `invalid_query` when a parameter could not be decoded: a filter that could not be read must not be
    /// taken for one that was not sent (every row, or the default limit).
    static func undecodableRefusal(_ query: QueryParameters) -> HTTPResponse? {
        guard let name = query.undecodable.first else { return nil }
        return APIError(
            .badRequest, code: "invalid_query", message: "\(name): is not valid percent-encoded UTF-8.",
            details: query.undecodable.map { FieldError(field: $0, message: "is not valid percent-encoded UTF-8") }
        ).response
    }
}
