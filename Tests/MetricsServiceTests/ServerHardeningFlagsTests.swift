import TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The shipped binary's hardening flags and their environment variables reach the server.
@Suite struct ServerHardeningFlagsTests {
    private static func curl(_ arguments: [String]) throws -> String {
        try ExternalProcess.run("/usr/bin/curl", ["-sS", "--max-time", "10"] + arguments).output
    }

    /// What the checks below need from the server, gathered on its own thread (`onThread`): curl, the raw
    /// clients and the exit wait all block.
    private struct Observed: Sendable {
        var statuses: [String]
        var preflight: String
        var refused: String
        var perIP: [Int]
        var exitStatus: Int32?
        var output: String
    }

    @Test func flagsAndEnvironmentConfigureHostsCORSAndPerIPLimit() async throws {
        // Nothing listens on the Mongo port; none of these requests needs the database.
        let mongoPort = try TestDatabase.freePort()
        let observed = try await onThread {
            let server = try ServerProcess(
                arguments: [
                    "server", "--host", "127.0.0.1", "--port", "0", "--event-loops", "2", "--no-worker",
                    "--mongo-uri", "mongodb://127.0.0.1:\(mongoPort)", "--allowed-hosts", "localhost,127.0.0.1",
                    "--allowed-hosts", "metrics.example", "--cors-origin", "https://dash.example",
                ],
                environment: ["AGENT_METRICS_MAX_CONNECTIONS_PER_IP": "2"])
            let port = try server.listeningPort()
            let base = "http://127.0.0.1:\(port)"
            let status = ["-o", "/dev/null", "-w", "%{http_code}"]
            let statuses = try [
                Self.curl(status + ["\(base)/healthz"]),
                Self.curl(status + ["-H", "Host: metrics.example", "\(base)/healthz"]),
                Self.curl(status + ["-H", "Host: evil.example", "\(base)/healthz"]),
            ]
            let preflight = try Self.curl([
                "-D", "-", "-o", "/dev/null", "-X", "OPTIONS", "-H", "Origin: https://dash.example",
                "-H", "Access-Control-Request-Method: GET", "\(base)/api/v1/ui/stats",
            ])
            let refused = try Self.curl(
                status + [
                    "-X", "OPTIONS", "-H", "Origin: https://evil.example", "-H",
                    "Access-Control-Request-Method: GET", "\(base)/api/v1/ui/stats",
                ])
            let first = try TestClient(port: port)
            let second = try TestClient(port: port)
            var perIP = try [first, second].map { client in
                try client.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                return try client.readResponse().status
            }
            perIP.append(try TestClient(port: port).readResponse().status)
            server.signal(SIGTERM)
            let exitStatus = server.waitForExit()
            return Observed(
                statuses: statuses, preflight: preflight, refused: refused, perIP: perIP, exitStatus: exitStatus,
                output: server.output)
        }

        #expect(observed.statuses == ["200", "200", "421"])
        #expect(observed.preflight.hasPrefix("HTTP/1.1 204"))
        #expect(observed.preflight.contains("Access-Control-Allow-Origin: https://dash.example\r\n"))
        #expect(observed.preflight.contains("X-Content-Type-Options: nosniff\r\n"))
        #expect(observed.refused == "403")
        // Two connections from one address are served; the third is refused.
        #expect(observed.perIP == [200, 200, 503])
        #expect(observed.exitStatus == 0, "\(observed.output)")
    }

    @Test(arguments: [
        ["--cors-origin", "*"], ["--allowed-hosts", "a@b"], ["--hsts", "forever"], ["--max-connections-per-ip", "0"],
    ])
    func invalidValuesStopTheServerAtStartUp(_ flags: [String]) async throws {
        let server = try ServerProcess(arguments: ["server", "--host", "127.0.0.1", "--port", "0"] + flags)
        let status = try await onThread { server.waitForExit() }
        #expect(status != nil && status != 0, "\(server.output)")
        #expect(server.output.contains(flags[0]))
    }
}
