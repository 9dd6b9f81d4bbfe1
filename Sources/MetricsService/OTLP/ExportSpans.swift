/// The valid spans of one export, as both readers (`OTLPWireReader`, `OTLPSpanReader`) hand them to the run
/// mapping: every span as a small `ExportSpan` in export order, and the run fields of agent spans apart, so a span
/// that only enriches a run is never more than its identity, its parent and its own contribution (BENCHMARKS.md,
/// "OTLP ingest, fourth pass").
struct ExportSpans: Sendable, Equatable {
    /// Every valid span, in export order.
    private(set) var spans: [ExportSpan] = []
    /// The run fields of the agent spans, which `ExportSpan.agent` indexes.
    private(set) var agents: [AgentSpan] = []

    init(capacity: Int = 0) {
        spans.reserveCapacity(capacity)
    }

    /// Adds a span; `agent` are its run fields when it is an agent span.
    mutating func append(key: SpanKey, parent: UInt64?, own: SpanOwn, agent: AgentSpan? = nil) {
        var index: Int?
        if let agent {
            index = agents.count
            agents.append(agent)
        }
        spans.append(ExportSpan(key: key, parent: parent, own: own, agent: index))
    }
}

/// One valid span of an export: what the run mapping needs of every span.
struct ExportSpan: Sendable, Equatable {
    var key: SpanKey
    /// The parent's span id; nil for a root span.
    var parent: UInt64?
    /// The span's own models, tool, tokens and cost (its cost attribute already applied).
    var own: SpanOwn
    /// The position of its run fields in `ExportSpans.agents` when it is an agent span (one run).
    var agent: Int?

    var isAgent: Bool { agent != nil }
}
