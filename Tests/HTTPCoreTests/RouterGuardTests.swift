import Testing

@testable import HTTPCore

/// `Router.guardRoutes(_:)`: a per-route check at routing time, before the handler and path decoding.
@Suite struct RouterGuardTests {
    private static let refused = HTTPResponse(status: HTTPStatus(code: 401, reason: "Unauthorized"))

    /// `/open` has no guard; `/closed` and `/closed/{id}` refuse requests without an `X-Pass` header.
    private func makeRouter(handlerRuns: LockedValue<Int>) -> Router {
        var router = Router()
        let handler: HTTPHandler = { _ in
            handlerRuns.withLock { $0 += 1 }
            return HTTPResponse(body: Array("ran".utf8))
        }
        router.get("/open", handler)
        router.get("/closed", handler)
        router.post("/closed", handler)
        router.get("/closed/{id}", handler)
        router.guardRoutes { _, pattern in
            guard pattern.hasPrefix("/closed") else { return nil }
            return { request in request.headers["X-Pass"] == nil ? Self.refused : nil }
        }
        return router
    }

    @Test func refusesAtRoutingTimeWithoutCallingTheHandler() async {
        let runs = LockedValue(0)
        let router = makeRouter(handlerRuns: runs)
        // A refusal is an immediate response: no task is created for the async handler.
        guard case .response(let response) = router.start(HTTPRequest(method: "GET", path: "/closed")) else {
            Issue.record("a refused request must be answered at routing time")
            return
        }
        #expect(response.status.code == 401)
        #expect(runs.withLock { $0 } == 0)
    }

    @Test func letsGuardedRequestsThroughWhenTheGuardAnswersNil() async {
        let runs = LockedValue(0)
        let router = makeRouter(handlerRuns: runs)
        let request = HTTPRequest(method: "GET", path: "/closed", headers: HTTPHeaders([("x-pass", "1")]))
        #expect(await router.respond(to: request).status == .ok)
        #expect(await router.respond(to: HTTPRequest(method: "GET", path: "/open")).status == .ok)
        #expect(runs.withLock { $0 } == 2)
    }

    @Test func guardsHeadThroughTheGetRouteAndRunsBeforePathDecoding() async {
        let router = makeRouter(handlerRuns: LockedValue(0))
        #expect(await router.respond(to: HTTPRequest(method: "HEAD", path: "/closed")).status.code == 401)
        // A bad escape would be 400; the guard answers first, so nothing about the path leaks unauthenticated.
        #expect(await router.respond(to: HTTPRequest(method: "GET", path: "/closed/%ZZ")).status.code == 401)
    }

    @Test func unknownPathsAndMethodsAnswerBeforeTheGuard() async {
        let router = makeRouter(handlerRuns: LockedValue(0))
        #expect(await router.respond(to: HTTPRequest(method: "GET", path: "/nope")).status == .notFound)
        #expect(await router.respond(to: HTTPRequest(method: "DELETE", path: "/closed")).status == .methodNotAllowed)
    }

    @Test func listsEveryRouteWithItsPattern() {
        let routes = makeRouter(handlerRuns: LockedValue(0)).routes.map { "\($0.method) \($0.pattern)" }
        #expect(Set(routes) == ["GET /open", "GET /closed", "POST /closed", "GET /closed/{id}"])
        #expect(routes.count == 4)
    }
}
