import Testing

@testable import HTTPCore

/// Every response says which route pattern answered it, so metrics and logs never see raw paths.
struct RouterRouteTagTests {
    private func makeRouter() -> Router {
        var router = Router()
        router.get("/api/v1/agents/{agentId}/runs") { _ in HTTPResponse() }
        router.post("/api/v1/agents/{agentId}/runs") { _ in throw HTTPError(.conflict, code: "c", message: "m") }
        router.get("/healthz", immediate: { _ in HTTPResponse() })
        return router
    }

    private func tag(_ router: Router, _ method: String, _ path: String) async -> RouteTag {
        let response = await router.respond(to: HTTPRequest(method: method, path: path))
        return router.routeTags[response.routeIndex]
    }

    @Test func namesThePatternAndMethodOfTheMatchedRoute() async {
        let router = makeRouter()
        #expect(
            await tag(router, "GET", "/api/v1/agents/5f1d7a/runs")
                == RouteTag(method: "GET", pattern: "/api/v1/agents/{agentId}/runs"))
        #expect(
            await tag(router, "HEAD", "/api/v1/agents/other/runs")
                == RouteTag(method: "GET", pattern: "/api/v1/agents/{agentId}/runs"))
        #expect(await tag(router, "GET", "/healthz") == RouteTag(method: "GET", pattern: "/healthz"))
    }

    @Test func errorsThrownByHandlersKeepTheirRoute() async {
        let router = makeRouter()
        #expect(
            await tag(router, "POST", "/api/v1/agents/x/runs")
                == RouteTag(method: "POST", pattern: "/api/v1/agents/{agentId}/runs"))
    }

    @Test func unknownMethodsAndPathsGetBoundedTags() async {
        let router = makeRouter()
        // 405: the pattern, but not the client's method token, which is unbounded.
        #expect(
            await tag(router, "BREW", "/api/v1/agents/x/runs")
                == RouteTag(method: "other", pattern: "/api/v1/agents/{agentId}/runs"))
        #expect(await tag(router, "GET", "/no/such/thing") == .unrouted)
        #expect(await tag(router, "GET", "/api/v1/agents/%ZZ/runs").pattern == "/api/v1/agents/{agentId}/runs")
    }

    @Test func tagsAreFewerThanRoutesTimesTwoPlusOne() {
        let router = makeRouter()
        // unrouted + 3 method routes + one "other" per pattern (2 patterns).
        #expect(router.routeTags.count == 6)
        #expect(router.routeTags[0] == .unrouted)
    }
}
