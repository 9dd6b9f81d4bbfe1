import HTTPCore
import Logging

/// Regression alerts: a webhook event the first time a version's regression becomes `worse`, and again when it
/// recovers, sent by the lease holder.
///
/// ## Once per transition
/// Only the lease holder evaluates, after each pass, from the aggregates that pass left. For each version whose
/// regression moved it to the other condition (`AlertState.transitions`) it
/// 1. writes the new state with the event, `outboxed: false`, into `alert_states` under the write fence (a worker
///    that lost the lease cannot record a transition);
/// 2. inserts the event into `alert_outbox` under its id `<version key>#<sequence>` (a repeat is a no-op);
/// 3. writes the state again with `outboxed: true`.
/// A worker stopped after 1 leaves a state not outboxed; the next holder finds it when it loads the states and
/// repeats 2 and 3, with the same id. Stopped before 1, nothing was recorded, and the next holder sees the same
/// transition. The next evaluation compares with the recorded state, so a transition is recorded, and its event
/// queued, exactly once, whichever worker or server holds the lease.
///
/// ## Delivery
/// The lease holder posts pending events in order (a version's later event waits for its earlier one), each
/// right after renewing the lease and within `AlertConfiguration.timeout` (under half a lease), signed with
/// `X-Agent-Metrics-Signature`. A 2xx marks the event delivered; anything else is retried on `RetrySchedule`
/// (and abandoned, logged as an error, after its last attempt). The one way an event is posted twice is a
/// receiver's 2xx whose marking is lost (the worker dies in between): the retry carries the same
/// `X-Agent-Metrics-Event` id, by which receivers can drop the repeat.
extension MetricsWorker {
    /// Whether this worker keeps every aggregate and the catalogue in memory: for a dashboard or for alerts.
    var needsFullData: Bool { dashboard != nil || configuration.alerts != nil }

    /// Records and queues the transitions of the current data's regressions (the lease holder, after a pass).
    func evaluateAlerts(epoch: Int64) async throws {
        guard let alerts = configuration.alerts, let current = data else { return }
        try await loadAlertStates(epoch: epoch)
        // Recorded but not queued: by a stopped worker (found at load), or by a pass of this one that failed between
        // the two writes.
        for state in alertStates.values.sorted(by: { $0.key < $1.key }) where !state.outboxed {
            try await queue(state, epoch: epoch)
        }
        let transitions = AlertState.transitions(regressions: regressions(of: current), states: alertStates)
        guard !transitions.isEmpty else { return }
        let names = Dictionary(current.agents.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for (next, regression) in transitions {
            var state = next
            state.event = AlertEvent.render(
                state, regression: regression, agentName: names[state.key.agentId] ?? "",
                dashboardURL: alerts.dashboardURL, nowMs: clock())
            state.outboxed = false
            let recorded = state
            try await fenced(epoch: epoch) { fence in try await alertStore.save(recorded, fence: fence) }
            alertStates[state.key] = state
            try await queue(state, epoch: epoch)
            logger.info(
                "version regression alert queued",
                metadata: [
                    "alert.id": "\(AlertState.eventID(state.key, sequence: state.sequence))",
                    "alert.condition": "\(state.condition.rawValue)", "alert.against": "\(regression.against)",
                ])
        }
    }

    /// Steps 2 and 3 for a recorded state.
    private func queue(_ state: AlertState, epoch: Int64) async throws {
        try await alertStore.enqueue(state, nowMs: clock())
        var marked = state
        marked.outboxed = true
        let outboxed = marked
        try await fenced(epoch: epoch) { fence in try await alertStore.save(outboxed, fence: fence) }
        alertStates[state.key] = marked
        outboxMayHaveWork()
    }

    /// Makes the next delivery round read the outbox (see `queuedEvents`).
    private func outboxMayHaveWork() {
        queuedEvents += 1
        outboxDueMs = 0
    }

    /// Loads the states once per lease term: only the holder writes them.
    private func loadAlertStates(epoch: Int64) async throws {
        guard alertStatesEpoch != epoch else { return }
        alertStates = try await alertStore.states()
        alertStatesEpoch = epoch
        // Events the previous holder left pending are this holder's to deliver now.
        outboxMayHaveWork()
    }

    /// One delivery round: posts every pending event that is due, while this worker holds the lease.
    public func deliverAlerts() async {
        guard let alerts = configuration.alerts, let sender = alertSender, let epoch = term?.epoch,
            let due = outboxDueMs, clock() >= due, !delivering
        else { return }
        delivering = true
        defer { delivering = false }
        let queuedBefore = queuedEvents
        do {
            var nextDue: Int64?
            var waiting: Set<VersionKey> = []
            for entry in try await alertStore.pending() {
                // A version's events go in order: a later one waits while an earlier one is pending.
                guard !waiting.contains(entry.key) else { continue }
                waiting.insert(entry.key)
                guard entry.nextAttemptMs <= clock() else {
                    nextDue = min(nextDue ?? entry.nextAttemptMs, entry.nextAttemptMs)
                    continue
                }
                _ = try await renewForWrite(epoch: epoch)
                if let retryAtMs = try await deliver(entry, alerts: alerts, sender: sender) {
                    nextDue = min(nextDue ?? retryAtMs, retryAtMs)
                } else {
                    waiting.remove(entry.key)
                }
            }
            // An event queued while this round ran may not have been among those it read.
            outboxDueMs = queuedEvents == queuedBefore ? nextDue : 0
        } catch {
            logger.debug("alert delivery round failed", metadata: ["error": "\(error)"])
        }
    }

    /// Posts one event; returns when to retry it, nil when it is finished (delivered or abandoned).
    private func deliver(
        _ entry: AlertOutboxEntry, alerts: AlertConfiguration, sender: BlockingThreadPool
    ) async throws -> Int64? {
        let body = Array(entry.body.utf8)
        let headers = [
            (WebhookSignature.header, WebhookSignature.value(body: body, secret: alerts.secret)),
            ("X-Agent-Metrics-Event", entry.id), ("User-Agent", "agent-metrics"),
        ]
        let (url, timeout) = (alerts.webhook, alerts.timeout)
        let outcome: Result<Int, HTTPClientError> = try await sender.run {
            Result { () throws(HTTPClientError) in
                try BlockingHTTPClient.post(url, headers: headers, body: body, timeout: timeout)
            }
        }
        let metadata: Logger.Metadata = ["alert.id": "\(entry.id)", "alert.attempt": "\(entry.attempts + 1)"]
        if case .success(let status) = outcome, (200..<300).contains(status) {
            try await alertStore.finish(entry.id, status: .delivered, nowMs: clock())
            logger.info("version regression alert delivered", metadata: metadata)
            return nil
        }
        let reason =
            switch outcome {
            case .success(let status): "HTTP \(status)"
            case .failure(let error): error.description
            }
        let attempts = entry.attempts + 1
        guard let delay = alerts.retry.delayMs(afterFailures: attempts) else {
            try await alertStore.finish(entry.id, status: .abandoned, nowMs: clock())
            logger.error(
                "version regression alert abandoned", metadata: metadata.merging(["error": "\(reason)"]) { $1 })
            return nil
        }
        let retryAtMs = clock() + delay
        try await alertStore.reschedule(entry.id, attempts: attempts, nextAttemptMs: retryAtMs, error: reason)
        logger.warning(
            "version regression alert not delivered; will retry",
            metadata: metadata.merging(["error": "\(reason)", "alert.retry_in_ms": "\(delay)"]) { $1 })
        return retryAtMs
    }
}
