import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// Regression alerts end to end: the worker's passes over stored runs, the outbox, and a local receiver.
@Suite(.serialized) struct AlertWebhookTests {
    static let secret = Array("s3cret".utf8)

    static func worker(_ fixture: WorkerFixture, owner: String, receiver: WebhookReceiver) -> MetricsWorker {
        var configuration = MetricsWorkerConfiguration(interval: .seconds(10), owner: owner)
        configuration.comparison = ComparisonConfiguration(minimumRuns: 50)
        configuration.alerts = AlertConfiguration(
            webhook: HTTPURL(receiver.url)!, secret: secret, dashboardURL: "http://dash.example/")
        return MetricsWorker(loop: fixture.loop, pool: fixture.pool, configuration: configuration, clock: fixture.clock)
    }

    /// Agent `alpha` with 1.0.0 (100 runs, 5% failed) and 1.1.0 (100 runs, half failed): 1.1.0 is worse.
    static func seedRegression(_ fixture: WorkerFixture) async throws -> (agent: Agent, candidate: AgentVersion) {
        let agent = try await fixture.addAgent("alpha", project: "p")
        let base = try await fixture.addVersion(agent, "1.0.0")
        let candidate = try await fixture.addVersion(agent, "1.1.0")
        try await fixture.addRuns(
            (0..<100).map { id in
                WorkerFixture.run(
                    base, id: Int64(id), status: id % 20 == 0 ? "failed" : "completed", at: WorkerFixture.start)
            }
                + (0..<100).map { id in
                    WorkerFixture.run(
                        candidate, id: Int64(id), status: id % 2 == 0 ? "failed" : "completed", at: WorkerFixture.start)
                })
        return (agent, candidate)
    }

    static func event(_ request: WebhookReceiver.Request) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] ?? [:]
    }

    @Test func oneSignedEventPerTransitionRetriedAfterA500() async throws {
        try await WorkerFixture.with { fixture in
            let receiver = try WebhookReceiver(statuses: [500])
            defer { receiver.stop() }
            let (agent, candidate) = try await Self.seedRegression(fixture)
            let worker = Self.worker(fixture, owner: "alerts-a", receiver: receiver)
            try await worker.runOnce()
            #expect(try await fixture.count(Collections.alertOutbox) == 1)

            await worker.deliverAlerts()
            #expect(receiver.requests.map(\.status) == [500])
            // Not due yet: the retry waits a second.
            await worker.deliverAlerts()
            #expect(receiver.requests.count == 1)
            fixture.advance(by: 1_000)
            await worker.deliverAlerts()
            let requests = receiver.requests
            #expect(requests.map(\.status) == [500, 200])
            #expect(requests[0].body == requests[1].body)

            let request = requests[1]
            #expect(request.target == "/hooks/agent-metrics")
            #expect(request.headers["content-type"] == "application/json")
            #expect(
                request.headers["x-agent-metrics-signature"]
                    == WebhookSignature.value(body: request.body, secret: Self.secret))
            #expect(request.headers["x-agent-metrics-signature"]?.hasPrefix("sha256=") == true)
            let eventID = VersionKey(agentId: agent.id, version: "1.1.0").documentID + "#1"
            #expect(request.headers["x-agent-metrics-event"] == eventID)
            let event = try Self.event(request)
            #expect(event["id"] as? String == eventID)
            #expect(event["type"] as? String == "regression")
            #expect(event["version"] as? String == "1.1.0")
            #expect(event["against"] as? String == "1.0.0")
            #expect(event["verdict"] as? String == "worse")
            #expect((event["agent"] as? [String: Any])?["name"] as? String == "alpha")
            #expect((event["metrics"] as? [[String: Any]])?.first?["verdict"] as? String == "worse")
            #expect(
                event["dashboard"] as? String
                    == "http://dash.example/#compare?agent=\(agent.id)&base=1.0.0&candidate=1.1.0")

            // Still worse: no new event, from this worker or from a successor that takes the lease over.
            try await worker.runOnce()
            await worker.deliverAlerts()
            fixture.advance(by: 5_001)
            let successor = Self.worker(fixture, owner: "alerts-b", receiver: receiver)
            #expect(try await successor.runOnce().leader)
            await successor.deliverAlerts()
            #expect(receiver.requests.count == 2)
            #expect(try await fixture.count(Collections.alertOutbox) == 1)

            // It recovers: 2,000 runs failing 5% of the time bring it level with 1.0.0.
            try await fixture.addRuns(
                (1_000..<3_000).map { id in
                    WorkerFixture.run(
                        candidate, id: Int64(id), status: id % 20 == 0 ? "failed" : "completed", at: WorkerFixture.start
                    )
                })
            try await successor.runOnce()
            await successor.deliverAlerts()
            let recovery = try #require(receiver.requests.last)
            #expect(receiver.requests.count == 3)
            #expect(recovery.status == 200)
            let recovered = try Self.event(recovery)
            #expect(recovered["type"] as? String == "recovery")
            #expect(recovered["id"] as? String == VersionKey(agentId: agent.id, version: "1.1.0").documentID + "#2")
            #expect(recovered["verdict"] as? String != "worse")
            let delivered = try await fixture.count(Collections.alertOutbox, ["status": "delivered"])
            #expect(delivered == 2)
        }
    }

    /// A worker that stopped after recording a transition but before queueing its event: the next lease holder
    /// queues it, once, under the same id.
    @Test func aTransitionRecordedButNotQueuedIsQueuedOnceByTheNextHolder() async throws {
        try await WorkerFixture.with { fixture in
            let receiver = try WebhookReceiver()
            defer { receiver.stop() }
            let (agent, _) = try await Self.seedRegression(fixture)
            let crashed = Self.worker(fixture, owner: "crashed", receiver: receiver)
            try await crashed.runOnce()
            // As if it died between steps 1 and 2: the state says not outboxed, and the outbox is empty.
            let stateID = VersionKey(agentId: agent.id, version: "1.1.0").documentID
            try await fixture.pool.withClient { client in
                _ = try client.collection(Collections.alertOutbox).deleteMany(BSONDocument())
                _ = try client.collection(Collections.alertStates).updateMany(
                    ["_id": .string(stateID)], ["$set": ["outboxed": false]])
            }
            fixture.advance(by: 5_001)
            let successor = Self.worker(fixture, owner: "successor", receiver: receiver)
            #expect(try await successor.runOnce().leader)
            // The lease holder lost nothing: the old worker cannot deliver any more.
            await crashed.deliverAlerts()
            #expect(receiver.requests.isEmpty)
            await successor.deliverAlerts()
            try await successor.runOnce()
            await successor.deliverAlerts()
            #expect(receiver.requests.count == 1)
            #expect(receiver.requests.first?.headers["x-agent-metrics-event"] == stateID + "#1")
            #expect(try await fixture.count(Collections.alertOutbox) == 1)
        }
    }

    /// `agent-metrics worker --once` with the alert flags (the secret from its variable) queues and delivers the
    /// event before it exits; a second `--once` sends nothing more.
    @Test func workerOnceSendsTheEventFromItsFlags() async throws {
        try await WorkerFixture.with { fixture in
            let receiver = try WebhookReceiver()
            defer { receiver.stop() }
            _ = try await Self.seedRegression(fixture)
            let arguments =
                [
                    "worker", "--once", "--compare-min-runs", "50", "--alert-webhook", receiver.url, "--dashboard-url",
                    "http://dash.example/",
                ] + WorkerCommandTests.database(fixture)
            let environment = ["AGENT_METRICS_ALERT_WEBHOOK_SECRET": "s3cret"]
            for _ in 0..<2 {
                let worker = try ServerProcess(arguments: arguments, environment: environment)
                #expect(await worker.awaitExit() == 0, "\(worker.output)")
            }
            let requests = receiver.requests
            #expect(requests.count == 1)
            let request = try #require(requests.first)
            #expect(
                request.headers["x-agent-metrics-signature"]
                    == WebhookSignature.value(body: request.body, secret: Self.secret))
            #expect(try Self.event(request)["type"] as? String == "regression")
            // Without the secret the flag is refused at start.
            let refused = try ServerProcess(arguments: arguments)
            #expect(await refused.awaitExit() != 0)
            #expect(refused.output.contains("--alert-webhook-secret"))
        }
    }

    /// The in-process worker of a running server delivers on its own, without being asked.
    @Test func serverWorkerDeliversOnItsOwn() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let alerts = AlertConfiguration(
            webhook: HTTPURL(receiver.url)!, secret: Self.secret, dashboardURL: "http://dash.example/")
        try await APIServer.with(
            workerInterval: .seconds(3600), comparison: ComparisonConfiguration(minimumRuns: 50), alerts: alerts
        ) { server in
            _ = try await CompareAPITests.register(server)
            try await CompareAPITests.post(
                server, "1.0.0", count: 100, created: "2024-05-01T10:00:00Z", failEvery: 20, seconds: 10, cost: 0.01)
            try await CompareAPITests.post(
                server, "1.1.0", count: 100, created: "2024-05-02T10:00:00Z", failEvery: 2, seconds: 10, cost: 0.01)
            let requests = await receiver.waitForRequests(1)
            #expect(requests.count == 1)
            #expect(try requests.first.map(Self.event)?["type"] as? String == "regression")
        }
    }
}
