import Foundation
import Synchronization
import Testing
@testable import HTTPCore

@Suite struct TLSContextTests {
    @Test func missingCertificateThrowsNamingThePath() throws {
        let files = try TestCertificateFiles(commonName: "localhost")
        let configuration = TLSConfiguration(certificatePath: files.directory + "/missing.pem", keyPath: files.keyPath)
        #expect {
            _ = try TLSContext(configuration: configuration)
        } throws: { error in
            (error as? TLSError)?.reason.contains("missing.pem") == true
        }
    }

    @Test func keyThatDoesNotMatchCertificateThrows() throws {
        let first = try TestCertificateFiles(commonName: "first")
        let second = try TestCertificateFiles(commonName: "second")
        let configuration = TLSConfiguration(certificatePath: first.certificatePath, keyPath: second.keyPath)
        #expect(throws: TLSError.self) { _ = try TLSContext(configuration: configuration) }
    }

    @Test func certificateWithAKeyWeakerThan112BitsIsRefused() throws {
        let files = try TestCertificateFiles(commonName: "localhost", keySpecification: "rsa:1024")
        #expect {
            _ = try TLSContext(configuration: files.configuration)
        } throws: { error in
            (error as? TLSError)?.reason.contains("key too small") == true
        }
    }

    @Test func nonPositiveTicketKeyRotationPeriodIsRefused() throws {
        let files = try TestCertificateFiles(commonName: "localhost")
        var configuration = files.configuration
        configuration.ticketKeyRotationPeriod = .zero
        #expect(throws: TLSError.self) { _ = try TLSContext(configuration: configuration) }
    }

    @Test func reloadServesNewCertificateToNewSessionsWhileOldSessionsKeepWorking() throws {
        let files = try TestCertificateFiles(commonName: "first")
        let context = try TLSContext(configuration: files.configuration)
        var old = try TLSTestHarness(context: context)
        old.pump()
        #expect(old.client.peerCommonName == "first")

        try files.generate(commonName: "second")
        try context.reload()

        var new = try TLSTestHarness(context: context)
        new.pump()
        #expect(new.client.peerCommonName == "second")

        // The old session's SSL_CTX is still alive through its own reference.
        let message = Array("still here".utf8)
        old.client.write(message)
        old.pump()
        #expect(old.serverReceived == message)
        try old.serverSends(message)
        #expect(old.clientReceived == message)
    }

    @Test func failedReloadThrowsAndKeepsServingTheOldCertificate() throws {
        let files = try TestCertificateFiles(commonName: "first")
        let context = try TLSContext(configuration: files.configuration)
        try files.corruptCertificate()
        #expect(throws: TLSError.self) { try context.reload() }

        var harness = try TLSTestHarness(context: context)
        harness.pump()
        #expect(harness.server.isHandshakeComplete)
        #expect(harness.client.peerCommonName == "first")
    }

    @Test func reloadingWhileOtherThreadsMakeSessionsIsSafe() throws {
        let files = try TestCertificateFiles(commonName: "localhost")
        let context = try TLSContext(configuration: files.configuration)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 6) { worker in
            for _ in 0..<10 {
                do {
                    if worker % 3 == 0 {
                        try context.reload()
                    } else {
                        var harness = try TLSTestHarness(context: context)
                        harness.pump()
                        if !harness.server.isHandshakeComplete { failures.add(1, ordering: .relaxed) }
                    }
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
    }
}
