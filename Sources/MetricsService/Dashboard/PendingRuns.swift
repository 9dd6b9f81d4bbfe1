/// Runs this process acknowledged that the published snapshot does not count yet, shown on top of it so
/// that `recent_activity` and the cards include a run as soon as its `POST` is answered.
///
/// The stored aggregates never see these: they stay the worker's, exactly once. What must hold is that
/// the dashboard shows each run once, neither missing between acknowledgement and the pass that counts
/// it nor counted twice after. The lease-holding worker in this process guarantees it:
/// - before each batch's select it reads `sequence` (the mark); every run added at or before the mark
///   was stored before that select, so the pass that ends with that select counts it;
/// - when it publishes the pass's snapshot it drops, in the same lock, the runs up to the last mark and
///   every run it counted by id (a run acknowledged between reading the mark and the select may be
///   counted by that pass although it came after the mark).
/// Only the lease holder can keep that promise, so runs are taken only while it publishes
/// (`accepting`); a worker without the lease, or no worker, turns them off and the dashboard follows the
/// stored generation instead.
struct PendingRuns: Sendable {
    /// Beyond this many (a worker that cannot count, for a while), new runs wait for the pass.
    static let capacity = 50_000

    private(set) var runs: [(sequence: UInt64, run: RunSample)] = []
    /// The sequence number of the last run added.
    private(set) var sequence: UInt64 = 0
    /// Changes with every change of `runs`, so cached renders know when to redo.
    private(set) var version: UInt64 = 0
    private(set) var accepting = false
    /// What the renders need, kept up to date as runs come and go so a read never walks `runs`: the
    /// per-minute sums (the worker's own arithmetic, `ActivityMinute.add`) and the newest `RunSample.recentKeep`.
    private(set) var minuteSums: [Int64: ActivityMinute] = [:]
    private(set) var newest: [RunSample] = []

    /// Adds acknowledged runs; false (nothing added) when not accepting or full.
    ///
    /// - Parameter newest: `samples`' newest `RunSample.recentKeep`, newest first, when the
    ///   caller sorted them already (outside the dashboard's lock); computed here when nil.
    @discardableResult
    mutating func add(_ samples: [RunSample], newest newestOfBatch: [RunSample]? = nil) -> Bool {
        guard accepting, !samples.isEmpty, runs.count + samples.count <= Self.capacity else { return false }
        for sample in samples {
            sequence += 1
            runs.append((sequence, sample))
            Self.add(sample, to: &minuteSums)
        }
        newest = RunSample.mergingRecent(newest, with: newestOfBatch ?? Self.newest(of: samples))
        version += 1
        return true
    }

    /// After a publish by the lease holder: drops what the snapshot now counts, and takes runs from now on.
    mutating func drop(through mark: UInt64, counted: Set<String>) {
        accepting = true
        let before = runs.count
        runs.removeAll { $0.sequence <= mark || counted.contains($0.run.objectID) }
        guard runs.count != before else { return }
        version += 1
        minuteSums = [:]
        for (_, run) in runs { Self.add(run, to: &minuteSums) }
        newest = RunSample.mergingRecent([], with: runs.map { $0.run })
    }

    /// Forgets every run and takes no more until the next `drop` (this process's worker lost the lease).
    mutating func stop() {
        accepting = false
        if !runs.isEmpty {
            runs.removeAll()
            minuteSums = [:]
            newest = []
            version += 1
        }
    }

    /// The runs' per-minute sums, for the cards.
    var minutes: Dictionary<Int64, ActivityMinute>.Values { minuteSums.values }

    /// `recent` with these runs merged in, newest first, at most `RunSample.recentKeep`.
    func recent(over recent: [RunSample]) -> [RunSample] {
        runs.isEmpty ? recent : RunSample.mergingRecent(recent, with: newest)
    }

    /// The newest `RunSample.recentKeep` of `samples`, newest first.
    static func newest(of samples: [RunSample]) -> [RunSample] {
        Array(samples.sorted(by: RunSample.newerFirst).prefix(RunSample.recentKeep))
    }

    private static func add(_ run: RunSample, to minutes: inout [Int64: ActivityMinute]) {
        let start = ActivityMinute.start(of: run.createdMs)
        minutes[start, default: ActivityMinute(startMs: start)].add(run)
    }
}
