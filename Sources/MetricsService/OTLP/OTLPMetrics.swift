import CoreMetrics

/// `agent_metrics_otlp_spans_dropped_total{reason}`: spans that never became part of a run. `invalid`: refused
/// at the door (bad ids, times or values); `no_agent`: their chain of parents ends at a root that is not an agent
/// span; `expired`: they waited for an agent span longer than the pending expiry. Each server counts what it
/// dropped itself, so sum across instances.
struct OTLPMetrics: Sendable {
    let invalid = Counter(label: "agent_metrics_otlp_spans_dropped_total", dimensions: [("reason", "invalid")])
    let noAgent = Counter(label: "agent_metrics_otlp_spans_dropped_total", dimensions: [("reason", "no_agent")])
    let expired = Counter(label: "agent_metrics_otlp_spans_dropped_total", dimensions: [("reason", "expired")])
    /// `agent_metrics_otlp_runs_total`: agent spans stored as new runs (re-exports not counted).
    let runs = Counter(label: "agent_metrics_otlp_runs_total")
}
