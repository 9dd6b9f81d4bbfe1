/// One valid span of an export, as the span-to-run mapping sees it (`OTLPSpanReader` builds it from the
/// protobuf message, so the mapping is tested without one).
struct OTLPSpan: Sendable, Equatable {
    var key: SpanKey
    /// The parent's span id; nil for a root span.
    var parent: UInt64?
    /// `gen_ai.operation.name` is `invoke_agent` or `invoke_workflow`: the span is one run.
    var isAgent: Bool
    var startNs: UInt64
    var endNs: UInt64
    /// The span status is ERROR.
    var failed = false
    /// `error.type` (agent spans only, as the fields below).
    var errorType: String?
    /// `gen_ai.agent.name`, else the resource's `service.name` (agent spans only; checked non-empty).
    var agentName = ""
    /// `gen_ai.agent.version`, else the resource's `service.version`, else `unknown`.
    var agentVersion = OTLPSpan.unknownVersion
    /// The resource's `service.namespace`.
    var project: String?
    /// `gen_ai.conversation.id`.
    var conversationID: String?
    /// `enduser.id`, else `user.id`.
    var initiator: String?
    /// The span's own models, tools, tokens and cost (its cost attribute already applied).
    var own = SpanContribution()
    /// `gen_ai.usage.cost`, which wins over every price computation for the run of an agent span (agent spans
    /// only: another span's cost is in `own`).
    var costAttribute: Double?

    /// The version of agents whose spans name none.
    static let unknownVersion = "unknown"

    init(key: SpanKey, parent: UInt64?, isAgent: Bool, startNs: UInt64, endNs: UInt64) {
        self.key = key
        self.parent = parent
        self.isAgent = isAgent
        self.startNs = startNs
        self.endNs = endNs
    }
}

/// Why a span was refused (it counts in the response's `partialSuccess.rejectedSpans`).
struct SpanRejection: Error, Sendable, Equatable {
    var reason: String
}
