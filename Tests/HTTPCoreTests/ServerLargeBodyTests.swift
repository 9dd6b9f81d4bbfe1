import TestSupport
import Glibc
import HTTPCore
import Testing

/// Bodies over `HTTPConnection.inlineBodyLimit` go out from the response's own storage in the same `sendmsg` as
/// the head; what the socket does not take at once is queued. Each response must arrive whole and in order.
@Suite(.serialized)
struct ServerLargeBodyTests {
    /// `size` bytes that depend on `seed`, so a byte from the wrong response or offset shows.
    static func body(_ seed: Int, size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7 &+ $0 >> 8) }
    }

    /// `GET /pattern/{size}/{seed}`.
    static func routes(_ router: inout Router) {
        router.get("/pattern/{size}/{seed}") { request in
            let number = { (name: String) in Int(request.pathParameters[name] ?? "") ?? 0 }
            return HTTPResponse(status: .ok, body: body(number("seed"), size: number("size")))
        }
    }

    @Test func pipelinedLargeBodiesToASlowReaderArriveWholeAndInOrder() throws {
        let server = try TestServer(loops: 1, routes: Self.routes)
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        // An answer of 8 MB overflows the server's send buffer (at most 4 MB by default) and the client's fixed
        // 64 KB receive buffer, so the server's send is partial: the rest of the body is queued and the next
        // response waits behind it.
        var receiveBuffer: Int32 = 65536
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, socklen_t(MemoryLayout<Int32>.size))
        let size = 8_000_000
        try client.send((1...3).map { "GET /pattern/\(size)/\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
        for seed in 1...3 {
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == "\(size)")
            // The offset of the first wrong byte rather than two 8 MB arrays in a failure.
            let expected = Self.body(seed, size: size)
            #expect(response.body.count == size)
            let firstWrong = { response.body.indices.first { response.body[$0] != expected[$0] } ?? -1 }
            #expect(response.body == expected, "response \(seed): first wrong byte at \(firstWrong())")
        }
    }

    @Test func largeBodyOverTLSArrivesWhole() throws {
        let certificate = try TestCertificateFiles(commonName: "large.test")
        let configuration = certificate.configuration
        let server = try TestServer(configure: { $0.tls = configuration }, routes: Self.routes)
        defer { server.stop() }
        let size = 200_000
        // Python's `ssl` reads both answers on one connection and compares them with the same pattern.
        let result = try ExternalProcess.run(
            "/usr/bin/python3",
            [
                "-c",
                """
                import http.client, ssl, sys
                context = ssl.create_default_context(cafile=sys.argv[1])
                connection = http.client.HTTPSConnection("localhost", int(sys.argv[2]), context=context)
                for seed in (3, 4):
                    connection.request("GET", f"/pattern/{sys.argv[3]}/{seed}")
                    body = connection.getresponse().read()
                    expected = bytes((i * 31 + seed * 7 + (i >> 8)) & 0xFF for i in range(int(sys.argv[3])))
                    print(len(body), body == expected)
                """,
                certificate.certificatePath, "\(server.port)", "\(size)",
            ])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output == "\(size) True\n\(size) True\n")
    }
}
