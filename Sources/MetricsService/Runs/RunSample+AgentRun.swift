extension RunSample {
    /// A run as the worker will read it back, from what ingest stored: the same rounding as
    /// `init(bson:)`, so a pending run adds to the cards exactly what its pass will.
    init(_ run: AgentRun, objectID: String) {
        self.init(
            objectID: objectID, key: VersionKey(agentId: run.agentId, version: run.version), runId: run.id,
            status: run.status, createdMs: run.createdMs, runtimeMicros: run.timeTakenSeconds.map(Self.micros),
            costMicros: Self.micros(run.cost))
    }
}
