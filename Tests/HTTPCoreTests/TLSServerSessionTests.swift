import Foundation
import HTTPCore
import TestSupport
import Testing

/// Resumption, orderly close and the served chain, with real `openssl s_client` and Python `ssl` clients.
@Suite(.serialized)
struct TLSServerSessionTests {
    let certificate: TestCertificateFiles
    let server: TestServer

    init() throws {
        certificate = try TestCertificateFiles(commonName: "localhost")
        let configuration = certificate.configuration
        server = try TestServer { $0.tls = configuration }
    }

    /// Two s_client runs: the first saves its session, the second offers it back.
    private func connectTwice(
        _ arguments: [String], input: String
    ) throws -> (first: OpenSSLClient, second: OpenSSLClient) {
        let path = certificate.directory + "/session-\(UUID().uuidString).pem"
        let first = try OpenSSLClient(port: server.port, arguments + ["-sess_out", path], input: input)
        let second = try OpenSSLClient(port: server.port, arguments + ["-sess_in", path], input: input)
        return (first, second)
    }

    /// With no input, s_client sends close_notify as soon as the handshake is done: the client closes first.
    @Test(arguments: [["-tls1_2"], ["-tls1_2", "-no_ticket"]])
    func tls12SessionResumesAfterTheClientClosedFirst(arguments: [String]) throws {
        defer { server.stop() }
        let (first, second) = try connectTwice(arguments, input: "")
        #expect(first.negotiatedVersion == "TLSv1.2", "\(first.run.errorOutput)")
        #expect(!first.reused)
        // A session-ID resumption (-no_ticket) succeeds only if the server answered the client's close_notify:
        // OpenSSL evicts a session from its cache when the server ends the connection without its own.
        #expect(second.reused, "\(second.run.output)")
        #expect(second.negotiatedVersion == "TLSv1.2")
    }

    @Test func tls13TicketResumesTheNextConnection() throws {
        defer { server.stop() }
        // TLS 1.3 tickets follow the handshake: a request, answered before the server closes, makes sure
        // s_client has read them before it saves the session.
        let request = "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let (first, second) = try connectTwice(["-tls1_3", "-ign_eof"], input: request)
        #expect(first.negotiatedVersion == "TLSv1.3", "\(first.run.errorOutput)")
        #expect(!first.reused)
        #expect(second.reused, "\(second.run.output)")
        #expect(second.run.output.contains("\r\n\r\nhello"))
    }

    @Test(arguments: ["TLSv1_2", "TLSv1_3"])
    func clientsCloseNotifyIsAnsweredWithTheServers(version: String) throws {
        defer { server.stop() }
        // unwrap() sends close_notify and waits for the peer's: it raises if the server just closes the socket.
        let script = """
            import socket, ssl, sys
            ctx = ssl.create_default_context(cafile=sys.argv[2])
            ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.\(version)
            s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
            s.sendall(b"GET /hello HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
            response = b""
            while not response.endswith(b"hello"):
                response += s.recv(4096)
            plain = s.unwrap()
            print("clean", plain.recv(1) == b"")
            """
        let result = try ExternalProcess.run(
            "/usr/bin/python3", ["-c", script, "\(server.port)", certificate.certificatePath])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "clean True")
    }

    @Test func serverClosingFirstSendsCloseNotify() throws {
        defer { server.stop() }
        // With ragged EOFs not suppressed, Python raises SSLEOFError on a close without close_notify; a clean
        // one reads as end of stream.
        let script = """
            import socket, ssl, sys
            ctx = ssl.create_default_context(cafile=sys.argv[2])
            s = ctx.wrap_socket(
                socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost",
                suppress_ragged_eofs=False)
            s.sendall(b"GET /hello HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
            response = b""
            while True:
                chunk = s.recv(4096)
                if not chunk: break
                response += chunk
            print(response.endswith(b"hello"))
            """
        let result = try ExternalProcess.run(
            "/usr/bin/python3", ["-c", script, "\(server.port)", certificate.certificatePath])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "True")
    }

    @Test func chainFileWithIntermediateIsServedWhole() throws {
        defer { server.stop() }
        let chain = try TestCertificateChain()
        let chained = try TestServer {
            $0.tls = TLSConfiguration(certificatePath: chain.chainPath, keyPath: chain.keyPath)
        }
        defer { chained.stop() }
        // Clients trust only the root, so verification succeeds only if the intermediate comes with the leaf.
        let client = try OpenSSLClient(
            port: chained.port,
            ["-showcerts", "-CAfile", chain.rootPath, "-verify_return_error", "-verify_hostname", "localhost"])
        #expect(client.run.status == 0, "\(client.run.errorOutput)")
        #expect(client.certificateCount == 2)
        #expect(client.run.output.contains("Verify return code: 0 (ok)"))
        #expect(client.run.output.contains("CN = Test Intermediate"))
    }
}
