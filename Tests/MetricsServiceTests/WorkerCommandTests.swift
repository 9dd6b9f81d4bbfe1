import Foundation
import Testing

@testable import MetricsService

#if canImport(Glibc)
    import Glibc
#endif

/// The `agent-metrics worker` binary: MongoDB settings, `--once` and `--lease-wait`, retention and
/// `--rebuild`, and takeover of a worker killed mid-pass.
@Suite(.serialized) struct WorkerCommandTests {
    static func database(_ fixture: WorkerFixture) -> [String] {
        ["--mongo-uri", fixture.database.uri, "--db-name", fixture.database.databaseName]
    }

    @Test func workerOnceCountsRunsAndExitsZero() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns(
                (0..<25).map { WorkerFixture.run(version, id: Int64($0), at: WorkerFixture.start) })
            let worker = try ServerProcess(
                arguments: ["worker", "--once", "--interval", "1s"] + Self.database(fixture))
            #expect(await worker.awaitExit() == 0, "\(worker.output)")
            let metrics = try await fixture.aggregates()
            #expect(metrics.count == 1)
            #expect(metrics.first?["total_runs"]?.int64Value == 25)
            #expect(metrics.first?["last_seen"] == .date(WorkerFixture.start))
        }
    }

    /// The same MongoDB settings as `server`: `AGENT_METRICS_MONGO_URI`, else `MONGO_URL`, the database
    /// name from `AGENT_METRICS_DB_NAME`, and the pool flags.
    @Test(arguments: ["AGENT_METRICS_MONGO_URI", "MONGO_URL"])
    func workerReadsTheServersMongoEnvironmentAndFlags(uriVariable: String) async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns(
                (0..<3).map { WorkerFixture.run(version, id: Int64($0), at: WorkerFixture.start) })
            let worker = try ServerProcess(
                arguments: [
                    "worker", "--once", "--mongo-threads", "1", "--mongo-queue-limit", "8", "--mongo-wait-timeout",
                    "3s",
                ],
                environment: [
                    uriVariable: fixture.database.uri, "AGENT_METRICS_DB_NAME": fixture.database.databaseName,
                ])
            #expect(await worker.awaitExit() == 0, "\(worker.output)")
            #expect(worker.output.contains("mongo.database=\(fixture.database.databaseName)"))
            #expect(try await fixture.countedTotal() == 3)
        }
    }

    /// `--once` (and `--rebuild`) wait `--lease-wait` for a live worker's lease, say whose it is, and exit
    /// 75 without a pass; once that worker is killed, the next `--once` gets the lease within its wait
    /// and counts.
    @Test func onceWaitsForALeaseHeldByAnotherWorkerAndExitsNonZeroWithoutIt() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns(
                (0..<5).map { WorkerFixture.run(version, id: Int64($0), at: WorkerFixture.start) })
            let holder = try ServerProcess(arguments: ["worker", "--interval", "1m"] + Self.database(fixture))
            let owner = try await holder.awaitLog { log -> String? in
                guard let range = log.range(of: "worker.owner=") else { return nil }
                return String(log[range.upperBound...].prefix { !$0.isWhitespace })
            }
            let started = ContinuousClock.now
            let waiting = try ServerProcess(
                arguments: ["worker", "--once", "--lease-wait", "2s"] + Self.database(fixture))
            #expect(await waiting.awaitExit() == 75, "\(waiting.output)")
            #expect(ContinuousClock.now - started >= .seconds(2))
            #expect(waiting.output.contains("worker.lease_owner=\(owner)"))
            #expect(waiting.output.contains("worker.lease_until="))
            #expect(waiting.output.contains("no pass ran: another worker held the lease"))

            let rebuild = try ServerProcess(
                arguments: ["worker", "--rebuild", "--once", "--lease-wait", "1s"] + Self.database(fixture))
            let rebuildStatus = await rebuild.awaitExit()
            #expect(
                rebuildStatus == 75, "exit \(rebuildStatus.map(String.init) ?? "none within 60 s"): \(rebuild.output)")
            #expect(rebuild.output.contains("worker.lease_owner=\(owner)"))

            holder.signal(SIGKILL)
            let killed = ContinuousClock.now
            _ = await holder.awaitExit()
            try await fixture.addRuns(
                (5..<8).map { WorkerFixture.run(version, id: Int64($0), at: WorkerFixture.start) })
            let next = try ServerProcess(
                arguments: ["worker", "--once", "--lease-wait", "30s"] + Self.database(fixture))
            #expect(await next.awaitExit() == 0, "\(next.output)")
            let waited = ContinuousClock.now - killed
            #expect(waited < .seconds(10))
            #expect(next.output.contains("worker.counted=3"))
            #expect(try await fixture.countedTotal() == 8)
            print("worker --once after SIGKILL of the lease holder: exited 0 after \(waited)")
        }
    }

    /// A worker SIGKILLed mid-pass with `--interval 1m`: the other worker takes the lease over, finishes
    /// the journal within 10 s, and counts everything.
    @Test func aWorkerKilledMidPassIsTakenOverWithinTenSeconds() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let versions = [try await fixture.addVersion(agent, "1"), try await fixture.addVersion(agent, "2")]
            let total = 2_000
            for chunk in stride(from: 0, to: total, by: 500) {
                try await fixture.addRuns(
                    (chunk..<chunk + 500).map { id in
                        WorkerFixture.run(versions[id % 2], id: Int64(id), at: WorkerFixture.start - Int64(id) * 1_000)
                    })
            }
            let first = try ServerProcess(
                arguments: ["worker", "--interval", "1m", "--batch-size", "10", "--log-level", "debug"]
                    + Self.database(fixture))
            _ = try await first.awaitLog { $0.contains("took the worker lease") ? true : nil }
            let second = try ServerProcess(arguments: ["worker", "--interval", "1m"] + Self.database(fixture))
            _ = try await second.awaitLog { $0.contains("using MongoDB") ? true : nil }
            _ = try await first.awaitLog { log in
                log.components(separatedBy: "worker batch counted").count > 5 ? true : nil
            }
            // Kill it while a batch is journalled, if that can be caught (a batch of 10 is brief).
            let aim = ContinuousClock.now + .seconds(3)
            while try await fixture.leaseJournal() == nil, ContinuousClock.now < aim {}
            first.signal(SIGKILL)
            let killed = ContinuousClock.now
            _ = await first.awaitExit()
            let countedAtKill = try await fixture.count("agent_runs", ["counted": true])
            let journalAtKill = try await fixture.leaseJournal() != nil
            #expect(countedAtKill < total, "the first worker finished before it was killed")

            // The lease (5 s, renewed every second) is taken over within 10 s; counting the rest of 2,000 runs
            // takes the second worker a pass, which a busy machine (parallel tests on two cores) can stretch
            // past that, so the pass gets a generous ceiling and the figures are printed.
            let deadline = killed + .seconds(60)
            _ = try await second.awaitLog(timeout: .seconds(10)) { $0.contains("took the worker lease") ? true : nil }
            let leaseTaken = ContinuousClock.now - killed
            var done = false
            // Nothing notifies the test of the second worker's pass: poll the stored state with a deadline.
            while !done && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                let aggregated = try await fixture.countedTotal()
                let marked = try await fixture.count("agent_runs", ["counted": true])
                let journal = try await fixture.leaseJournal()
                done = aggregated == Int64(total) && marked == total && journal == nil
            }
            let tookOver = ContinuousClock.now - killed
            #expect(done, "not counted within 60 s; second worker log:\n\(second.output)")
            #expect(second.output.contains("took the worker lease"))
            if journalAtKill { #expect(second.output.contains("finishing an interrupted worker pass")) }
            print(
                "takeover: \(countedAtKill)/\(total) counted at SIGKILL, journal \(journalAtKill); lease taken "
                    + "\(leaseTaken) and all counted \(tookOver) after the kill")
            second.signal(SIGTERM)
            #expect(await second.awaitExit() == 0, "\(second.output)")
        }
    }

    /// After retention deleted raw runs, `--rebuild` refuses with a message and exit 1, leaving the
    /// aggregates alone; `--rebuild --force` rebuilds from the runs still stored.
    @Test func rebuildAfterRetentionExitsNonZeroUnlessForced() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await fixture.addRuns(
                (0..<6).map { id in
                    WorkerFixture.run(version, id: Int64(id), at: now - (id < 4 ? 100 : 1) * 86_400_000)
                })
            let retaining = try ServerProcess(
                arguments: ["worker", "--once", "--retention", "90d"] + Self.database(fixture))
            #expect(await retaining.awaitExit() == 0, "\(retaining.output)")
            #expect(retaining.output.contains("worker.deleted=4"))
            #expect(try await fixture.count("agent_runs") == 2)
            #expect(try await fixture.countedTotal() == 6)

            let refused = try ServerProcess(arguments: ["worker", "--rebuild", "--once"] + Self.database(fixture))
            #expect(await refused.awaitExit() == 1, "\(refused.output)")
            #expect(refused.output.contains("--rebuild refused: retention deleted 4 raw runs"))
            #expect(refused.output.contains("--force"))
            #expect(try await fixture.countedTotal() == 6)

            let forced = try ServerProcess(
                arguments: ["worker", "--rebuild", "--once", "--force"] + Self.database(fixture))
            #expect(await forced.awaitExit() == 0, "\(forced.output)")
            #expect(forced.output.contains("rebuilding after retention deleted raw runs"))
            #expect(try await fixture.countedTotal() == 2)
        }
    }

    /// `server` takes retention from `AGENT_METRICS_RETENTION` for its in-process worker.
    @Test func serverRetentionFromTheEnvironmentDeletesOldCountedRuns() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await fixture.addRuns(
                (0..<5).map { id in
                    WorkerFixture.run(version, id: Int64(id), at: now - (id < 3 ? 40 : 1) * 86_400_000)
                })
            let server = try ServerProcess(
                arguments: ["server", "--host", "127.0.0.1", "--port", "0", "--worker-interval", "1s"]
                    + Self.database(fixture),
                environment: ["AGENT_METRICS_RETENTION": "30d"])
            _ = try await server.awaitLog { $0.contains("retention deleted counted runs") ? true : nil }
            #expect(try await fixture.count("agent_runs") == 2)
            #expect(try await fixture.countedTotal() == 5)
            server.signal(SIGTERM)
            #expect(await server.awaitExit() == 0, "\(server.output)")
        }
    }
}
