@testable import HTTPCore

/// Shuttles bytes between a test client and a server session the way a connection would, until both go quiet.
struct TLSTestHarness {
    let client: TestTLSClient
    let server: TLSSession
    /// Plaintext the server has decrypted so far.
    var serverReceived: [UInt8] = []
    /// Plaintext the client has decrypted so far.
    var clientReceived: [UInt8] = []
    /// The server's most recent read result.
    var lastServerResult = TLSReadResult.wantRead
    /// Client-to-server ciphertext is fed in pieces of this size, to exercise records split across reads.
    var serverChunkSize = Int.max

    init(context: TLSContext, client: TestTLSClient = TestTLSClient()) throws {
        self.client = client
        server = try context.makeSession()
    }

    mutating func pump() {
        for _ in 0..<100 {
            client.stepHandshake()
            let toServer = client.takeCiphertext()
            var offset = 0
            repeat {
                let end = min(toServer.count, offset &+ serverChunkSize)
                toServer[offset..<end].withUnsafeBytes { server.receiveCiphertext($0) }
                lastServerResult = server.readPlaintext(into: &serverReceived)
                offset = end
            } while offset < toServer.count
            var toClient: [UInt8] = []
            server.takeCiphertext(into: &toClient)
            client.receive(toClient)
            if client.isHandshakeComplete { clientReceived += client.read() }
            if toServer.isEmpty && toClient.isEmpty { return }
        }
        fatalError("TLS exchange did not settle")
    }

    mutating func serverSends(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try server.writePlaintext($0) }
        pump()
    }
}
