/// What one batch of newly counted runs adds: per-version and per-minute sums, and how many runs
/// were set aside.
///
/// Pure: built from the runs alone, so a recovering worker that re-reads the same run ids gets
/// the same delta the crashed one computed.
public struct PassDelta: Sendable, Equatable {
    public var versions: [VersionKey: VersionAggregate] = [:]
    public var minutes: [Int64: ActivityMinute] = [:]
    /// Runs that could not be counted (see `StoredRun`).
    public var setAside: Int128 = 0

    public init(runs: [RunSample]) {
        for run in runs { add(run) }
    }

    init(runs: [StoredRun]) {
        for run in runs {
            if let sample = run.countable { add(sample) } else { setAside += 1 }
        }
    }

    private mutating func add(_ run: RunSample) {
        versions[run.key, default: VersionAggregate(key: run.key)].add(run)
        let minute = ActivityMinute.start(of: run.createdMs)
        minutes[minute, default: ActivityMinute(startMs: minute)].add(run)
    }
}
