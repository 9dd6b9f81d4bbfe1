import Foundation
import HTTPCore
import Testing

/// What a TLS scanner probes, checked with real `openssl s_client` handshakes against a running server: every
/// refusal must come from the server (its alert is asserted), not from a client that could not offer the option.
@Suite(.serialized)
struct TLSServerProtocolTests {
    let certificate: TestCertificateFiles
    let server: TestServer

    init() throws {
        certificate = try TestCertificateFiles(commonName: "localhost")
        let configuration = certificate.configuration
        server = try TestServer { $0.tls = configuration }
    }

    private func connect(_ arguments: [String], input: String = "") throws -> OpenSSLClient {
        try OpenSSLClient(port: server.port, arguments, input: input)
    }

    @Test(arguments: [("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")])
    func tls12And13AreAccepted(flag: String, version: String) throws {
        defer { server.stop() }
        let client = try connect([flag])
        #expect(client.run.status == 0, "\(client.run.errorOutput)")
        #expect(client.negotiatedVersion == version)
        #expect(client.run.output.contains("Compression: NONE") || version == "TLSv1.3")
    }

    @Test(arguments: ["-tls1", "-tls1_1"])
    func olderProtocolsAreRefusedWithProtocolVersionAlert(flag: String) throws {
        defer { server.stop() }
        // Security level 0 lets OpenSSL 3 offer these at all, so the refusal is the server's.
        let client = try connect([flag, "-cipher", "DEFAULT@SECLEVEL=0"])
        #expect(client.run.status != 0)
        #expect(client.negotiatedVersion == nil)
        #expect(client.receivedAlert == 70)
    }

    @Test(arguments: [
        "AES128-SHA256",  // static RSA key exchange, CBC
        "AES256-GCM-SHA384",  // static RSA key exchange: no forward secrecy
        "ECDHE-RSA-AES128-SHA",  // CBC with SHA-1
        "ECDHE-RSA-AES256-SHA384",  // CBC
        "DHE-RSA-AES128-GCM-SHA256",  // finite-field DHE
        "ECDHE-RSA-CAMELLIA128-SHA256",
        "ARIA128-GCM-SHA256",
        "ECDHE-RSA-NULL-SHA:@SECLEVEL=0",  // no encryption
        "AECDH-AES128-SHA:@SECLEVEL=0",  // anonymous
    ])
    func tls12SuitesWithoutForwardSecrecyAndAEADAreRefused(cipher: String) throws {
        defer { server.stop() }
        let client = try connect(["-tls1_2", "-cipher", cipher])
        #expect(client.run.status != 0)
        #expect(client.cipher == nil)
        #expect(client.receivedAlert == 40)
    }

    @Test(arguments: ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"])
    func tls12ForwardSecretAEADSuitesAreAccepted(cipher: String) throws {
        defer { server.stop() }
        let client = try connect(["-tls1_2", "-cipher", cipher])
        #expect(client.cipher == cipher, "\(client.run.errorOutput)")
    }

    @Test func tls12UsesTheServersPreferenceOverTheClients() throws {
        defer { server.stop() }
        let client = try connect([
            "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256",
        ])
        #expect(client.cipher == "ECDHE-RSA-AES128-GCM-SHA256")
    }

    @Test(arguments: ["TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"])
    func tls13SuitesBeyondTheStandardThreeAreRefused(suite: String) throws {
        defer { server.stop() }
        let client = try connect(["-tls1_3", "-ciphersuites", suite])
        #expect(client.negotiatedVersion == nil)
        #expect(client.receivedAlert == 40)
    }

    @Test(arguments: ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"])
    func tls13StandardSuitesAreAccepted(suite: String) throws {
        defer { server.stop() }
        let client = try connect(["-tls1_3", "-ciphersuites", suite])
        #expect(client.cipher == suite, "\(client.run.errorOutput)")
    }

    @Test(arguments: [
        ("X25519", "X25519, 253 bits"), ("P-256", "ECDH, prime256v1, 256 bits"), ("P-384", "ECDH, secp384r1, 384 bits"),
    ])
    func offeredGroupsAreUsed(group: String, tempKey: String) throws {
        defer { server.stop() }
        for version in ["-tls1_2", "-tls1_3"] {
            let client = try connect([version, "-groups", group])
            #expect(client.serverTempKey == tempKey, "\(version): \(client.run.errorOutput)")
        }
    }

    @Test(arguments: ["X448", "P-521", "ffdhe2048"])
    func otherGroupsAreRefused(group: String) throws {
        defer { server.stop() }
        for version in ["-tls1_2", "-tls1_3"] {
            let client = try connect([version, "-groups", group])
            #expect(client.negotiatedVersion == nil, "\(version)")
            #expect(client.receivedAlert == 40, "\(version): \(client.run.errorOutput)")
        }
    }

    @Test func alpnOfferWithNothingWeSpeakFailsWithNoApplicationProtocol() throws {
        defer { server.stop() }
        let client = try connect(["-alpn", "h2"])
        #expect(client.run.status != 0)
        #expect(client.negotiatedVersion == nil)
        #expect(client.receivedAlert == 120)
    }

    @Test func http10IsSelectedAndServedWhenItIsAllThatIsOffered() throws {
        defer { server.stop() }
        let client = try connect(["-alpn", "http/1.0", "-ign_eof"], input: "GET /hello HTTP/1.0\r\nHost: x\r\n\r\n")
        #expect(client.alpn == "http/1.0")
        #expect(client.run.output.contains("HTTP/1.1 200 OK"))
        #expect(client.run.output.contains("\r\n\r\nhello"))
    }

    @Test func http11IsPreferredOverHTTP10WhateverTheClientsOrder() throws {
        defer { server.stop() }
        #expect(try connect(["-alpn", "http/1.0,http/1.1"]).alpn == "http/1.1")
    }

    @Test func clientInitiatedRenegotiationIsRefused() throws {
        defer { server.stop() }
        // "R" on s_client's input asks for a renegotiation once the TLS 1.2 handshake is done.
        let client = try connect(["-tls1_2"], input: "R\n")
        #expect(client.negotiatedVersion == "TLSv1.2")
        // The server still signals RFC 5746 support, whose absence scanners flag, but declines to renegotiate.
        #expect(client.run.output.contains("Secure Renegotiation IS supported"))
        #expect(client.run.errorOutput.contains("RENEGOTIATING"))
        #expect(client.run.errorOutput.contains("no renegotiation"))
    }
}
