import Foundation
import Testing

@testable import MetricsService

struct WorkerCommandTests {
    /// The built executable (`swift build --build-tests` builds it too).
    static var executable: URL {
        TestDatabase.packageRoot.appendingPathComponent(".build/debug/agent-metrics")
    }

    @Test func workerOnceCountsRunsAndExitsZero() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns((0..<25).map { WorkerFixture.run(version, id: Int64($0), at: WorkerFixture.start) })
            let process = Process()
            process.executableURL = Self.executable
            process.arguments = [
                "worker", "--once", "--mongo-uri", fixture.database.uri, "--db-name", fixture.database.databaseName,
                "--interval", "1s",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    process.waitUntilExit()
                    continuation.resume()
                }
            }
            #expect(process.terminationStatus == 0)
            let metrics = try await fixture.aggregates()
            #expect(metrics.count == 1)
            #expect(metrics.first?["total_runs"]?.int64Value == 25)
            #expect(metrics.first?["last_seen"] == .date(WorkerFixture.start))
        }
    }
}
