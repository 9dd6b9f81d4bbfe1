import HTTPCore
import TestSupport
import Testing

@testable import MetricsService

/// Hostile and malformed credentials over a real connection: each gets a 401 JSON error, never a 500 or a
/// crash, and the connection and server keep working afterwards.
@Suite struct APIAuthHeaderTests {
    static let key = APIAuthMatrixTests.keys[.read]!

    @Test func malformedCredentialsGet401AndTheConnectionStaysUsable() async throws {
        try await APIServer.with(keys: APIAuthMatrixTests.store()) { server in
            let cases: [(String, [UInt8])] = [
                ("Basic", Array("Authorization: Basic dXNlcjpwYXNzd29yZA==\r\n".utf8)),
                ("empty token", Array("Authorization: Bearer \r\n".utf8)),
                ("empty value", Array("Authorization:\r\n".utf8)),
                ("scheme only", Array("Authorization: Bearer\r\n".utf8)),
                ("10 KB token", Array("Authorization: Bearer \(String(repeating: "a", count: 10 * 1024))\r\n".utf8)),
                ("10 KB X-API-Key", Array("X-API-Key: \(String(repeating: "a", count: 10 * 1024))\r\n".utf8)),
                (
                    "two Authorization headers, both valid",
                    Array("Authorization: Bearer \(Self.key)\r\nAuthorization: Bearer \(Self.key)\r\n".utf8)
                ),
                (
                    "Authorization and X-API-Key",
                    Array("Authorization: Bearer \(Self.key)\r\nX-API-Key: \(Self.key)\r\n".utf8)
                ),
                ("a character outside base64url", Array("Authorization: Bearer \(Self.key.dropLast())+\r\n".utf8)),
                ("padding", Array("Authorization: Bearer \(Self.key)=\r\n".utf8)),
                ("percent-encoded", Array("X-API-Key: am_%41%41\r\n".utf8)),
                ("a non-ASCII byte", Array("Authorization: Bearer am_".utf8) + [0xE9, 0x0D, 0x0A]),
                ("a key and trailing words", Array("Authorization: Bearer \(Self.key) extra\r\n".utf8)),
                (
                    "an unknown well-formed key",
                    Array("Authorization: Bearer \(APIAuthMatrixTests.unknownKey)\r\n".utf8)
                ),
            ]
            // Every case, then a valid key, on one connection (on its own thread); checked here afterwards.
            let (responses, afterwards) = try await server.withClient { client in
                let responses = try cases.map { _, header in
                    let head =
                        Array("GET /api/v1/ui/stats HTTP/1.1\r\nHost: test\r\n".utf8) + header + Array("\r\n".utf8)
                    try client.send(head)
                    return try client.readResponse()
                }
                try client.send(
                    "GET /api/v1/ui/stats HTTP/1.1\r\nHost: test\r\nAuthorization: bearer \(Self.key)\r\n\r\n")
                return (responses, try client.readResponse())
            }
            for ((name, _), response) in zip(cases, responses) {
                #expect(response.status == 401, "\(name): \(response.status) \(response.bodyText)")
                #expect(response.errorCode == "unauthorized", "\(name)")
                #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "\(name)")
                #expect(!response.bodyText.contains(Self.key), "\(name): the key is echoed")
            }
            // Same connection, valid key: still served.
            #expect(afterwards.status == 200)
            #expect(try await server.request("GET", "/healthz").status == 200)
        }
    }
}
