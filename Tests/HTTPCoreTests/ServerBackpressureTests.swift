import TestSupport
import Glibc
import HTTPCore
import Synchronization
import Testing

/// Slow peers: stalled bodies, readers that stop reading, and the output high-water mark.
@Suite(.serialized)
struct ServerBackpressureTests {
    @Test func answersRequestTimeoutWhenTheBodyStalls() throws {
        let server = try TestServer { $0.timeouts.bodyRead = .milliseconds(300) }
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.errorCode == "request_timeout")
        #expect(client.waitForClose())
    }

    @Test func stopsParsingAboveTheHighWaterMarkAndDropsStalledReaders() throws {
        let handled = Atomic<Int>(0)
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let server = try TestServer(
            loops: 1,
            configure: {
                $0.writeHighWaterMark = 64 * 1024
                $0.timeouts.write = .milliseconds(400)
            },
            routes: { router in
                router.get("/big") { _ in
                    handled.add(1, ordering: .relaxed)
                    return HTTPResponse(status: .ok, body: big)
                }
            })
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        var size: Int32 = 4096
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        try client.send(String(repeating: "GET /big HTTP/1.1\r\nHost: t\r\n\r\n", count: 50))
        // Generous: these await conditions, they do not time them (the timeout itself is in the machine's tests).
        let deadline = ContinuousClock.now + .seconds(20)
        // No notification exists for these server-side states, so poll them with a deadline.
        while handled.load(ordering: .relaxed) == 0 && ContinuousClock.now < deadline { usleep(1_000) }
        #expect(server.server.openConnections == 1)
        // The reader never reads, so the write timeout must close the connection.
        while server.server.openConnections > 0 && ContinuousClock.now < deadline { usleep(10_000) }
        #expect(server.server.openConnections == 0)
        // Output stuck above the mark stops parsing: only the responses the kernel's socket buffers absorbed
        // (a few MiB on loopback) were produced, far fewer than the 50 pipelined requests.
        #expect(handled.load(ordering: .relaxed) < 10)
    }
}
