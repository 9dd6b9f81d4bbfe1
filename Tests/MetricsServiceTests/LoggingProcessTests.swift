import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Log flags of the shipped binary: JSON lines that parse and carry `request.id`, the access log's
/// fields in both formats, and an environment variable for every flag in `--help`.
@Suite(.serialized) struct LoggingProcessTests {
    /// Runs the server against a port where no database listens, sends `requests` on one connection
    /// (each with its own `X-Request-Id` when given), stops it, and returns the response ids and the log.
    static func run(
        _ flags: [String], environment: [String: String] = [:], requests: [(String, String, String?)]
    ) async throws -> (ids: [String?], statuses: [Int], log: String) {
        let mongoPort = try TestDatabase.freePort()
        return try await onThread {
            let server = try ServerProcess(
                arguments: [
                    "server", "--host", "127.0.0.1", "--port", "0", "--no-worker", "--mongo-uri",
                    "mongodb://127.0.0.1:\(mongoPort)/?serverSelectionTimeoutMS=300",
                ] + flags, environment: environment)
            let port = try server.listeningPort()
            let client = try TestClient(port: port)
            var ids: [String?] = []
            var statuses: [Int] = []
            for (method, path, id) in requests {
                var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\n"
                if let id { head += "X-Request-Id: \(id)\r\n" }
                if method == "POST" {
                    head += "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                } else {
                    head += "\r\n"
                }
                try client.send(head)
                let response = try client.readResponse()
                ids.append(response.header("X-Request-Id"))
                statuses.append(response.status)
            }
            server.signal(SIGTERM)
            _ = server.waitForExit()
            return (ids, statuses, server.output)
        }
    }

    @Test func jsonLogLinesParseAndCarryTheRequestId() async throws {
        let (ids, statuses, log) = try await Self.run(
            ["--log-format", "json", "--access-log"],
            requests: [("POST", "/api/v1/agents/a/register", "reg-1"), ("GET", "/healthz", nil)])
        // No database: the register fails with 503 and the handler logs why.
        #expect(statuses == [503, 200])
        #expect(ids.first == "reg-1")
        let generated = try #require(ids.last ?? nil)
        let lines = log.split(separator: "\n")
        #expect(lines.count >= 4)
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let parsed = try #require(object, "not a JSON object: \(line)")
            #expect(parsed["time"] is String && parsed["level"] is String && parsed["message"] is String)
            objects.append(parsed)
        }
        let aboutRegister = objects.filter { $0["request.id"] as? String == "reg-1" }
        #expect(aboutRegister.contains { $0["message"] as? String == "storage failure" })
        let access = try #require(aboutRegister.first { $0["label"] as? String == "agent-metrics.access" })
        #expect(access["http.method"] as? String == "POST")
        #expect(access["http.route"] as? String == "/api/v1/agents/{name}/register")
        #expect(access["http.status"] as? String == "503")
        #expect(access["client.ip"] as? String == "127.0.0.1")
        #expect(access["auth.key_name"] as? String == "-")
        #expect(Int(access["http.response_bytes"] as? String ?? "") ?? 0 > 0)
        #expect(Double(access["http.duration_ms"] as? String ?? "") != nil)
        let health = objects.filter { $0["request.id"] as? String == generated }
        #expect(health.count == 1)
        #expect(health.first?["http.route"] as? String == "/healthz")
    }

    @Test func textAccessLogFromTheEnvironmentHasEveryField() async throws {
        let (ids, _, log) = try await Self.run(
            [], environment: ["AGENT_METRICS_ACCESS_LOG": "1"], requests: [("GET", "/healthz", "text-1")])
        #expect(ids == ["text-1"])
        let line = try #require(log.split(separator: "\n").first { $0.contains("agent-metrics.access") })
        for field in [
            "request.id=text-1", "http.method=GET", "http.route=/healthz", "http.status=200", "http.response_bytes=15",
            "http.duration_ms=", "auth.key_name=-", "client.ip=127.0.0.1",
        ] {
            #expect(line.contains(field), "\(field) missing in \(line)")
        }
        // A timestamp leads the line.
        #expect(line.first?.isNumber == true)
    }

    @Test func noAccessLogUnlessAsked() async throws {
        let (_, _, log) = try await Self.run([], requests: [("GET", "/healthz", "quiet-1")])
        #expect(!log.contains("quiet-1"))
    }

    @Test(arguments: ["server", "worker"])
    func everyFlagNamesItsEnvironmentVariableInHelp(_ command: String) async throws {
        let help = try await onThread {
            try ExternalProcess.run(ServerProcess.binary.path, [command, "--help"]).output
        }
        // Options start a line with two spaces and "--"; their help runs until the next option.
        var flags: [String: String] = [:]
        var current: String?
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if line.hasPrefix("  --"), let name = trimmed.split(separator: " ").first {
                current = String(name)
                flags[String(name)] = String(trimmed)
            } else if let current, line.hasPrefix("   ") {
                flags[current, default: ""] += " " + trimmed
            } else {
                current = nil
            }
        }
        flags["--help"] = nil
        #expect(flags.count >= (command == "server" ? 30 : 6), "\(help)")
        for (flag, text) in flags {
            #expect(text.contains("(env AGENT_METRICS_") || text.contains("env AGENT_METRICS_"), "\(flag): \(text)")
        }
    }
}
