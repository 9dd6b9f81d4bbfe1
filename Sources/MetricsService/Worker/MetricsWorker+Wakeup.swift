import HTTPCore

/// Between passes: wait for the interval, for ingest in this process, or for runs another server stored.
///
/// This is what bounds the ingest-to-dashboard lag. A pass starts `wakeDelay` after this process
/// acknowledges runs (`PassWakeup`; at once after the previous pass when they arrived during it and the
/// delay has passed, so under steady ingest passes run back to back), and, as the lease holder,
/// `wakeDelay` after a poll (every `pollInterval`, one index lookup on `{counted: false}`) finds runs
/// stored through another server.
/// The pass itself is unchanged: the same journalled batches, so the exactly-once argument is untouched;
/// only its start moves earlier. A worker that does not hold the lease refreshes the dashboard from the
/// saved generation at each poll instead, so its server trails the lease holder's passes by at most one poll.
extension MetricsWorker {
    /// - Parameter leader: whether the pass held the lease; nil when it failed.
    func waitForNextPass(leader: Bool?) async {
        var schedule = PassSchedule(configuration.schedule, passEndedMs: Self.monotonicMs())
        while !Task.isCancelled {
            if let since = wakeup.takePending() { schedule.runsArrived(atMs: since) }
            switch schedule.next(nowMs: Self.monotonicMs()) {
            case .pass:
                return
            case .poll:
                switch leader {
                case true?:
                    if (try? await store.hasUncountedRuns()) == true { schedule.runsArrived(atMs: Self.monotonicMs()) }
                case false?:
                    try? await refreshAsFollower()
                case nil:
                    // The pass failed: retry at the interval or on new runs. Reloading from storage here could
                    // show runs that are both stored by the failed pass and still pending (`PendingRuns`).
                    break
                }
                schedule.polled(atMs: Self.monotonicMs())
            case .wait(let until):
                await wakeup.wait(timeout: .milliseconds(max(0, until - Self.monotonicMs())))
            }
        }
    }

    private static func monotonicMs() -> Int64 { PassWakeup.monotonicMs() }
}
