import TimeFormats

/// The stored run for an assembled agent span (README, "From spans to runs").
enum OTLPRunBuilder {
    /// The run id of a span: its 8 bytes read big-endian, with the top bit cleared so ids stay positive.
    /// A re-exported span gets the same id, so the unique `(agent_id, version, run_id)` index keeps one copy.
    static func runID(spanID: UInt64) -> Int64 {
        Int64(bitPattern: spanID & UInt64(Int64.max))
    }

    /// The run of `run` under `agentId`; refused when its cost is out of `FieldBounds`.
    static func makeRun(_ run: RunAssembly.Run, agentId: String) throws(SpanRejection) -> AgentRun {
        let span = run.span
        var models: [String] = []
        run.own.appendModels(to: &models)
        SpanContribution.merge(run.descendants.models, into: &models)
        var tools: [String] = []
        run.own.appendTool(to: &tools)
        SpanContribution.merge(run.descendants.tools, into: &tools)
        // Usage reported by descendants wins over the agent span's own, which would repeat it.
        let (tokens, usageCost) =
            run.descendants.reportsUsage
            ? (run.descendants.tokens, run.descendants.cost) : (run.own.tokens, run.own.cost)
        let cost = span.costAttribute ?? usageCost
        guard cost.isFinite, (0...FieldBounds.maximumCost).contains(cost) else {
            throw SpanRejection(
                reason: "the run's cost \(cost) is outside 0 to \(Int(FieldBounds.maximumCost)) dollars")
        }
        let seconds = Double(span.endNs - span.startNs) / 1e9
        var stored = AgentRun(
            agentId: agentId, version: span.agentVersion, id: runID(spanID: run.key.span), taskId: nil,
            status: span.failed ? "failed" : "completed", createdMs: Int64(span.startNs / 1_000_000),
            timeTakenText: GoDuration.format(nanoseconds: Int64(span.endNs - span.startNs)), timeTakenSeconds: seconds,
            initiator: span.initiator ?? "", tools: tools, models: models, cost: cost)
        stored.trace = RunTrace(
            traceID: run.key.trace.hex, spanID: Hex.string(run.key.span),
            errorType: span.failed ? span.errorType : nil, conversationID: span.conversationID, tokens: tokens)
        return stored
    }
}
