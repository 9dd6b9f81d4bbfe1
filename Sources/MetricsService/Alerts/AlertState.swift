/// What the alerts last said about a version, one `alert_states` document per version that ever had a
/// transition (`_id` = `VersionKey.documentID`). A version without one is `ok` at sequence 0.
///
/// The document is the transition's record: it is written (fenced, by the lease holder) with the event before the
/// event is queued in `alert_outbox`, and marked `outboxed` after; a state found not outboxed is queued again,
/// under the same id, when a worker takes the lease (see `MetricsWorker+Alerts.swift`).
struct AlertState: Sendable, Equatable {
    /// What a version's regression says, as far as alerts go.
    enum Condition: String, Sendable {
        case worse
        case ok
    }

    var key: VersionKey
    var condition: Condition = .ok
    /// Transitions so far; the latest one's event id ends in `#<sequence>`.
    var sequence: Int64 = 0
    /// The latest transition's event body (JSON), kept for re-queueing.
    var event: String = ""
    /// Whether that event is in `alert_outbox`.
    var outboxed = true

    /// The id of the event of transition `sequence`.
    static func eventID(_ key: VersionKey, sequence: Int64) -> String {
        key.documentID + "#" + String(sequence)
    }

    /// The condition a regression verdict means; nil (no change) while the data are insufficient.
    static func condition(of verdict: ComparisonVerdict) -> Condition? {
        switch verdict {
        case .worse: .worse
        case .noChange, .better: .ok
        case .insufficientData: nil
        }
    }

    /// The versions whose regression moved them to the other condition: the first time a version is `worse`,
    /// and again when it recovers (`no_change` or `better`). A version without a regression, or with
    /// insufficient data, keeps its condition.
    static func transitions(
        regressions: [VersionKey: VersionRegression], states: [VersionKey: AlertState]
    ) -> [(state: AlertState, regression: VersionRegression)] {
        var result: [(AlertState, VersionRegression)] = []
        for (key, regression) in regressions.sorted(by: { $0.key < $1.key }) {
            let current = states[key] ?? AlertState(key: key)
            guard let condition = condition(of: regression.verdict), condition != current.condition else { continue }
            var next = current
            next.condition = condition
            next.sequence += 1
            result.append((next, regression))
        }
        return result
    }
}
