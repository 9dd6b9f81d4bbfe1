/// The run fields of one valid agent span (`invoke_agent`/`invoke_workflow`) of an export; its identity, parent
/// and own contribution are in its `ExportSpan`, as for every other span.
struct AgentSpan: Sendable, Equatable {
    var startNs: UInt64
    var endNs: UInt64
    /// The span status is ERROR.
    var failed = false
    /// `error.type`.
    var errorType: String?
    /// `gen_ai.agent.name`, else the resource's `service.name` (checked non-empty).
    var agentName = ""
    /// `gen_ai.agent.version`, else the resource's `service.version`, else `unknown`.
    var agentVersion = AgentSpan.unknownVersion
    /// The resource's `service.namespace`.
    var project: String?
    /// `gen_ai.conversation.id`.
    var conversationID: String?
    /// `enduser.id`, else `user.id`.
    var initiator: String?
    /// `gen_ai.usage.cost`, which wins over every price computation for the run (another span's cost is in its
    /// `SpanOwn`).
    var costAttribute: Double?

    /// The version of agents whose spans name none.
    static let unknownVersion = "unknown"

    init(startNs: UInt64, endNs: UInt64) {
        self.startNs = startNs
        self.endNs = endNs
    }
}

/// Why a span was refused (it counts in the response's `partialSuccess.rejectedSpans`).
struct SpanRejection: Error, Sendable, Equatable {
    var reason: String
}
