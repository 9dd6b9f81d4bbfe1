/// The validated runs of one ingest request as the `agent_runs` documents to store: BSON bytes back to
/// back in one buffer (a Sendable value a database thread reads in place), in request order.
struct RunDocuments: Sendable {
    /// The documents, back to back; runs are written with `BSONWriter.beginRun`/`endRun` and then `add`ed.
    var writer: BSONWriter
    /// Where each document starts in `writer.bytes`.
    private(set) var starts: [Int] = []
    /// Each run's client id.
    private(set) var runIds: [Int64] = []
    /// The dashboard's view of each run, in order, when the encoder was asked for them (else empty).
    private(set) var samples: [RunSample] = []
    /// The documents' `_id`s.
    var ids = ObjectIDSource()
    /// Whether the body was one run object, answered with the stored run rather than with counts.
    var isSingle: Bool
    /// The run as stored, when the body was one run object (its answer).
    var single: AgentRun?

    /// Room for `capacity` bytes of documents and, when known, `runs` runs, so neither grows as runs are added.
    init(isSingle: Bool, capacity: Int, runs: Int = 0) {
        self.isSingle = isSingle
        writer = BSONWriter(capacity: capacity)
        starts.reserveCapacity(runs)
        runIds.reserveCapacity(runs)
    }

    /// Number of runs.
    var count: Int { starts.count }

    /// Calls `body` with the whole buffer, in place.
    func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try writer.withBytes(body)
    }

    /// Records the document just written from `start` as run `runId`.
    mutating func add(start: Int, runId: Int64, sample: RunSample?) {
        starts.append(start)
        runIds.append(runId)
        if let sample { samples.append(sample) }
    }
}

extension RunDocuments {
    /// The reference path's documents: `batch`'s runs under `target`, in the same layout as the fast path's.
    init(_ batch: RunBatch, target: IngestTargets.Target, samples: Bool) {
        self.init(isSingle: batch.isSingle, capacity: batch.runs.count * 256)
        target.withBytes { bytes in
            for run in batch.runs {
                let objectID = ids.generate()
                let start = writer.count
                writer.run(run, objectID: objectID, target: bytes)
                let sample =
                    samples
                    ? RunSample(
                        run.with(agentId: target.agentId, version: target.version), objectID: ObjectID.hex(objectID))
                    : nil
                add(start: start, runId: run.id, sample: sample)
            }
        }
        if batch.isSingle, let run = batch.runs.first {
            single = run.with(agentId: target.agentId, version: target.version)
        }
    }

    /// The samples of the runs stored, leaving out `duplicates` (positions already stored before).
    func samples(except duplicates: [Int]) -> [RunSample] {
        guard !duplicates.isEmpty else { return samples }
        let skipped = Set(duplicates)
        return samples.indices.filter { !skipped.contains($0) }.map { samples[$0] }
    }
}
