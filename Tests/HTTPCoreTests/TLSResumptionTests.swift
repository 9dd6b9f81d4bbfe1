import COpenSSL
import Synchronization
import Testing
@testable import HTTPCore

/// Session resumption through `TLSSession`s over memory BIOs, with ticket-key time under the test's control.
@Suite struct TLSResumptionTests {
    /// A clock the test moves by hand; starts at the real now.
    final class ManualTime: Sendable {
        private let start = ContinuousClock.now
        private let offset = Mutex(Duration.zero)
        func advance(by duration: Duration) { offset.withLock { $0 += duration } }
        var now: ContinuousClock.Instant { start.advanced(by: offset.withLock { $0 }) }
    }

    let files: TestCertificateFiles
    let time = ManualTime()
    let period = Duration.seconds(3600)
    let context: TLSContext

    init() throws {
        files = try TestCertificateFiles(commonName: "localhost")
        var configuration = files.configuration
        configuration.ticketKeyRotationPeriod = period
        let time = time
        context = try TLSContext(configuration: configuration, now: { time.now })
    }

    /// Runs one connection through its handshake (and its TLS 1.3 tickets), then closes it in order from both
    /// sides; returns the client. Either side freeing its `SSL` without sending close_notify would mark the
    /// session not resumable.
    private func connect(
        resuming session: TestTLSClientSession? = nil, maximumVersion: Int32? = nil, tickets: Bool = true
    ) throws -> TestTLSClient {
        let client = TestTLSClient(maximumVersion: maximumVersion, resuming: session, tickets: tickets)
        var harness = try TLSTestHarness(context: context, client: client)
        harness.pump()
        #expect(harness.server.isHandshakeComplete)
        client.shutdown()
        harness.pump()
        harness.server.shutdown()
        harness.pump()
        return client
    }

    /// The first 16 bytes of a ticket name the key that sealed it.
    private func ticketKeyName(_ session: TestTLSClientSession) -> [UInt8] {
        var ticket: UnsafePointer<UInt8>?
        var length = 0
        SSL_SESSION_get0_ticket(session.session, &ticket, &length)
        guard let ticket, length >= 16 else { return [] }
        return Array(UnsafeBufferPointer(start: ticket, count: 16))
    }

    @Test(arguments: [TLS1_2_VERSION, TLS1_3_VERSION])
    func ticketResumesAFollowingConnection(version: Int32) throws {
        let first = try connect(maximumVersion: version)
        let session = try #require(first.session)
        #expect(session.hasTicket)
        #expect(!first.sessionReused)
        let second = try connect(resuming: session, maximumVersion: version)
        #expect(second.sessionReused)
    }

    @Test func ticketFromTheRetiredKeyResumesAndIsReplacedUnderTheCurrentKey() throws {
        let first = try connect(maximumVersion: TLS1_2_VERSION)
        let original = try #require(first.session)
        time.advance(by: period + .seconds(1))

        let second = try connect(resuming: original, maximumVersion: TLS1_2_VERSION)
        #expect(second.sessionReused)
        let renewed = try #require(second.session)
        #expect(ticketKeyName(renewed).count == 16)
        #expect(ticketKeyName(renewed) != ticketKeyName(original))
    }

    @Test func ticketsAreRefusedTwoPeriodsAfterTheirKeyWasMade() throws {
        let first = try connect(maximumVersion: TLS1_2_VERSION)
        let original = try #require(first.session)
        time.advance(by: period + .seconds(1))
        // A key made now seals tickets that outlive the original key.
        let renewed = try #require(try connect(resuming: original, maximumVersion: TLS1_2_VERSION).session)
        time.advance(by: period)

        #expect(!(try connect(resuming: original, maximumVersion: TLS1_2_VERSION)).sessionReused)
        #expect(try connect(resuming: renewed, maximumVersion: TLS1_2_VERSION).sessionReused)
    }

    @Test func ticketKeysSurviveACertificateReload() throws {
        let session = try #require(try connect(maximumVersion: TLS1_2_VERSION).session)
        try context.reload()
        #expect(try connect(resuming: session, maximumVersion: TLS1_2_VERSION).sessionReused)
    }

    @Test func sessionIDResumptionWorksAfterAnOrderlyShutdown() throws {
        let client = TestTLSClient(maximumVersion: TLS1_2_VERSION, tickets: false)
        do {
            var harness = try TLSTestHarness(context: context, client: client)
            harness.pump()
            client.shutdown()
            harness.pump()
            #expect(harness.lastServerResult == .closed)
            // What the connection now does on close_notify: answer it before the session is freed.
            harness.server.shutdown()
            harness.pump()
            #expect(client.receivedCloseNotify)
        }
        let session = try #require(client.session)
        #expect(!session.hasTicket)
        #expect(try connect(resuming: session, maximumVersion: TLS1_2_VERSION, tickets: false).sessionReused)
    }

    /// Why the connection must answer close_notify: OpenSSL evicts a TLS 1.2 session from its cache when the
    /// server frees the connection without having sent its own.
    @Test func sessionIDResumptionFailsWhenTheServerNeverSendsCloseNotify() throws {
        let client = TestTLSClient(maximumVersion: TLS1_2_VERSION, tickets: false)
        do {
            var harness = try TLSTestHarness(context: context, client: client)
            harness.pump()
            client.shutdown()
            harness.pump()
            #expect(harness.lastServerResult == .closed)
        }
        let session = try #require(client.session)
        #expect(!(try connect(resuming: session, maximumVersion: TLS1_2_VERSION, tickets: false)).sessionReused)
    }
}
