import Glibc
import HTTPCore
import TestSupport
import Testing

/// What the server emits through swift-metrics, and that requests reuse handles instead of making them.
@Suite(.serialized)
struct ServerMetricsTests {
    /// The requests counter per route pattern for dimensions this test's routes produce.
    private func requests(_ factory: RecordingMetricsFactory, route: String, statusClass: String)
        -> [RecordingMetricsFactory.Handle]
    {
        factory.handles("agent_metrics_http_requests_total").filter {
            $0.dimensions["route"] == route && $0.dimensions["status_class"] == statusClass
        }
    }

    @Test func countsRequestsByRoutePatternWithHandlesMadeOncePerLoop() throws {
        let factory = RecordingMetricsFactory.shared
        let route = "/metrics-test/{id}"
        let server = try TestServer(
            loops: 2,
            routes: { router in
                router.get(route) { request in
                    HTTPResponse(status: request.pathParameters["id"] == "missing" ? .notFound : .ok)
                }
            })
        defer { server.stop() }
        // Several connections, so both loops serve some.
        for connection in 0..<8 {
            let client = try TestClient(port: server.port)
            for index in 0..<25 {
                let id = index == 0 ? "missing" : "\(connection)-\(index)"
                try client.send("GET /metrics-test/\(id) HTTP/1.1\r\nHost: t\r\n\r\n")
                _ = try client.readResponse()
            }
        }
        let ok = requests(factory, route: route, statusClass: "2xx")
        let notFound = requests(factory, route: route, statusClass: "4xx")
        // One handle per loop at most, however many requests: nothing is made per request.
        #expect((1...2).contains(ok.count))
        #expect((1...2).contains(notFound.count))
        #expect(ok.reduce(0) { $0 + $1.values.total } == 8 * 24)
        #expect(notFound.reduce(0) { $0 + $1.values.total } == 8)
        #expect(ok.allSatisfy { $0.dimensions["method"] == "GET" })
        // The raw path never becomes a label value.
        let loops = server.group.loops
        let all =
            factory.handles("agent_metrics_http_requests_total", on: loops)
            + factory.handles("agent_metrics_http_request_duration_seconds", on: loops)
        #expect(!all.contains { $0.dimensions.values.contains { $0.contains("missing") || $0.contains("-1") } })
        let durations = factory.handles("agent_metrics_http_request_duration_seconds").filter {
            $0.dimensions["route"] == route
        }
        #expect((1...2).contains(durations.count))
        #expect(durations.reduce(0) { $0 + $1.values.count } == 8 * 25)
        #expect(durations.allSatisfy { $0.values.total > 0 })
    }

    @Test func countsDeniedStatusesAndBytes() throws {
        let factory = RecordingMetricsFactory.shared
        let server = try TestServer(
            loops: 1,
            routes: { router in
                router.get("/denied/{status}") { request in
                    HTTPResponse(status: HTTPStatus(code: Int(request.pathParameters["status"]!)!, reason: "No"))
                }
            })
        defer { server.stop() }
        // This server's handles only: other tests' servers answer 401, 403 and 429 meanwhile.
        let loops = server.group.loops
        func denied(_ status: String) -> Double {
            factory.handles("agent_metrics_http_denied_requests_total", on: loops)
                .filter { $0.dimensions["status"] == status }
                .reduce(0) { $0 + $1.values.total }
        }
        func sentBytes() -> Double {
            factory.handles("agent_metrics_http_sent_bytes_total", on: loops).reduce(0) { $0 + $1.values.total }
        }
        let before = (denied("401"), denied("403"), denied("429"))
        let sentBefore = sentBytes()
        let client = try TestClient(port: server.port)
        for status in [401, 403, 403, 429, 404] {
            try client.send("GET /denied/\(status) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == status)
        }
        #expect(denied("401") - before.0 == 1)
        #expect(denied("403") - before.1 == 2)
        #expect(denied("429") - before.2 == 1)
        // Byte counts reach the counters within a sweep.
        let deadline = ContinuousClock.now + .seconds(5)
        var sent = sentBefore
        while sent == sentBefore && ContinuousClock.now < deadline {
            sent = sentBytes()
            if sent == sentBefore { usleep(20_000) }
        }
        #expect(sent > sentBefore)
    }
}

/// TLS handshakes and their failures, counted through swift-metrics.
@Suite(.serialized)
struct TLSServerMetricsTests {
    /// The total of `label` over `server`'s handles: other tests' servers complete handshakes meanwhile.
    private func total(
        _ factory: RecordingMetricsFactory, _ server: TestServer, _ label: String, reason: String? = nil
    ) -> Double {
        factory.handles(label, on: server.group.loops).filter { reason == nil || $0.dimensions["reason"] == reason }
            .reduce(0) { $0 + $1.values.total }
    }

    @Test func countsCompletedAndFailedHandshakes() throws {
        let factory = RecordingMetricsFactory.shared
        let certificate = try TestCertificateFiles(commonName: "metrics.test")
        let configuration = certificate.configuration
        let server = try TestServer(loops: 1, configure: { $0.tls = configuration })
        defer { server.stop() }
        let handshakes = total(factory, server, "agent_metrics_tls_handshakes_total")
        let errors = total(factory, server, "agent_metrics_tls_handshake_failures_total", reason: "error")

        let result = try ExternalProcess.run(
            "/usr/bin/curl", ["-sS", "--cacert", certificate.certificatePath, "https://localhost:\(server.port)/hello"])
        #expect(result.output == "hello", "\(result.errorOutput)")
        #expect(total(factory, server, "agent_metrics_tls_handshakes_total") - handshakes == 1)

        // Plain HTTP to the TLS port is not a ClientHello: the handshake fails and the socket closes.
        let plain = try TestClient(port: server.port)
        try plain.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(plain.waitForClose())
        #expect(total(factory, server, "agent_metrics_tls_handshake_failures_total", reason: "error") - errors == 1)
        #expect(total(factory, server, "agent_metrics_tls_handshakes_total") - handshakes == 1)
    }
}
