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

    /// `GET /pattern/{seed}`: `bodies[seed]`, made before the server starts (so a slow build, e.g. under TSan, does
    /// not spend the client's patience making them).
    static func routes(_ bodies: [Int: [UInt8]]) -> (inout Router) -> Void {
        { router in
            router.get("/pattern/{seed}") { request in
                HTTPResponse(status: .ok, body: bodies[Int(request.pathParameters["seed"] ?? "") ?? 0] ?? [])
            }
        }
    }

    /// `count` bodies of `size` bytes, by seed from 1.
    static func bodies(_ count: Int, size: Int) -> [Int: [UInt8]] {
        Dictionary(uniqueKeysWithValues: (1...count).map { ($0, body($0, size: size)) })
    }

    @Test func pipelinedLargeBodiesToASlowReaderArriveWholeAndInOrder() throws {
        let size = 8_000_000
        let bodies = Self.bodies(3, size: size)
        let server = try TestServer(loops: 1, routes: Self.routes(bodies))
        defer { server.stop() }
        // Generous: the receive timeout only bounds a hang, it times nothing.
        let client = try TestClient(port: server.port, receiveTimeout: 60)
        // An answer of 8 MB overflows the server's send buffer (at most 4 MB by default) and the client's fixed
        // 64 KB receive buffer, so the server's send is partial: the rest of the body is queued and the next
        // response waits behind it.
        var receiveBuffer: Int32 = 65536
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, socklen_t(MemoryLayout<Int32>.size))
        try client.send((1...3).map { "GET /pattern/\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
        for seed in 1...3 {
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == "\(size)")
            // The offset of the first wrong byte rather than two 8 MB arrays in a failure.
            let expected = bodies[seed]!
            #expect(response.body.count == size)
            let firstWrong = { response.body.indices.first { response.body[$0] != expected[$0] } ?? -1 }
            #expect(response.body == expected, "response \(seed): first wrong byte at \(firstWrong())")
        }
    }

    @Test func largeBodyOverTLSArrivesWhole() throws {
        let certificate = try TestCertificateFiles(commonName: "large.test")
        let configuration = certificate.configuration
        let size = 200_000
        let server = try TestServer(
            configure: { $0.tls = configuration }, routes: Self.routes(Self.bodies(4, size: size)))
        defer { server.stop() }
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
                    connection.request("GET", f"/pattern/{seed}")
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
