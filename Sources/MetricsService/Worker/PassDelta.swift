/// What one batch of newly counted runs adds: per-version and per-minute sums.
///
/// Pure: built from the runs alone, so a recovering worker that re-reads the same run ids gets
/// the same delta the crashed one computed.
public struct PassDelta: Sendable, Equatable {
    public var versions: [VersionKey: VersionAggregate] = [:]
    public var minutes: [Int64: ActivityMinute] = [:]

    public init(runs: [RunSample]) {
        for run in runs {
            versions[run.key, default: VersionAggregate(key: run.key)].add(run)
            let minute = ActivityMinute.start(of: run.createdMs)
            minutes[minute, default: ActivityMinute(startMs: minute)].add(run)
        }
    }
}
