import TestSupport
import Testing

@testable import HTTPCore

/// The timeout sweep is a loop timer that runs only while the loop has connections: an idle server's loops
/// have no timer armed, so they sleep instead of waking a few times a second.
@Suite(.serialized)
struct ServerIdleSweepTests {
    private func liveTimers(_ loop: EventLoop) -> Int {
        loop.submitAndWait { loop.timers.count }
    }

    @Test func sweepIsArmedOnlyWhileTheLoopHasConnections() throws {
        let server = try TestServer(loops: 1) { $0.timeouts.idle = .seconds(30) }
        defer { server.stop() }
        let loop = server.group.loops[0]
        #expect(liveTimers(loop) == 0)

        var client: TestClient? = try TestClient(port: server.port)
        try client?.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client?.readResponse().status == 200)
        #expect(liveTimers(loop) == 1)

        client = nil
        #expect(eventually { liveTimers(loop) == 0 })

        let again = try TestClient(port: server.port)
        try again.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try again.readResponse().status == 200)
        #expect(liveTimers(loop) == 1)
    }

    /// A connection that goes quiet is still closed on time although the sweep started with it.
    @Test func idleTimeoutStillClosesAConnectionOpenedOnAnIdleLoop() throws {
        let server = try TestServer(loops: 1) { $0.timeouts.idle = .milliseconds(200) }
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(client.waitForClose())
        #expect(eventually { liveTimers(server.group.loops[0]) == 0 })
    }
}
