import Foundation
import HTTPCore
import TestSupport
import Testing

/// `X-Request-Id` over real sockets: echoed when sane, replaced when not, made when absent, on every
/// response including errors, and the same id the handler saw.
@Suite(.serialized)
struct ServerRequestIDTests {
    /// `/id` answers with the id its handler was given.
    private static func routes(_ router: inout Router) {
        router.get("/id") { request in HTTPResponse(status: .ok, body: Array(request.requestID.utf8)) }
        router.get("/id-now", immediate: { request in HTTPResponse(status: .ok, body: Array(request.requestID.utf8)) })
    }

    @Test func echoesASaneClientIdToTheClientAndTheHandler() throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        for path in ["/id", "/id-now"] {
            try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\nX-Request-Id: trace-42.a_b\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("X-Request-Id") == "trace-42.a_b")
            #expect(response.bodyText == "trace-42.a_b")
        }
    }

    @Test(arguments: ["has space", String(repeating: "x", count: 129), "semi;colon", ""])
    func replacesAnInsaneIdWithAGeneratedOne(_ sent: String) throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("GET /id HTTP/1.1\r\nHost: t\r\nX-Request-Id: \(sent)\r\n\r\n")
        let response = try client.readResponse()
        let id = try #require(response.header("X-Request-Id"))
        #expect(id != sent)
        #expect(RequestID.isSane(id))
        #expect(response.bodyText == id)
        #expect(response.headers.filter { $0.0.lowercased() == "x-request-id" }.count == 1)
    }

    @Test func generatesADistinctIdForEachRequestWithout() throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send((0..<5).map { _ in "GET /id HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
        var ids: Set<String> = []
        for _ in 0..<5 {
            let response = try client.readResponse()
            let id = try #require(response.header("X-Request-Id"))
            #expect(RequestID.isSane(id))
            #expect(response.bodyText == id)
            ids.insert(id)
        }
        #expect(ids.count == 5)
    }

    @Test func errorResponsesCarryAnIdToo() throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        // Unknown path (router 404), then a malformed request (parser 400) that closes the connection.
        let client = try TestClient(port: server.port)
        try client.send("GET /nope HTTP/1.1\r\nHost: t\r\nX-Request-Id: lost-1\r\n\r\n")
        let notFound = try client.readResponse()
        #expect(notFound.status == 404)
        #expect(notFound.header("X-Request-Id") == "lost-1")
        try client.send("GET /id HTTP/1.1\r\nHost t\r\n\r\n")
        let malformed = try client.readResponse()
        #expect(malformed.status == 400)
        #expect(malformed.header("X-Request-Id").map(RequestID.isSane) == true)
        // Host refused before routing: the request's own id is still honoured.
        let other = try TestClient(port: server.port)
        try other.send("GET /id HTTP/1.1\r\nX-Request-Id: no-host-7\r\n\r\n")
        let noHost = try other.readResponse()
        #expect(noHost.status == 400)
        #expect(noHost.header("X-Request-Id") == "no-host-7")
    }

    @Test func aHandlersOwnRequestIdHeaderIsReplaced() throws {
        let server = try TestServer(routes: { router in
            router.get("/forge") { _ in HTTPResponse(headers: HTTPHeaders([("X-Request-Id", "forged")])) }
        })
        defer { server.stop() }
        let response = try TestClient.get("/forge", port: server.port)
        let ids = response.headers.filter { $0.0.lowercased() == "x-request-id" }.map(\.1)
        #expect(ids.count == 1)
        #expect(ids.first != "forged")
    }
}
