import TestSupport
import Foundation
import Testing

@testable import MetricsService

#if canImport(Glibc)
    import Glibc
#endif

/// The shipped binary: flags, the spec's curl walk-through, clean exit on SIGTERM, TLS reload on SIGHUP.
@Suite struct ServerProcessTests {
    static func curl(_ arguments: [String]) throws -> String {
        let result = try ExternalProcess.run("/usr/bin/curl", ["-sS", "--max-time", "10"] + arguments)
        #expect(result.status == 0, "curl \(arguments): \(result.errorOutput)")
        return result.output
    }

    @Test func binaryServesTheSpecWalkthroughWithCurlAndExitsCleanlyOnSIGTERM() async throws {
        try await TestDatabase.with { database in
            // `--flag=value` and `--flag value` forms, and the database name from the environment (the child's
            // own: setenv here would reach every server other tests start meanwhile).
            let server = try ServerProcess(
                arguments: [
                    "server", "--host=127.0.0.1", "--port", "0", "--mongo-uri=\(database.uri)", "--event-loops", "2",
                ],
                environment: ["AGENT_METRICS_DB_NAME": database.databaseName])
            let base = "http://127.0.0.1:\(try server.listeningPort())"
            let json = ["-H", "Content-Type: application/json"]

            #expect(try Self.curl(["-X", "GET", "\(base)/api/v1/agents"]) == "[]")
            let agent = try Self.curl(
                ["-X", "POST", "\(base)/api/v1/agents/my-agent/register"] + json + ["-d", SpecExamples.register])
            let agentId = try #require(
                (try JSONSerialization.jsonObject(with: Data(agent.utf8)) as? [String: Any])?["id"] as? String)
            let version = try Self.curl(
                ["-X", "POST", "\(base)/api/v1/agents/\(agentId)/versions"] + json + ["-d", SpecExamples.version])
            #expect(version.contains(#""version":"1.0.2""#))
            #expect(try Self.curl(["-X", "GET", "\(base)/api/v1/agents/\(agentId)/versions"]).contains("1.0.2"))
            #expect(try Self.curl(["-X", "GET", "\(base)/api/v1/agents/\(agentId)/versions/1.0.2"]).contains("prod"))
            let run = try Self.curl(
                ["-X", "POST", "\(base)/api/v1/agents/\(agentId)/versions/1.0.2/runs"] + json
                    + ["-d", SpecExamples.singleRun])
            #expect(run.contains(#""id":123"#))
            let batch = try Self.curl(
                ["-X", "POST", "\(base)/api/v1/agents/\(agentId)/versions/1.0.2/runs"] + json
                    + ["-d", SpecExamples.batch])
            #expect(batch == #"{"inserted":1,"duplicates":1}"#)
            let versionRuns = try Self.curl(["-X", "GET", "\(base)/api/v1/agents/\(agentId)/versions/1.0.2/runs"])
            let runs = try JSONSerialization.jsonObject(with: Data(versionRuns.utf8)) as? [[String: Any]]
            #expect(runs?.compactMap { $0["id"] as? Int } == [124, 123])
            #expect(try Self.curl(["-X", "GET", "\(base)/api/v1/agents/\(agentId)/runs"]).contains(#""id":124"#))
            #expect(server.output.contains("mongo.database=\(database.databaseName)"))

            server.signal(SIGTERM)
            #expect(server.waitForExit() == 0, "\(server.output)")
        }
    }

    @Test func binaryStartsWithTheDatabaseDownAndReloadsTLSOnSIGHUP() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tls-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        func makeCertificate(_ name: String) throws {
            let result = try ExternalProcess.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=\(name)", "-addext", "subjectAltName=IP:127.0.0.1",
                ])
            #expect(result.status == 0, "\(result.errorOutput)")
        }
        try makeCertificate("first-cert")
        // Nothing listens on the Mongo port: the server must still start and serve /healthz.
        let mongoPort = try TestDatabase.freePort()
        let server = try ServerProcess(arguments: [
            "server", "--host", "127.0.0.1", "--port", "0", "--tls-cert", cert, "--tls-key", key,
            "--mongo-uri", "mongodb://127.0.0.1:\(mongoPort)",
            // TLS without a keys file needs this since API keys (issue 9); keys are tested in APIKeysProcessTests.
            "--allow-anonymous",
        ])
        let base = "https://127.0.0.1:\(try server.listeningPort())"
        func subject() throws -> String {
            let result = try ExternalProcess.run("/usr/bin/curl", ["-skv", "--max-time", "10", "\(base)/healthz"])
            return result.errorOutput
        }
        #expect(try subject().contains("CN=first-cert"))
        #expect(try Self.curl(["-k", "\(base)/healthz"]) == #"{"status":"ok"}"#)
        let unavailable = try ExternalProcess.run(
            "/usr/bin/curl", ["-sk", "-o", "/dev/null", "-w", "%{http_code}", "\(base)/api/v1/agents"])
        #expect(unavailable.output == "503")

        try makeCertificate("second-cert")
        server.signal(SIGHUP)
        _ = try server.waitForLog { $0.contains("TLS certificate reloaded") ? true : nil }
        #expect(try subject().contains("CN=second-cert"))

        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.output)")
    }
}
