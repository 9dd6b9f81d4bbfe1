/// The database work of one OTLP export, done on one database thread with one client: the pending spans of its
/// agent traces are found, its runs assembled, written as BSON and inserted. So an export costs one loop →
/// database → loop round trip, not one for the lookup and another for the insert: each round trip wakes the loop
/// and a database thread (12.3 → 9.3 context switches per export; BENCHMARKS.md, "OTLP ingest, fifth pass"). The
/// client stays checked out while the runs are assembled and written: ~1–2 µs per run.
///
/// The runs are inserted at once rather than through `RunInsertQueue`'s group commit: an export is already a
/// batch, and the lookup must come first.
struct OTLPExportWrite: Sendable {
    /// The mapping's decisions for the export and the pending spans found.
    private(set) var assembly: RunAssembly
    /// The models and tools the runs written used, per version.
    private(set) var uses = VersionUses()
    /// Runs whose totals the run cannot store (a cost out of bounds).
    private(set) var refused: [SpanRejection] = []
    /// Runs stored now (not already stored before).
    private(set) var inserted = 0
    /// The dashboard's view of the runs stored now, when asked for.
    private(set) var insertedSamples: [RunSample] = []
    /// Why the database refused a document of the insert (the request fails with it, after the hop).
    private(set) var failure: StorageError?

    /// The decisions for an export with no agent span: nothing to look up or insert, so no database hop.
    init(orphanedExport export: ExportSpans) {
        assembly = RunAssembly(export: export, pending: [])
    }

    /// The decisions `assembly` made, before `build` writes its runs.
    init(assembly: RunAssembly) {
        self.assembly = assembly
    }

    /// On a database thread holding `client`: looks up the pending spans of `traces` (the export's agent traces),
    /// assembles and inserts the runs. `agentIds[i]` is the agent id of `export.agents[i]`; `samples` asks for
    /// the dashboard's view of the stored runs.
    static func store(
        _ export: ExportSpans, traces: [TraceID], agentIds: [String], samples: Bool, client: MongoClient
    ) throws -> OTLPExportWrite {
        let pending = try PendingSpanStore.find(traces: traces, in: client.collection(PendingSpanStore.collection))
        var write = OTLPExportWrite(assembly: RunAssembly(export: export, pending: pending))
        let documents = write.build(agentIds: agentIds, samples: samples)
        guard documents.count > 0 else { return write }
        switch try RunStore.insert(documents, into: client.collection(Collections.runs)) {
        case .stored(let inserted, let duplicates):
            write.inserted = inserted
            if samples { write.insertedSamples = documents.samples(except: duplicates) }
        case .failed(let error):
            write.failure = error
        }
        return write
    }

    /// Writes the assembled runs as the documents to insert, keeping what they used in `uses`; runs whose totals
    /// cannot be stored go to `refused`. (Called by `store`, and by `scripts/bench-ingest-mapping.sh`.)
    mutating func build(agentIds: [String], samples: Bool) -> RunDocuments {
        // A run with the bench's fields and trace members takes ~520 bytes: room for that, so the buffer never grows.
        var documents = RunDocuments(
            isSingle: false, capacity: assembly.runs.count * 640, runs: assembly.runs.count)
        var uses = VersionUses()
        var refused: [SpanRejection] = []
        // Through the buffer: `assembly.runs[index]` copied each run (a retain and a release per string and list)
        // only to read it.
        assembly.runs.withUnsafeBufferPointer { runs in
            for index in runs.indices {
                let totals: OTLPRunBuilder.Totals
                do throws(SpanRejection) {
                    totals = try OTLPRunBuilder.totals(runs[index])
                } catch {
                    refused.append(error)
                    continue
                }
                let agentId = agentIds[runs[index].agent]
                let objectID = documents.ids.generate()
                let start = documents.writer.count
                IngestTargets.Target(agentId: agentId, version: runs[index].span.agentVersion).withBytes { target in
                    OTLPRunBuilder.write(
                        runs[index], totals: totals, objectID: objectID, target: target, into: &documents.writer)
                }
                documents.add(
                    start: start, runId: OTLPRunBuilder.runID(spanID: runs[index].key.span),
                    sample: samples
                        ? OTLPRunBuilder.sample(runs[index], totals: totals, objectID: objectID, agentId: agentId) : nil
                )
                uses.add(runs[index], agentId: agentId)
            }
        }
        self.uses = uses
        self.refused = refused
        return documents
    }
}

/// The models and tools an export's runs used, per version, first seen first: what `VersionCatalog` checks once
/// per version rather than per run.
struct VersionUses: Sendable {
    private(set) var keys: [VersionKey] = []
    private(set) var lists: [(models: NameList, tools: NameList)] = []
    private var positions: [VersionKey: Int] = [:]

    /// Adds the models and tools of `run`, stored under `agentId`.
    mutating func add(_ run: RunAssembly.Run, agentId: String) {
        let key = VersionKey(agentId: agentId, version: run.span.agentVersion)
        // An export's runs mostly share one version: the latest new one is compared first, with no hashing.
        let position: Int
        if let last = keys.last, last == key {
            position = keys.count - 1
        } else if let known = positions[key] {
            position = known
        } else {
            position = keys.count
            positions[key] = position
            keys.append(key)
            lists.append((NameList(), NameList()))
        }
        OTLPRunBuilder.forEachModel(of: run) { lists[position].models.append($0) }
        OTLPRunBuilder.forEachTool(of: run) { lists[position].tools.append($0) }
    }
}
