import Testing

@testable import HTTPCore

/// CORS through the router: preflights answered from the routes, headers on every answer, unknown paths 404.
@Suite struct RouterCORSTests {
    private func router(origins: [String]) throws -> Router {
        var router = Router(cors: try CORSPolicy(allowedOrigins: origins))
        router.get("/api/v1/ui/stats", immediate: { _ in HTTPResponse(body: Array("{}".utf8)) })
        router.post("/api/v1/agents/{name}/register") { _ in HTTPResponse(status: .created) }
        return router
    }

    private func request(_ method: String, _ path: String, _ headers: [(String, String)]) -> HTTPRequest {
        HTTPRequest(method: method, path: path, headers: HTTPHeaders(headers))
    }

    private let allowed = "https://dash.example"

    @Test func preflightFromAllowedOriginListsThePathsMethods() async throws {
        let router = try router(origins: [allowed])
        let get = await router.respond(
            to: request("OPTIONS", "/api/v1/ui/stats", [("Origin", allowed), ("Access-Control-Request-Method", "GET")]))
        #expect(get.status.code == 204)
        #expect(get.headers["Access-Control-Allow-Origin"] == allowed)
        #expect(get.headers["Access-Control-Allow-Methods"] == "GET, HEAD")
        let post = await router.respond(
            to: request(
                "OPTIONS", "/api/v1/agents/a/register",
                [
                    ("Origin", allowed), ("Access-Control-Request-Method", "POST"),
                    ("Access-Control-Request-Headers", "content-type, x-api-key"),
                ]))
        #expect(post.status.code == 204)
        #expect(post.headers["Access-Control-Allow-Methods"] == "POST")
    }

    @Test func preflightFromOtherOriginIsRefused() async throws {
        let response = try await router(origins: [allowed]).respond(
            to: request(
                "OPTIONS", "/api/v1/ui/stats",
                [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET")]))
        #expect(response.status.code == 403)
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
    }

    @Test func preflightToUnknownPathIs404() async throws {
        let response = try await router(origins: [allowed]).respond(
            to: request("OPTIONS", "/nowhere", [("Origin", allowed), ("Access-Control-Request-Method", "GET")]))
        #expect(response.status.code == 404)
    }

    @Test func actualRequestsFromAllowedOriginGetTheOriginBack() async throws {
        let router = try router(origins: [allowed])
        let immediate = await router.respond(to: request("GET", "/api/v1/ui/stats", [("Origin", allowed)]))
        #expect(immediate.status.code == 200)
        #expect(immediate.headers["Access-Control-Allow-Origin"] == allowed)
        #expect(immediate.headers["Vary"] == "Origin")
        let pending = await router.respond(to: request("POST", "/api/v1/agents/a/register", [("Origin", allowed)]))
        #expect(pending.status.code == 201)
        #expect(pending.headers["Access-Control-Allow-Origin"] == allowed)
        // Errors too, so the page can read why.
        let missing = await router.respond(to: request("GET", "/nowhere", [("Origin", allowed)]))
        #expect(missing.status.code == 404)
        #expect(missing.headers["Access-Control-Allow-Origin"] == allowed)
    }

    @Test func otherOriginsAndNoOriginGetNoCORSHeaders() async throws {
        let router = try router(origins: [allowed])
        for headers in [[("Origin", "https://evil.example")], []] {
            let response = await router.respond(to: request("GET", "/api/v1/ui/stats", headers))
            #expect(response.status.code == 200)
            #expect(response.headers.fields.allSatisfy { !$0.name.hasPrefix("Access-Control-") })
            #expect(response.headers["Vary"] == "Origin")
        }
    }

    /// Off by default: an OPTIONS preflight is just a method no route has, and nothing is added.
    @Test func offByDefault() async throws {
        var router = Router()
        router.get("/api/v1/ui/stats", immediate: { _ in HTTPResponse() })
        let preflight = await router.respond(
            to: request("OPTIONS", "/api/v1/ui/stats", [("Origin", allowed), ("Access-Control-Request-Method", "GET")]))
        #expect(preflight.status.code == 405)
        let actual = await router.respond(to: request("GET", "/api/v1/ui/stats", [("Origin", allowed)]))
        #expect(actual.headers.fields.isEmpty)
    }
}
