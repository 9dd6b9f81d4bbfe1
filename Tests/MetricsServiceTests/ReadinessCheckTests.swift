import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// `/readyz`: which check fails, and how often the database is actually pinged.
struct ReadinessCheckTests {
    /// A settable millisecond clock and a ping that counts its calls.
    final class Fixture: Sendable {
        let now = LockedValue<Int64>(1_000_000)
        let pings = LockedValue(0)
        let databaseUp = LockedValue(true)

        func check(worker: @escaping @Sendable () -> Bool? = { nil }) -> ReadinessCheck {
            ReadinessCheck(
                cacheMs: 1000, clock: { [now] in now.withLock { $0 } },
                ping: { [pings, databaseUp] in
                    pings.withLock { $0 += 1 }
                    return databaseUp.withLock { $0 }
                }, worker: worker)
        }
    }

    private func checks(_ response: HTTPResponse) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return object?["checks"] as? [String: String] ?? [:]
    }

    @Test func pingsTheDatabaseAtMostOncePerSecondWhateverTheProbeRate() async {
        let fixture = Fixture()
        let check = fixture.check()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<50 { group.addTask { _ = await check.response() } }
        }
        #expect(fixture.pings.withLock { $0 } == 1)
        fixture.now.withLock { $0 += 999 }
        _ = await check.response()
        #expect(fixture.pings.withLock { $0 } == 1)
        fixture.now.withLock { $0 += 1 }
        _ = await check.response()
        #expect(fixture.pings.withLock { $0 } == 2)
    }

    @Test func databaseDownIs503NamingTheDatabase() async throws {
        let fixture = Fixture()
        fixture.databaseUp.withLock { $0 = false }
        let response = await fixture.check().response()
        #expect(response.status.code == 503)
        #expect(try checks(response) == ["database": "unreachable", "worker": "not_running"])
    }

    @Test func recoversOnceTheCachedAnswerExpires() async throws {
        let fixture = Fixture()
        fixture.databaseUp.withLock { $0 = false }
        let check = fixture.check()
        #expect(await check.response().status.code == 503)
        fixture.databaseUp.withLock { $0 = true }
        #expect(await check.response().status.code == 503)
        fixture.now.withLock { $0 += 1000 }
        let response = await check.response()
        #expect(response.status.code == 200)
        #expect(try checks(response) == ["database": "ok", "worker": "not_running"])
    }

    @Test func aWorkerWithoutARecentPassIs503NamingTheWorker() async throws {
        // Interval 1 s, stale after 3: the monitor's clock is the fixture's.
        let fixture = Fixture()
        let monitor = WorkerMonitor(clock: { [now = fixture.now] in now.withLock { $0 } })
        let check = fixture.check(worker: { monitor.millisecondsSinceLastSuccess() <= 3000 })
        // Before any pass: fresh for three intervals from start, then stale.
        fixture.now.withLock { $0 += 3000 }
        #expect(await check.response().status.code == 200)
        fixture.now.withLock { $0 += 1 }
        let neverPassed = await check.response()
        #expect(neverPassed.status.code == 503)
        #expect(try checks(neverPassed) == ["database": "ok", "worker": "stale"])
        monitor.passSucceeded(PassReport(leader: true, countedRuns: 3), durationNs: 1_000_000)
        #expect(await check.response().status.code == 200)
        // A failed pass does not refresh it.
        fixture.now.withLock { $0 += 2000 }
        monitor.passFailed(durationNs: 1_000_000)
        fixture.now.withLock { $0 += 1001 }
        let stale = await check.response()
        #expect(stale.status.code == 503)
        #expect(try checks(stale)["worker"] == "stale")
    }

    @Test func aRealPoolToADeadPortIsUnreachable() async throws {
        let port = try TestDatabase.freePort()
        let pool = try MongoPool(
            configuration: MongoConfiguration(
                uri: "mongodb://127.0.0.1:\(port)", databaseName: "none", threadCount: 1,
                operationTimeout: .milliseconds(300)))
        defer { pool.shutdown() }
        let response = await ReadinessCheck(pool: pool, monitor: nil, staleAfterMs: 0).response()
        #expect(response.status.code == 503)
        #expect(try checks(response)["database"] == "unreachable")
    }

    @Test func aRealPoolToALiveDatabaseIsReady() async throws {
        try await TestDatabase.withPool { pool in
            let response = await ReadinessCheck(pool: pool, monitor: nil, staleAfterMs: 0).response()
            #expect(response.status.code == 200)
            #expect(String(decoding: response.body, as: UTF8.self).contains(#""status":"ok""#))
        }
    }
}
