import TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The shipped binary's hardening flags and their environment variables reach the server.
@Suite struct ServerHardeningFlagsTests {
    private func curl(_ arguments: [String]) throws -> String {
        try ExternalProcess.run("/usr/bin/curl", ["-sS", "--max-time", "10"] + arguments).output
    }

    @Test func flagsAndEnvironmentConfigureHostsCORSAndPerIPLimit() throws {
        // Nothing listens on the Mongo port; none of these requests needs the database.
        let mongoPort = try TestDatabase.freePort()
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

        #expect(try curl(status + ["\(base)/healthz"]) == "200")
        #expect(try curl(status + ["-H", "Host: metrics.example", "\(base)/healthz"]) == "200")
        #expect(try curl(status + ["-H", "Host: evil.example", "\(base)/healthz"]) == "421")

        let preflight = try curl([
            "-D", "-", "-o", "/dev/null", "-X", "OPTIONS", "-H", "Origin: https://dash.example",
            "-H", "Access-Control-Request-Method: GET", "\(base)/api/v1/ui/stats",
        ])
        #expect(preflight.hasPrefix("HTTP/1.1 204"))
        #expect(preflight.contains("Access-Control-Allow-Origin: https://dash.example\r\n"))
        #expect(preflight.contains("X-Content-Type-Options: nosniff\r\n"))
        let refused = try curl(
            status + [
                "-X", "OPTIONS", "-H", "Origin: https://evil.example", "-H",
                "Access-Control-Request-Method: GET", "\(base)/api/v1/ui/stats",
            ])
        #expect(refused == "403")

        let first = try TestClient(port: port)
        let second = try TestClient(port: port)
        for client in [first, second] {
            try client.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        #expect(try TestClient(port: port).readResponse().status == 503)

        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.output)")
    }

    @Test(arguments: [
        ["--cors-origin", "*"], ["--allowed-hosts", "a@b"], ["--hsts", "forever"], ["--max-connections-per-ip", "0"],
    ])
    func invalidValuesStopTheServerAtStartUp(_ flags: [String]) throws {
        let server = try ServerProcess(arguments: ["server", "--host", "127.0.0.1", "--port", "0"] + flags)
        let status = server.waitForExit()
        #expect(status != nil && status != 0, "\(server.output)")
        #expect(server.output.contains(flags[0]))
    }
}
