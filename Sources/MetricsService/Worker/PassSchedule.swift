/// When the worker's next pass starts: pure, driven by the caller's monotonic clock (milliseconds).
///
/// A pass starts `interval` after the previous one ended, or sooner: `wakeDelay` after runs are
/// first known to be waiting (ingest in this process signalled, or a poll found uncounted runs in
/// storage, stored by another server). The delay gathers the runs of several requests into one pass,
/// so at most one pass starts per `wakeDelay` however small the requests. Between passes, with no runs
/// known to be waiting, the worker polls every `pollInterval`.
struct PassSchedule: Sendable, Equatable {
    struct Configuration: Sendable, Equatable {
        var intervalMs: Int64
        var wakeDelayMs: Int64
        var pollIntervalMs: Int64
    }

    enum Action: Sendable, Equatable {
        /// Start the pass.
        case pass
        /// Look for work: as the lease holder, whether uncounted runs exist (`runsArrived` if so);
        /// otherwise refresh the dashboard from storage. Then `polled`.
        case poll
        /// Nothing to do before this time, unless `runsArrived` is called meanwhile.
        case wait(untilMs: Int64)
    }

    let configuration: Configuration
    private let dueMs: Int64
    private var wokenAtMs: Int64?
    private var nextPollMs: Int64

    /// The schedule after a pass that ended at `passEndedMs`.
    init(_ configuration: Configuration, passEndedMs: Int64) {
        self.configuration = configuration
        self.dueMs = passEndedMs + configuration.intervalMs
        self.nextPollMs = passEndedMs + configuration.pollIntervalMs
    }

    /// Runs are waiting to be counted since `time` (possibly before the pass ended: runs stored during
    /// it); the earliest time given after a pass counts.
    mutating func runsArrived(atMs time: Int64) {
        wokenAtMs = min(wokenAtMs ?? time, time)
    }

    mutating func polled(atMs now: Int64) {
        nextPollMs = now + configuration.pollIntervalMs
    }

    func next(nowMs now: Int64) -> Action {
        let passAt = min(dueMs, wokenAtMs.map { $0 + configuration.wakeDelayMs } ?? .max)
        if now >= passAt { return .pass }
        // Once a pass is coming, polling would find nothing new to act on.
        guard wokenAtMs == nil else { return .wait(untilMs: passAt) }
        if now >= nextPollMs { return .poll }
        return .wait(untilMs: min(passAt, nextPollMs))
    }
}
