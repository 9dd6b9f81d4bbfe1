import TestSupport
import HTTPCore
import Testing

/// The `Host` check over real sockets: refused requests get their JSON error and a closed connection,
/// before any body is read, and everyone else is still served.
@Suite(.serialized)
struct ServerHostTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var request: String
        var status: Int
        var code: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no Host", request: "GET /hello HTTP/1.1\r\n\r\n", status: 400, code: "invalid_host"),
        Case(
            name: "two Host fields", request: "GET /hello HTTP/1.1\r\nHost: t\r\nHost: t\r\n\r\n", status: 400,
            code: "invalid_host"),
        Case(
            name: "userinfo in Host", request: "GET /hello HTTP/1.1\r\nHost: a@b\r\n\r\n", status: 400,
            code: "invalid_host"),
        Case(name: "empty Host", request: "GET /hello HTTP/1.1\r\nHost:\r\n\r\n", status: 400, code: "invalid_host"),
        Case(
            name: "Host with a path", request: "GET /hello HTTP/1.1\r\nHost: t/x\r\n\r\n", status: 400,
            code: "invalid_host"),
        // The body is announced but never sent: the answer must not wait for it.
        Case(
            name: "POST without Host, body pending",
            request: "POST /echo HTTP/1.1\r\nContent-Length: 100\r\n\r\n", status: 400, code: "invalid_host"),
    ]

    @Test(arguments: cases)
    func refusesBadHostAndClosesWhileOthersAreServed(_ testCase: Case) throws {
        let response = try TestServer.refusal(of: testCase.request)
        #expect(response.status == testCase.status)
        #expect(response.errorCode == testCase.code)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("X-Content-Type-Options") == "nosniff")
    }

    /// HTTP/1.0 did not define `Host`, so its clients are still served without one.
    @Test func servesHTTP10WithoutHost() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("GET /hello HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "hello")
    }

    /// RFC 9112 §3.2.2: the host of an absolute-form target is the one checked, whatever `Host` says.
    @Test func absoluteFormTargetIsServedWithItsOwnHost() throws {
        let validation = try HostValidation(allowedHosts: ["metrics.example.com"])
        let server = try TestServer { $0.hostValidation = validation }
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("GET http://metrics.example.com/hello HTTP/1.1\r\nHost: elsewhere.example\r\n\r\n")
        let served = try client.readResponse()
        #expect(served.status == 200)
        #expect(served.bodyText == "hello")
        try client.send("GET http://attacker.example/hello HTTP/1.1\r\nHost: metrics.example.com\r\n\r\n")
        #expect(try client.readResponse().status == 421)
    }

    /// RFC 9110 §2.5: a higher 1.x minor is answered as HTTP/1.1, not refused.
    @Test func servesHigherHTTP1MinorAsHTTP11() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("GET /hello HTTP/1.2\r\nHost: t\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "hello")
    }

    @Test func allowedHostsServeListedHostsAndMisdirectOthers() throws {
        let validation = try HostValidation(allowedHosts: ["metrics.example.com", "127.0.0.1"])
        let server = try TestServer { $0.hostValidation = validation }
        defer { server.stop() }

        let listed = try TestClient(port: server.port)
        for host in ["metrics.example.com", "Metrics.Example.Com:8080", "127.0.0.1:\(server.port)"] {
            try listed.send("GET /hello HTTP/1.1\r\nHost: \(host)\r\n\r\n")
            #expect(try listed.readResponse().status == 200, "\(host)")
        }

        // A DNS-rebinding page's requests still name the attacker's host.
        let rebound = try TestClient(port: server.port)
        try rebound.send("GET /hello HTTP/1.1\r\nHost: attacker.example:\(server.port)\r\n\r\n")
        let response = try rebound.readResponse()
        #expect(response.status == 421)
        #expect(response.errorCode == "misdirected_request")
        #expect(rebound.waitForClose())

        let oldClient = try TestClient(port: server.port)
        try oldClient.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(try oldClient.readResponse().errorCode == "invalid_host")
    }
}
