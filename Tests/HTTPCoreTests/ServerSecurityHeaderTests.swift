import TestSupport
import Foundation
import HTTPCore
import Testing

/// Headers the server adds to every response, whoever produced it.
@Suite(.serialized)
struct ServerSecurityHeaderTests {
    private func nosniffCount(_ response: TestClient.Response) -> Int {
        response.headers.filter { $0.0.lowercased() == "x-content-type-options" && $0.1 == "nosniff" }.count
    }

    /// Handler answers, router errors and the connection's own parse errors all carry exactly one nosniff,
    /// even when a handler sets the header itself; plain HTTP never announces HSTS.
    @Test func everyResponseCarriesOneNosniffAndPlainHTTPNoHSTS() throws {
        let server = try TestServer(routes: { router in
            TestServer.standardRoutes(&router)
            router.get(
                "/own",
                immediate: { _ in
                    HTTPResponse(headers: HTTPHeaders([("X-Content-Type-Options", "sniff-away")]))
                })
        })
        defer { server.stop() }
        for path in ["/hello", "/own", "/missing"] {
            let response = try TestClient.get(path, port: server.port)
            #expect(nosniffCount(response) == 1, "\(path)")
            #expect(response.header("Strict-Transport-Security") == nil)
        }
        let client = try TestClient(port: server.port)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n")
        let parseError = try client.readResponse()
        #expect(parseError.status == 400)
        #expect(nosniffCount(parseError) == 1)
    }

    /// Over the connection limit the refusal is written outside any connection, and still carries it.
    @Test func refusalAtConnectionLimitCarriesNosniff() throws {
        let server = try TestServer(loops: 1) { $0.maxConnections = 1 }
        defer { server.stop() }
        let held = try TestClient(port: server.port)
        try held.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try held.readResponse().status == 200)
        let refused = try TestClient(port: server.port)
        let response = try refused.readResponse()
        #expect(response.status == 503)
        #expect(nosniffCount(response) == 1)
    }

    @Test(arguments: [
        ("max-age=63072000", "max-age=63072000"), ("max-age=300; includeSubDomains", "max-age=300; includeSubDomains"),
    ])
    func tlsResponsesCarryConfiguredHSTS(configured: String, expected: String) throws {
        let certificate = try TestCertificateFiles(commonName: "hsts.test")
        let server = try TestServer {
            $0.tls = certificate.configuration
            $0.strictTransportSecurity = configured
        }
        defer { server.stop() }
        let headers = try curlHeaders(certificate, port: server.port, path: "/missing")
        #expect(headers.contains("HTTP/1.1 404"))
        #expect(headers.contains("Strict-Transport-Security: \(expected)\r\n"))
        #expect(headers.components(separatedBy: "Strict-Transport-Security").count == 2)
        #expect(headers.contains("X-Content-Type-Options: nosniff\r\n"))
    }

    @Test func hstsOffSendsNone() throws {
        let certificate = try TestCertificateFiles(commonName: "hsts.test")
        let server = try TestServer {
            $0.tls = certificate.configuration
            $0.strictTransportSecurity = nil
        }
        defer { server.stop() }
        let headers = try curlHeaders(certificate, port: server.port, path: "/hello")
        #expect(headers.contains("HTTP/1.1 200"))
        #expect(!headers.contains("Strict-Transport-Security"))
    }

    @Test func defaultHSTSIsTwoYears() {
        #expect(HTTPServerConfiguration().strictTransportSecurity == "max-age=63072000")
    }

    private func curlHeaders(_ certificate: TestCertificateFiles, port: Int, path: String) throws -> String {
        let result = try ExternalProcess.run(
            "/usr/bin/curl",
            [
                "-sS", "-o", "/dev/null", "-D", "-", "--cacert", certificate.certificatePath,
                "https://localhost:\(port)\(path)",
            ])
        #expect(result.status == 0, "\(result.errorOutput)")
        return result.output
    }
}
