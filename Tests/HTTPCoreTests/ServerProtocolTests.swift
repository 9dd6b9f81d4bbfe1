import TestSupport
import Foundation
import HTTPCore
import Testing

/// HTTP/1.1 behaviour over real sockets against an in-process server.
@Suite(.serialized)
struct ServerProtocolTests {
    @Test func servesHundredRequestsOnOneKeepAliveConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        for index in 0..<100 {
            try client.send("GET /items/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "\(index)")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Date") != nil)
            #expect(response.header("Server") == "agent-metrics")
        }
    }

    @Test func answersTwentyPipelinedRequestsInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send((0..<20).map { "GET /items/\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
        for index in 0..<20 {
            #expect(try client.readResponse().bodyText == "\(index)")
        }
    }

    @Test func acceptsARequestSentOneByteAtATime() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        for byte in Array("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde".utf8) {
            try client.send([byte])
        }
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "abcde")
    }

    @Test func decodesAChunkedUploadWithTrailers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n")
        #expect(try client.readResponse().bodyText == "hello world")
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().bodyText == "hello")
    }

    @Test func sendsContinueBeforeReadingTheBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        try client.send("data")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "data")
    }

    @Test func answersHeadWithLengthButNoBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(head: true)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "5")
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().bodyText == "hello")
    }

    @Test func closesAfterConnectionCloseAndAfterHTTP10() throws {
        let server = try TestServer()
        defer { server.stop() }
        for request in [
            "GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            "GET /hello HTTP/1.0\r\n\r\n",
        ] {
            let client = try TestClient(port: server.port)
            try client.send(request)
            let response = try client.readResponse()
            #expect(response.bodyText == "hello")
            #expect(response.header("Connection")?.lowercased() == "close")
            #expect(client.waitForClose())
        }
    }

    @Test func keepsHTTP10ConnectionsOpenWhenAsked() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        for _ in 0..<3 {
            try client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.bodyText == "hello")
            #expect(response.header("Connection")?.lowercased() == "keep-alive")
        }
    }

    @Test func routesUnknownPathsTo404AndWrongMethodsTo405() throws {
        let server = try TestServer()
        defer { server.stop() }
        let missing = try TestClient.get("/nope", port: server.port)
        #expect(missing.status == 404)
        #expect(missing.errorCode == "not_found")
        let client = try TestClient(port: server.port)
        try client.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let wrong = try client.readResponse()
        #expect(wrong.status == 405)
        #expect(wrong.errorCode == "method_not_allowed")
        #expect(wrong.header("Allow")?.contains("GET") == true)
    }

    @Test func sendsLargeBodiesWholeOnKeepAliveAndBeforeClosing() throws {
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let server = try TestServer(routes: { router in
            router.get("/big") { _ in HTTPResponse(status: .ok, body: big) }
        })
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        for _ in 0..<2 {
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().body == big)
        }
        try client.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse(head: true).header("Content-Length") == "300000")
        try client.send("GET /big HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        #expect(try client.readResponse().body == big)
        #expect(client.waitForClose())
    }
}
