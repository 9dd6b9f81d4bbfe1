import TestSupport
import Glibc
import Testing

@testable import HTTPCore

/// `maxConnectionsPerAddress` over real sockets: a client over it is refused at once while its open
/// connections, and other clients, carry on.
@Suite(.serialized)
struct ServerConnectionsPerAddressTests {
    private let loopback = PeerAddress(ipv4: 0x7f00_0001)

    private func hello(_ client: TestClient) throws -> Int {
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        return try client.readResponse().status
    }

    @Test func fourthConnectionIsRefusedAndAClosedOneFreesASlot() throws {
        let server = try TestServer { $0.maxConnectionsPerAddress = 3 }
        defer { server.stop() }
        var open: [TestClient] = []
        for _ in 0..<3 {
            let client = try TestClient(port: server.port)
            #expect(try hello(client) == 200)
            open.append(client)
        }

        let refused = try TestClient(port: server.port)
        let response = try refused.readResponse()
        #expect(response.status == 503)
        #expect(response.errorCode == "too_many_connections")
        #expect(response.header("Retry-After") == "1")
        #expect(refused.waitForClose())

        // The refusal disturbed none of the open connections.
        for client in open { #expect(try hello(client) == 200) }
        #expect(server.server.connectionsPerAddress.count(loopback) == 3)

        // Another address is counted on its own.
        let neighbour = try TestClient(port: server.port, sourceAddress: "127.0.0.2")
        #expect(try hello(neighbour) == 200)

        open.removeLast()  // closes its socket
        #expect(eventually { server.server.connectionsPerAddress.count(loopback) == 2 })
        let replacement = try TestClient(port: server.port)
        #expect(try hello(replacement) == 200)
        for client in open { #expect(try hello(client) == 200) }
    }

    /// In single-acceptor mode a socket is accepted on one loop and closed on another; the count still
    /// returns to zero.
    @Test func countsAcrossLoopsInSingleAcceptorMode() throws {
        let server = try TestServer(loops: 2) {
            $0.maxConnectionsPerAddress = 4
            $0.acceptMode = .single
        }
        defer { server.stop() }
        var open: [TestClient] = []
        for _ in 0..<4 {
            let client = try TestClient(port: server.port)
            #expect(try hello(client) == 200)
            open.append(client)
        }
        #expect(try TestClient(port: server.port).readResponse().status == 503)
        open.removeAll()
        #expect(eventually { server.server.connectionsPerAddress.addressCount == 0 })
        #expect(try TestClient.get("/hello", port: server.port).status == 200)
    }

    @Test func defaultLimitIs256() {
        #expect(HTTPServerConfiguration().maxConnectionsPerAddress == 256)
    }
}
