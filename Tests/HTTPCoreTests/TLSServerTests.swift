import TestSupport
import Foundation
import HTTPCore
import Testing

/// TLS over real sockets with real clients: curl, openssl s_client and Python's ssl module.
@Suite(.serialized)
struct TLSServerTests {
    let certificate: TestCertificateFiles
    let server: TestServer

    init() throws {
        certificate = try TestCertificateFiles(commonName: "first.test")
        let configuration = certificate.configuration
        server = try TestServer { $0.tls = configuration }
    }

    @Test func curlRoundTripNegotiatesHTTP11() throws {
        defer { server.stop() }
        let result = try ExternalProcess.run(
            "/usr/bin/curl",
            [
                "-sS", "--cacert", certificate.certificatePath, "-w", "|%{http_version}|%{response_code}",
                "https://localhost:\(server.port)/hello",
            ])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output == "hello|1.1|200")
    }

    @Test func opensslClientSeesTLSAndALPN() throws {
        defer { server.stop() }
        let result = try ExternalProcess.run(
            "/usr/bin/openssl",
            ["s_client", "-connect", "127.0.0.1:\(server.port)", "-alpn", "http/1.1", "-ign_eof"],
            input: "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(result.output.contains("ALPN protocol: http/1.1"))
        #expect(result.output.contains("HTTP/1.1 200 OK"))
        #expect(result.output.contains("\r\n\r\nhello"))
        #expect(result.output.contains("Protocol  : TLSv1.3") || result.output.contains("TLSv1.3"))
    }

    @Test func opensslClientCappedAtTLS11IsRefused() throws {
        defer { server.stop() }
        let result = try ExternalProcess.run(
            "/usr/bin/openssl",
            ["s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"],
            input: "")
        #expect(result.status != 0)
        #expect(!result.output.contains("BEGIN CERTIFICATE"))
    }

    @Test func pythonKeepAliveAndLargeBodiesOverOneConnection() throws {
        defer { server.stop() }
        let script = """
            import socket, ssl, sys
            ctx = ssl.create_default_context(cafile=sys.argv[2])
            ctx.set_alpn_protocols(["http/1.1"])
            s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
            f = s.makefile("rb")
            def read_response():
                status = f.readline()
                length = 0
                while True:
                    line = f.readline()
                    if line in (b"\\r\\n", b""): break
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "content-length": length = int(value)
                return status, f.read(length)
            for i in range(50):
                s.sendall(b"GET /items/%d HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n" % i)
                status, body = read_response()
                assert status.startswith(b"HTTP/1.1 200"), status
                assert body == str(i).encode(), body
            payload = bytes(range(256)) * 4096
            s.sendall(b"POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(payload) + payload)
            status, body = read_response()
            assert body == payload, len(body)
            print(s.version(), s.selected_alpn_protocol())
            """
        let result = try ExternalProcess.run(
            "/usr/bin/python3", ["-c", script, "\(server.port)", certificate.certificatePath])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "TLSv1.3 http/1.1")
    }

    @Test func plainHTTPClientOnTheTLSPortIsClosedAndOthersAreServed() throws {
        defer { server.stop() }
        let plain = try TestClient(port: server.port)
        try plain.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(plain.waitForClose())
        let garbage = try TestClient(port: server.port)
        try garbage.send(Array(repeating: 0xFF, count: 512))
        #expect(garbage.waitForClose())
        let result = try ExternalProcess.run(
            "/usr/bin/curl", ["-sS", "--cacert", certificate.certificatePath, "https://localhost:\(server.port)/hello"])
        #expect(result.output == "hello")
    }

    @Test func reloadServesTheNewCertificateWithoutDroppingConnections() throws {
        defer { server.stop() }
        let script = """
            import socket, ssl, sys
            ctx = ssl.create_default_context(cafile=sys.argv[2])
            s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
            s.sendall(b"GET /hello HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
            assert b"hello" in s.recv(4096)
            print("ready", flush=True)
            sys.stdin.readline()
            s.sendall(b"GET /hello HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
            assert b"hello" in s.recv(4096)
            print("still-open")
            """
        // The held connection is driven through a pipe so the reload happens between its two requests.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, "\(server.port)", certificate.certificatePath]
        let input = ChildProcesses.pipe()
        let output = ChildProcesses.pipe()
        process.standardInput = input
        process.standardOutput = output
        try ChildProcesses.run(process)
        let firstLine = output.fileHandleForReading.availableLineBlocking()
        #expect(firstLine == "ready")

        try certificate.generate(commonName: "second.test")
        try server.server.reloadTLS()
        let fresh = try ExternalProcess.run(
            "/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)"], input: "")
        #expect(fresh.output.contains("second.test"))

        input.fileHandleForWriting.write(Data("go\n".utf8))
        process.waitUntilExit()
        let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(rest.contains("still-open"))
    }
}

extension FileHandle {
    /// Reads byte by byte up to a newline (for line-oriented handshakes with a child process).
    func availableLineBlocking() -> String {
        var bytes: [UInt8] = []
        while let byte = try? read(upToCount: 1), let first = byte.first, first != 10 {
            bytes.append(first)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
