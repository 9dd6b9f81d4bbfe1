/// What one batch of newly counted runs adds: per-version, per-minute and per-version hourly and daily sums,
/// and how many runs were set aside.
///
/// Pure: built from the runs alone, so a recovering worker that re-reads the same run ids gets
/// the same delta the crashed one computed.
public struct PassDelta: Sendable, Equatable {
    public var versions: [VersionKey: VersionAggregate] = [:]
    public var minutes: [Int64: ActivityMinute] = [:]
    /// By the run's `created`, in UTC hours and days.
    public var hours: [VersionBucket.ID: VersionBucket] = [:]
    public var days: [VersionBucket.ID: VersionBucket] = [:]
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
        Self.add(run, to: &hours, width: .hour)
        Self.add(run, to: &days, width: .day)
    }

    private static func add(_ run: RunSample, to buckets: inout [VersionBucket.ID: VersionBucket], width: BucketWidth) {
        let start = width.start(of: run.createdMs)
        let id = VersionBucket.ID(key: run.key, startMs: start)
        buckets[id, default: VersionBucket(key: run.key, width: width, startMs: start)].sums.add(run)
    }

    /// The buckets of one width.
    func buckets(_ width: BucketWidth) -> [VersionBucket.ID: VersionBucket] {
        switch width {
        case .hour: hours
        case .day: days
        }
    }
}
