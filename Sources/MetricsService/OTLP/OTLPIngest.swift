/// Stores the runs of one OTLP export: reads its spans, folds in the pending spans of their traces, registers
/// agents and versions on first sight, inserts the runs (a re-exported span is a duplicate, never a second run),
/// teaches versions their models and tools, and parks the spans still waiting for an agent span.
///
/// Order matters for exactness: runs are inserted before the pending spans they folded are deleted, so a failure
/// in between leaves those spans to expire (counted as dropped) rather than losing them from a stored run; and a
/// run is stored once, complete with what has arrived, and never changed later (see README, "Children and timing").
struct OTLPIngest: Sendable {
    let agents: AgentStore
    let versions: VersionStore
    let runs: RunStore
    let pending: PendingSpanStore
    let indexes: IndexSetup
    let clock: WallClock
    let configuration: OTLPConfiguration
    let targets: IngestTargets
    let catalog: VersionCatalog
    let metrics: OTLPMetrics
    let wakeup: PassWakeup?
    let dashboard: Dashboard?

    /// What the export's response reports.
    struct Outcome: Sendable, Equatable {
        var rejected = 0
        var message = ""
    }

    /// Stores the runs of `export` (an export's valid spans); `invalid` are its refused ones, counted.
    func ingest(_ export: ExportSpans, invalid: [SpanRejection]) async throws -> Outcome {
        try await indexes.ensureCreated()
        // Agents and versions first (the database only on first sight), so the one database hop below has all
        // it needs to write the runs.
        let agentIds = try await agentIds(export.agents)
        let traces = Self.agentTraces(export)
        let samples = dashboard?.acceptsPendingRuns ?? false
        let write =
            traces.isEmpty
            ? OTLPExportWrite(orphanedExport: export)
            : try await runs.pool.withClient { client in
                try OTLPExportWrite.store(export, traces: traces, agentIds: agentIds, samples: samples, client: client)
            }
        if let failure = write.failure { throw failure }
        metrics.runs.increment(by: write.inserted)
        if write.inserted > 0 {
            if samples, let dashboard, dashboard.acceptsPendingRuns { dashboard.addPending(write.insertedSamples) }
            wakeup?.signal()
        }
        try await learn(write.uses)
        let assembly = write.assembly
        try await pending.park(assembly.park, expiresMs: clock.milliseconds() + configuration.pendingExpiryMs)
        try await pending.delete(assembly.consumed)

        let refused = invalid + write.refused
        metrics.invalid.increment(by: refused.count)
        metrics.noAgent.increment(by: assembly.orphans + assembly.orphanedPending)
        return Self.outcome(refused: refused, orphans: assembly.orphans)
    }

    /// The traces of the export's agent spans, each once. Sorted, then repeats dropped: no hashing (a `Set` of
    /// traces was 1% of the samples).
    private static func agentTraces(_ export: ExportSpans) -> [TraceID] {
        var agentTraces: [TraceID] = []
        agentTraces.reserveCapacity(export.agents.count)
        for index in export.spans.indices where export.spans[index].isAgent {
            agentTraces.append(export.spans[index].key.trace)
        }
        agentTraces.sort()
        var traces: [TraceID] = []
        traces.reserveCapacity(agentTraces.count)
        for trace in agentTraces where trace != traces.last { traces.append(trace) }
        return traces
    }

    /// The agent id of each agent span (`ExportSpans.agents`), registering agents and versions on first sight.
    /// An export's spans mostly share one agent and version: the latest target is reused before the shared
    /// cache (a lock and a hash) is asked.
    private func agentIds(_ agents: [AgentSpan]) async throws -> [String] {
        var ids: [String] = []
        ids.reserveCapacity(agents.count)
        var latest: (name: String, version: String, agentId: String)?
        for index in agents.indices {
            let (name, version) = (agents[index].agentName, agents[index].agentVersion)
            if let latest, latest.name == name, latest.version == version {
                ids.append(latest.agentId)
                continue
            }
            let agentId = try await target(for: agents[index]).agentId
            latest = (name, version, agentId)
            ids.append(agentId)
        }
        return ids
    }

    /// Adds the models and tools of `uses` that this process has not yet recorded to their versions: one
    /// catalogue check per version of the export, one `learn` per version that uses something new.
    private func learn(_ uses: VersionUses) async throws {
        for (key, used) in zip(uses.keys, uses.lists) {
            let new = catalog.unknown(key, models: Array(used.models), tools: Array(used.tools))
            guard !new.models.isEmpty || !new.tools.isEmpty else { continue }
            try await versions.learn(agentId: key.agentId, version: key.version, models: new.models, tools: new.tools)
            catalog.remember(key, models: new.models, tools: new.tools)
        }
    }

    /// The agent and version of an agent span, registered on first sight (and remembered by this process).
    private func target(for span: AgentSpan) async throws -> IngestTargets.Target {
        try await targets.resolve(agent: span.agentName, version: span.agentVersion) {
            let nowMs = clock.milliseconds()
            let agent: Agent
            if let project = span.project {
                agent = try await agents.register(
                    RegisterAgentRequest(name: span.agentName, project: project), nowMs: nowMs
                ).agent
            } else if let found = try await agents.find(idOrName: span.agentName) {
                // No namespace: keep whatever project the agent has.
                agent = found
            } else {
                agent = try await agents.register(
                    RegisterAgentRequest(name: span.agentName, project: configuration.defaultProject), nowMs: nowMs
                ).agent
            }
            // Created empty: `learn` adds models and tools as runs use them. An existing version is kept as it is.
            _ = try await versions.create(
                agentId: agent.id, CreateVersionRequest(version: span.agentVersion), nowMs: nowMs)
            return IngestTargets.Target(agentId: agent.id, version: span.agentVersion)
        }
    }

    /// `partialSuccess`: refused spans and this export's spans that can never belong to a run.
    static func outcome(refused: [SpanRejection], orphans: Int) -> Outcome {
        let rejected = refused.count + orphans
        guard rejected > 0 else { return Outcome() }
        var parts: [String] = []
        if let first = refused.first { parts.append("\(refused.count) invalid (first: \(first.reason))") }
        if orphans > 0 { parts.append("\(orphans) not under any invoke_agent span") }
        return Outcome(rejected: rejected, message: "\(rejected) spans rejected: " + parts.joined(separator: "; "))
    }
}
