import Foundation
import HTTPCore
import Testing
import TestSupport

@testable import MetricsService

/// A database that stops answering (SIGSTOP) under load, against the shipped binary: memory stays
/// bounded, `/healthz` stays fast, clients get 503s within the configured waits, and service
/// comes back on its own when the database resumes.
@Suite struct StalledDatabaseTests {
    /// One client's view of the load: each response's status and how long it took.
    final class Results: Sendable {
        let entries = LockedValue<[(status: Int, seconds: Double)]>([])
        func add(_ status: Int, _ seconds: Double) { entries.withLock { $0.append((status, seconds)) } }
    }

    /// Runs `clients` keep-alive loops of `request` on their own threads (blocking sockets must
    /// not hold Swift's cooperative threads) until `duration` has passed.
    static func load(
        clients: Int, for duration: Duration, pausing pause: Double = 0,
        _ request: @escaping @Sendable (TestClient) throws -> Int, port: Int, into results: Results
    ) async {
        let group = DispatchGroup()
        let deadline = ContinuousClock.now + duration
        for _ in 0..<clients {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard var client = try? TestClient(port: port, receiveTimeout: 30) else { return }
                while ContinuousClock.now < deadline {
                    if pause > 0 { Thread.sleep(forTimeInterval: pause) }
                    let started = ContinuousClock.now
                    do {
                        let status = try request(client)
                        let elapsed = ContinuousClock.now - started
                        results.add(
                            status, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                    } catch {
                        results.add(0, 0)
                        guard let fresh = try? TestClient(port: port, receiveTimeout: 30) else { return }
                        client = fresh
                    }
                }
            }
        }
        await withCheckedContinuation { continuation in group.notify(queue: .global()) { continuation.resume() } }
    }

    @Test func stalledDatabaseKeepsMemoryAndHealthBoundedAndServiceRecovers() async throws {
        let database = try RestartableDatabase()
        try await database.start()
        let server = try ServerProcess(arguments: [
            "server", "--host", "127.0.0.1", "--port", "0", "--no-worker", "--db-name", "stall",
            "--mongo-uri", database.uri + "/?socketTimeoutMS=2000", "--mongo-threads", "4",
            "--mongo-queue-limit", "64", "--mongo-wait-timeout", "1s", "--rate-limit-per-ip", "0",
        ])
        let port = try server.listeningPort()
        let setup = try TestClient(port: port)
        #expect(try setup.request("POST", "/api/v1/agents/a/register", nil).status == 201)
        #expect(try setup.request("POST", "/api/v1/agents/a/versions", #"{"version":"1"}"#).status == 201)
        let batch =
            #"{"runs":[\#((0..<100).map { #"{"id":\#($0),"status":"ok","cost":0.5}"# }.joined(separator: ","))]}"#
        // Warm up, so the baseline memory includes buffers a healthy load uses.
        let warm = Results()
        await Self.load(
            clients: 32, for: .seconds(1), { try $0.request("GET", "/api/v1/agents", nil).status }, port: port,
            into: warm)
        #expect(warm.entries.withLock { $0 }.allSatisfy { $0.status == 200 })
        let baselineKiB = server.residentKiB

        database.pause()
        let stalled = Results()
        let health = Results()
        async let reads: Void = Self.load(
            clients: 24, for: .seconds(6), { try $0.request("GET", "/api/v1/agents", nil).status }, port: port,
            into: stalled)
        async let writes: Void = Self.load(
            clients: 24, for: .seconds(6), { try $0.request("POST", "/api/v1/agents/a/versions/1/runs", batch).status },
            port: port, into: stalled)
        async let probes: Void = Self.load(
            clients: 1, for: .seconds(6), pausing: 0.05, { try $0.request("GET", "/healthz", nil).status }, port: port,
            into: health)
        _ = await (reads, writes, probes)
        let stalledKiB = server.residentKiB
        database.resume()

        let answers = stalled.entries.withLock { $0 }
        #expect(answers.count > 48)
        #expect(answers.allSatisfy { $0.status == 503 }, "\(Set(answers.map(\.status)))")
        // Waiting operations end at the wait limit (1 s). One that started just as the database
        // stalled ends at the socket timeout (2 s), or, if the driver had already marked the server
        // lost, at server selection (2 s): no answer can take longer than 1 + 2 + 2 s.
        let slowest = answers.map(\.seconds).max() ?? 0
        #expect(slowest < 6, "slowest 503 took \(slowest) s")
        let healthTimes = health.entries.withLock { $0 }.map(\.seconds).sorted()
        #expect(health.entries.withLock { $0 }.allSatisfy { $0.status == 200 })
        #expect(healthTimes.count > 20)
        #expect(healthTimes[healthTimes.count / 2] < 0.010, "median /healthz \(healthTimes[healthTimes.count / 2]) s")
        #expect(stalledKiB - baselineKiB < 32 * 1024, "RSS grew from \(baselineKiB) to \(stalledKiB) KiB")

        print(
            "stalled database: \(answers.count) answers, slowest 503 \(slowest) s, median /healthz "
                + "\(healthTimes[healthTimes.count / 2] * 1000) ms (max \(healthTimes.last! * 1000) ms), "
                + "RSS \(baselineKiB) → \(stalledKiB) KiB")

        // Once it answers again, service comes back without a restart. Each try on a new connection: the
        // setup connection may have been closed meanwhile (idle through the stall), and a closed one never
        // answers again.
        var recovered = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            recovered = (try? TestClient(port: port).request("GET", "/api/v1/agents", nil).status) ?? 0
            if recovered == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(recovered == 200)
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0)
    }
}
