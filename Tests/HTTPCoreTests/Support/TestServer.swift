import HTTPCore

/// An in-process server on a free port with the test's routes, stopped when the test ends.
final class TestServer: Sendable {
    let group: EventLoopGroup
    let server: HTTPServer
    var port: Int { server.localPort }

    init(
        loops: Int = 2,
        configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        routes: (inout Router) -> Void = TestServer.standardRoutes
    ) throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = loops
        configure(&configuration)
        var router = Router()
        routes(&router)
        let built = router
        group = try EventLoopGroup(count: loops)
        server = try HTTPServer(configuration: configuration, group: group) { loop in
            LoopPinnedResponder(loop: loop, router: built)
        }
        try server.start()
    }

    func stop() {
        server.shutdown()
        group.shutdown()
    }

    /// `/hello` answers "hello"; `/echo` returns the request body; `/slow` waits for its release.
    static func standardRoutes(_ router: inout Router) {
        router.get("/hello") { _ in HTTPResponse(status: .ok, body: Array("hello".utf8)) }
        router.post("/echo") { request in HTTPResponse(status: .ok, body: request.body) }
        router.get("/items/{id}") { request in
            HTTPResponse(status: .ok, body: Array((request.pathParameters["id"] ?? "").utf8))
        }
    }
}
