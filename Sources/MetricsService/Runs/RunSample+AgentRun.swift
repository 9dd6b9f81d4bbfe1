extension RunSample {
    /// A run as the worker will read it back, from what ingest stored: the same rounding as
    /// `init(bson:)`, so a pending run adds to the cards exactly what its pass will.
    init(_ run: AgentRun, objectID: String) {
        self.init(
            objectID: objectID, key: VersionKey(agentId: run.agentId, version: run.version), runId: run.id,
            status: run.status, createdMs: run.createdMs, runtimeMicros: run.timeTakenSeconds.map(Self.micros),
            costMicros: Self.micros(run.cost))
    }

    /// The runs of one insert that were stored, `ids[i]` being `runs[i]`'s `_id`; `duplicates` (sorted
    /// indexes) were already stored by an earlier request and are not new.
    static func stored(_ runs: [AgentRun], ids: [String], except duplicates: [Int]) -> [RunSample] {
        var samples: [RunSample] = []
        samples.reserveCapacity(runs.count - duplicates.count)
        var skip = duplicates.makeIterator()
        var nextSkip = skip.next()
        for (index, run) in runs.enumerated() {
            if index == nextSkip {
                nextSkip = skip.next()
                continue
            }
            samples.append(RunSample(run, objectID: ids[index]))
        }
        return samples
    }
}
