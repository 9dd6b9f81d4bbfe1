/// The database work of one OTLP export, done on one database thread with one client: the pending spans of its
/// agent traces are found, its runs assembled, written as BSON and inserted. So an export costs one loop →
/// database → loop round trip, not one for the lookup and another for the insert: each round trip wakes both
/// threads, which cost about as much CPU as the lookup itself (BENCHMARKS.md, "OTLP ingest, fifth pass").
///
/// The runs are inserted at once rather than through `RunInsertQueue`'s group commit: an export is already a
/// batch, and the lookup must come first.
struct OTLPExportWrite: Sendable {
    /// The mapping's decisions for the export and the pending spans found.
    private(set) var assembly: RunAssembly
    /// The runs built, in the assembly's order; the refused ones are in `refused`.
    private(set) var records: [AgentRun] = []
    /// Runs whose totals the run cannot store (a cost out of bounds).
    private(set) var refused: [SpanRejection] = []
    /// Runs stored now (not already stored before).
    private(set) var inserted = 0
    /// The dashboard's view of the runs stored now, when asked for.
    private(set) var insertedSamples: [RunSample] = []

    /// The decisions for an export with no agent span: nothing to look up or insert, so no database hop.
    init(orphanedExport export: ExportSpans) {
        assembly = RunAssembly(export: export, pending: [])
    }

    private init(assembly: RunAssembly) {
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
        let (inserted, duplicates) = try RunStore.insert(documents, into: client.collection(Collections.runs))
        write.inserted = inserted
        if samples { write.insertedSamples = documents.samples(except: duplicates) }
        return write
    }

    /// Builds the assembled runs into `records` (or `refused`) and writes them as the documents to insert.
    private mutating func build(agentIds: [String], samples: Bool) -> RunDocuments {
        records.reserveCapacity(assembly.runs.count)
        for index in assembly.runs.indices {
            do {
                records.append(
                    try OTLPRunBuilder.makeRun(assembly.runs[index], agentId: agentIds[assembly.runs[index].agent]))
            } catch {
                refused.append(error)
            }
        }
        var documents = RunDocuments(isSingle: false, capacity: records.count * 512)
        // Through the buffer: `for record in records`, and even `records[index]`, copied each run (a retain and a
        // release per string and list) only to read it.
        records.withUnsafeBufferPointer { records in
            for index in records.indices {
                let objectID = documents.ids.generate()
                let start = documents.writer.count
                documents.writer.run(records[index], objectID: objectID)
                documents.add(
                    start: start, runId: records[index].id,
                    sample: samples ? RunSample(records[index], objectID: ObjectID.hex(objectID)) : nil)
            }
        }
        return documents
    }
}
