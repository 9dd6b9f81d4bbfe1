import TestSupport
import Foundation
import Glibc
import HTTPCore
import Testing

/// Timeouts, connection limits, many connections and graceful shutdown.
@Suite(.serialized)
struct ServerLifecycleTests {
    /// Wiring only: the timeout's arithmetic (from the first byte, not extended by trickling) is in
    /// `HTTPConnectionStateMachineTests`, free of the machine's load.
    @Test func dropsSlowlorisClientsWhileServingOthers() throws {
        let server = try TestServer { $0.timeouts.headerRead = .milliseconds(300) }
        defer { server.stop() }
        let slow = try (0..<5).map { _ in try TestClient(port: server.port) }
        for client in slow { try client.send("GET /hello HTTP/1.1\r\nX-Slow: ") }
        let normal = try TestClient.get("/hello", port: server.port)
        #expect(normal.status == 200)
        for client in slow {
            try? client.send("a")
            #expect(client.waitForClose())
        }
    }

    @Test func closesIdleKeepAliveConnectionsAfterTheIdleTimeout() throws {
        let server = try TestServer { $0.timeouts.idle = .milliseconds(300) }
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(client.waitForClose())
    }

    @Test func refusesConnectionsOverTheLimitWith503() throws {
        let server = try TestServer(loops: 1) { $0.maxConnections = 3 }
        defer { server.stop() }
        let held = try (0..<3).map { _ in try TestClient(port: server.port) }
        for client in held {
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        let refused = try TestClient(port: server.port)
        let response = try refused.readResponse()
        #expect(response.status == 503)
        #expect(response.errorCode == "too_many_connections")
        #expect(refused.waitForClose())
        try held[0].send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try held[0].readResponse().status == 200)
    }

    /// The refused client has already sent a request (with a body the server never reads): the 503 is
    /// followed by a lingering close, so the client reads it instead of a reset.
    @Test func refusalAfterTheClientSentItsRequestIsReadableNotReset() throws {
        let server = try TestServer(loops: 1) { $0.maxConnections = 1 }
        defer { server.stop() }
        let held = try TestClient(port: server.port)
        try held.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try held.readResponse().status == 200)
        let refused = try TestClient(port: server.port)
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: 256 * 1024)
        try refused.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
        try refused.send(body)
        let response = try refused.readResponse()
        #expect(response.status == 503)
        #expect(response.errorCode == "too_many_connections")
    }

    @Test func answersAThousandConcurrentConnections() async throws {
        // All from 127.0.0.1, so above the default per-address limit.
        let server = try TestServer { $0.maxConnectionsPerAddress = 1000 }
        defer { server.stop() }
        let port = server.port
        let clients = try (0..<1000).map { _ in try TestClient(port: port, receiveTimeout: 10) }
        for (index, client) in clients.enumerated() {
            try client.send("GET /items/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
        }
        var answered = 0
        for (index, client) in clients.enumerated() where try client.readResponse().bodyText == "\(index)" {
            answered += 1
        }
        #expect(answered == 1000)
        #expect(server.server.openConnections == 1000)
    }

    @Test func finishesInFlightRequestsOnShutdown() throws {
        let started = HTTPCore.Semaphore()
        var configuration: (inout Router) -> Void = TestServer.standardRoutes
        configuration = { router in
            router.get("/slow") { _ in
                started.signal()
                try await Task.sleep(for: .milliseconds(300))
                return HTTPResponse(status: .ok, body: Array("done".utf8))
            }
        }
        let server = try TestServer(routes: configuration)
        let idle = try TestClient(port: server.port)
        let client = try TestClient(port: server.port)
        try client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()
        let stopped = HTTPCore.Semaphore()
        let thread = Thread {
            server.stop()
            stopped.signal()
        }
        thread.start()
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "done")
        #expect(response.header("Connection")?.lowercased() == "close")
        #expect(idle.waitForClose())
        stopped.wait()
        #expect(throws: (any Error).self) { try TestClient.get("/hello", port: server.port) }
    }
}
