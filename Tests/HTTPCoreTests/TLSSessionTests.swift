import COpenSSL
import Testing
@testable import HTTPCore

@Suite struct TLSSessionTests {
    private func makeContext() throws -> (TestCertificateFiles, TLSContext) {
        let files = try TestCertificateFiles(commonName: "localhost")
        return (files, try TLSContext(configuration: files.configuration))
    }

    @Test func handshakeCompletesAndSelectsHTTP11WhenOffered() throws {
        let (_, context) = try makeContext()
        var harness = try TLSTestHarness(context: context, client: TestTLSClient(alpn: ["h2", "http/1.1"]))
        harness.pump()
        #expect(harness.lastServerResult == .wantRead)
        #expect(harness.server.isHandshakeComplete)
        #expect(harness.client.isHandshakeComplete)
        #expect(harness.server.negotiatedALPN == "http/1.1")
        #expect(harness.client.negotiatedALPN == "http/1.1")
        #expect(harness.client.peerCommonName == "localhost")
    }

    @Test func handshakeFailsWithNoApplicationProtocolWhenClientOffersOnlyOtherProtocols() throws {
        let (_, context) = try makeContext()
        var harness = try TLSTestHarness(context: context, client: TestTLSClient(alpn: ["h2", "spdy/3"]))
        harness.pump()
        guard case .failed = harness.lastServerResult else {
            Issue.record("expected a failed handshake, got \(harness.lastServerResult)")
            return
        }
        #expect(!harness.server.isHandshakeComplete)
        // Alert 120, as RFC 7301 §3.2 asks, rather than carrying on without ALPN.
        #expect(harness.client.handshakeFailureReason == "tlsv1 alert no application protocol")
    }

    @Test(arguments: [
        (["http/1.0"], "http/1.0"),
        (["h2", "http/1.0"], "http/1.0"),
        (["http/1.0", "http/1.1"], "http/1.1"),
        (["h2", "http/1.1", "http/1.0"], "http/1.1"),
    ])
    func selectsOurPreferredHTTPVersionAmongThoseOffered(offer: [String], selected: String) throws {
        let (_, context) = try makeContext()
        var harness = try TLSTestHarness(context: context, client: TestTLSClient(alpn: offer))
        harness.pump()
        #expect(harness.server.isHandshakeComplete)
        #expect(harness.server.negotiatedALPN == selected)
        #expect(harness.client.negotiatedALPN == selected)
    }

    @Test func tls12ClientNegotiatesAnECDHEAEADSuite() throws {
        let (_, context) = try makeContext()
        var harness = try TLSTestHarness(context: context, client: TestTLSClient(maximumVersion: TLS1_2_VERSION))
        harness.pump()
        #expect(harness.server.isHandshakeComplete)
        #expect(harness.client.negotiatedCipher?.hasPrefix("ECDHE-RSA-") == true)
        #expect(harness.server.negotiatedALPN == "http/1.1")
        let message = Array("over TLS 1.2".utf8)
        harness.client.write(message)
        harness.pump()
        #expect(harness.serverReceived == message)
    }

    @Test func handshakeSucceedsWithoutALPNWhenClientOffersNone() throws {
        let (_, context) = try makeContext()
        var harness = try TLSTestHarness(context: context, client: TestTLSClient(alpn: []))
        harness.pump()
        #expect(harness.server.isHandshakeComplete)
        #expect(harness.server.negotiatedALPN == nil)
    }

    @Test(arguments: [Int.max, 1000, 1])
    func plaintextRoundTripsInBothDirections(chunkSize: Int) throws {
        let (_, context) = try makeContext()
        var harness = try TLSTestHarness(context: context)
        harness.serverChunkSize = chunkSize
        harness.pump()
        #expect(harness.server.isHandshakeComplete)

        let request = Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
        harness.client.write(request)
        harness.pump()
        #expect(harness.serverReceived == request)

        // Several records each way, and buffers large enough to be released afterwards.
        let large = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        harness.serverReceived.removeAll()
        harness.client.write(large)
        harness.pump()
        #expect(harness.serverReceived == large)

        try harness.serverSends(large)
        #expect(harness.clientReceived == large)
        #expect(harness.server.memoryBIOCapacity <= 8192)

        // The session keeps working after its memory BIOs were swapped for small ones.
        let response = Array("HTTP/1.1 204 No Content\r\n\r\n".utf8)
        harness.clientReceived.removeAll()
        try harness.serverSends(response)
        #expect(harness.clientReceived == response)
        #expect(harness.lastServerResult == .wantRead)
    }

    @Test func handshakeSurvivesByteByByteDelivery() throws {
        let (_, context) = try makeContext()
        var harness = try TLSTestHarness(context: context)
        harness.serverChunkSize = 1
        harness.pump()
        #expect(harness.server.isHandshakeComplete)
        #expect(harness.client.isHandshakeComplete)
    }

    @Test func closeNotifyFromPeerReadsAsClosedAndShutdownQueuesOneBack() throws {
        let (_, context) = try makeContext()
        var harness = try TLSTestHarness(context: context)
        harness.pump()
        let last = Array("last words".utf8)
        harness.client.write(last)
        harness.client.shutdown()
        harness.pump()
        #expect(harness.serverReceived == last)
        #expect(harness.lastServerResult == .closed)
        var scratch: [UInt8] = []
        #expect(harness.server.readPlaintext(into: &scratch) == .closed)

        harness.server.shutdown()
        #expect(harness.server.hasPendingCiphertext)
        harness.server.shutdown()  // idempotent: no second alert
        harness.pump()
        #expect(harness.client.receivedCloseNotify)
        #expect(!harness.server.hasPendingCiphertext)
        #expect(throws: TLSError.self) {
            try harness.server.writePlaintext(UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    @Test(arguments: [
        Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8),
        [0x16, 0x03, 0x01, 0x00, 0x05, 0xff, 0xff, 0xff, 0xff, 0xff],
        Array(repeating: 0, count: 64),
    ])
    func nonTLSBytesFailPromptly(bytes: [UInt8]) throws {
        let (_, context) = try makeContext()
        let session = try context.makeSession()
        bytes.withUnsafeBytes { session.receiveCiphertext($0) }
        var plaintext: [UInt8] = []
        let result = session.readPlaintext(into: &plaintext)
        guard case .failed(let error) = result else {
            Issue.record("expected failure, got \(result)")
            return
        }
        #expect(error.reason.hasPrefix("SSL_do_handshake failed"))
        #expect(plaintext.isEmpty)
        // The failure sticks, and nothing afterwards may touch OpenSSL's dead state.
        #expect(session.readPlaintext(into: &plaintext) == result)
        session.shutdown()
        #expect(throws: TLSError.self) { try session.writePlaintext(UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    @Test func clientLimitedToTLS11IsRefused() throws {
        let (_, context) = try makeContext()
        var harness = try TLSTestHarness(context: context, client: TestTLSClient(maximumVersion: TLS1_1_VERSION))
        harness.pump()
        guard case .failed(let error) = harness.lastServerResult else {
            Issue.record("expected failure, got \(harness.lastServerResult)")
            return
        }
        #expect(error.reason.contains("unsupported protocol"))
        #expect(!harness.server.isHandshakeComplete)
        #expect(harness.client.handshakeError != nil)
    }

    @Test func writingBeforeHandshakeThrows() throws {
        let (_, context) = try makeContext()
        let session = try context.makeSession()
        let bytes: [UInt8] = [1, 2, 3]
        #expect(throws: TLSError.self) {
            try bytes.withUnsafeBytes { try session.writePlaintext($0) }
        }
        #expect(!session.hasPendingCiphertext)
    }
}
