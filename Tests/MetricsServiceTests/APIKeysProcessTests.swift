import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The shipped binary with API keys: `keys new`/`keys hash`, start-up checks, and `SIGHUP` reloads.
@Suite struct APIKeysProcessTests {
    /// A scratch directory for keys files and certificates, removed by `body`'s end.
    static func withDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "keys-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// `agent-metrics keys new`: its two stdout lines.
    static func newKey(scope: String, name: String) throws -> (key: String, line: String) {
        let result = try ExternalProcess.run(
            ServerProcess.binary.path, ["keys", "new", "--scope", scope, "--name", name])
        #expect(result.status == 0, "\(result.errorOutput)")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        // Exactly two lines, each ending in a newline: the key, then the keys-file line.
        #expect(lines.count == 3 && lines[2].isEmpty, "\(result.output)")
        return (String(lines[0]), String(lines[1]))
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o600) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
    }

    /// The HTTP status of `GET url` with `headers`.
    static func status(_ url: String, _ headers: [String] = []) throws -> String {
        let arguments =
            ["-sk", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}"]
            + headers.flatMap { ["-H", $0] } + [url]
        return try ExternalProcess.run("/usr/bin/curl", arguments).output
    }

    /// No database is needed: the dashboard endpoints answer from memory, which is all these tests read.
    static func unreachableMongo() throws -> String { "mongodb://127.0.0.1:\(try TestDatabase.freePort())" }

    @Test func keysNewWorksEndToEndAndSIGHUPAddsAndRevokesKeys() throws {
        try Self.withDirectory { directory in
            let first = try Self.newKey(scope: "read", name: "first-reader")
            #expect(first.key.hasPrefix("am_") && first.key.count == 46)
            #expect(first.line.hasPrefix("read ") && first.line.hasSuffix(" first-reader"))
            // keys hash agrees with the line keys new printed.
            let hashed = try ExternalProcess.run(ServerProcess.binary.path, ["keys", "hash"], input: first.key + "\n")
            #expect(hashed.status == 0)
            #expect(first.line == "read \(hashed.output.trimmingCharacters(in: .newlines)) first-reader")

            let file = directory.appendingPathComponent("keys.txt").path
            try Self.write("# keys\n" + first.line + "\n", to: file)
            let server = try ServerProcess(arguments: [
                "server", "--host", "127.0.0.1", "--port", "0", "--mongo-uri", try Self.unreachableMongo(),
                "--api-keys-file", file,
            ])
            let stats = "http://127.0.0.1:\(try server.listeningPort())/api/v1/ui/stats"
            #expect(try Self.status(stats) == "401")
            #expect(try Self.status(stats, ["Authorization: Bearer \(first.key)"]) == "200")

            // Add a second key and revoke the first.
            let second = try Self.newKey(scope: "read", name: "second-reader")
            try Self.write(second.line + "\n", to: file)
            server.signal(SIGHUP)
            _ = try server.waitForLog { $0.contains("API keys reloaded") ? true : nil }
            #expect(try Self.status(stats, ["Authorization: Bearer \(first.key)"]) == "401")
            #expect(try Self.status(stats, ["X-API-Key: \(second.key)"]) == "200")

            // A bad file keeps the keys in force and says why.
            try Self.write("read not-a-hash broken\n", to: file)
            server.signal(SIGHUP)
            let failure = try server.waitForLog { log in
                log.split(separator: "\n").first { $0.contains("API keys reload failed") }
            }
            #expect(failure.contains("line 1: the hash must be 64 hexadecimal digits"), "\(failure)")
            #expect(try Self.status(stats, ["X-API-Key: \(second.key)"]) == "200")
            #expect(try Self.status(stats, ["X-API-Key: \(first.key)"]) == "401")

            server.signal(SIGTERM)
            #expect(server.waitForExit() == 0, "\(server.output)")
            // Names are logged; keys and hashes never are.
            let log = server.output
            #expect(log.contains("first-reader") && log.contains("second-reader"))
            let secrets =
                [first.key, second.key] + [first.line, second.line].map { String($0.split(separator: " ")[1]) }
            for secret in secrets {
                #expect(!log.contains(secret), "the log holds a key or a hash")
            }
        }
    }

    @Test func aMalformedKeysFileStopsTheServerWithItsLineNumber() throws {
        try Self.withDirectory { directory in
            let good = try Self.newKey(scope: "admin", name: "ops")
            let file = directory.appendingPathComponent("keys.txt").path
            try Self.write("\(good.line)\n\nwrite \(String(repeating: "0", count: 64)) intruder\n", to: file)
            let server = try ServerProcess(arguments: [
                "server", "--host", "127.0.0.1", "--port", "0", "--mongo-uri", try Self.unreachableMongo(),
                "--api-keys-file", file,
            ])
            let status = server.waitForExit()
            #expect(status != nil && status != 0)
            #expect(server.output.contains("line 3: unknown scope \"write\""), "\(server.output)")
            #expect(!server.output.contains("listening"))
        }
    }

    @Test func warnsAtStartUpWithoutAKeysFileOrWithOneOthersCanRead() throws {
        try Self.withDirectory { directory in
            let open = try ServerProcess(arguments: [
                "server", "--host", "127.0.0.1", "--port", "0", "--mongo-uri", try Self.unreachableMongo(),
            ])
            _ = try open.listeningPort()
            #expect(open.output.contains("warning") && open.output.contains("no API keys file"))
            let stats = "http://127.0.0.1:\(try open.listeningPort())/api/v1/ui/stats"
            #expect(try Self.status(stats) == "200")
            open.signal(SIGTERM)
            #expect(open.waitForExit() == 0)

            let file = directory.appendingPathComponent("keys.txt").path
            try Self.write(try Self.newKey(scope: "read", name: "r").line + "\n", to: file, mode: 0o644)
            // The file from the environment variable: the child's own, never this process's, which every
            // server another test starts meanwhile would inherit.
            let shared = try ServerProcess(
                arguments: [
                    "server", "--host", "127.0.0.1", "--port", "0", "--mongo-uri", try Self.unreachableMongo(),
                ],
                environment: ["AGENT_METRICS_API_KEYS_FILE": file])
            let port = try shared.listeningPort()
            #expect(shared.output.contains("readable by group or others (mode 644)"), "\(shared.output)")
            #expect(try Self.status("http://127.0.0.1:\(port)/api/v1/ui/stats") == "401")
            shared.signal(SIGTERM)
            #expect(shared.waitForExit() == 0)
        }
    }

    @Test func tlsWithoutKeysRefusesToStartUnlessAnonymousIsAllowed() throws {
        try Self.withDirectory { directory in
            let cert = directory.appendingPathComponent("cert.pem").path
            let key = directory.appendingPathComponent("key.pem").path
            let made = try ExternalProcess.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                    key,
                    "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                ])
            #expect(made.status == 0, "\(made.errorOutput)")
            let tls = ["--tls-cert", cert, "--tls-key", key, "--mongo-uri", try Self.unreachableMongo()]

            let refused = try ServerProcess(arguments: ["server", "--host", "127.0.0.1", "--port", "0"] + tls)
            let status = refused.waitForExit()
            #expect(status != nil && status != 0)
            #expect(refused.output.contains("--allow-anonymous"), "\(refused.output)")
            #expect(!refused.output.contains("listening"))

            let anonymous = try ServerProcess(
                arguments: ["server", "--host", "127.0.0.1", "--port", "0", "--allow-anonymous"] + tls)
            let port = try anonymous.listeningPort()
            #expect(try Self.status("https://127.0.0.1:\(port)/api/v1/ui/stats") == "200")
            anonymous.signal(SIGTERM)
            #expect(anonymous.waitForExit() == 0)

            let file = directory.appendingPathComponent("keys.txt").path
            let reader = try Self.newKey(scope: "read", name: "tls-reader")
            try Self.write(reader.line + "\n", to: file)
            let keyed = try ServerProcess(
                arguments: ["server", "--host", "127.0.0.1", "--port", "0", "--api-keys-file", file] + tls)
            let keyedPort = try keyed.listeningPort()
            let url = "https://127.0.0.1:\(keyedPort)/api/v1/ui/stats"
            #expect(try Self.status(url) == "401")
            #expect(try Self.status(url, ["Authorization: Bearer \(reader.key)"]) == "200")
            keyed.signal(SIGTERM)
            #expect(keyed.waitForExit() == 0)
        }
    }
}
