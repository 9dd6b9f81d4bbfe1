/// What a span adds to the run of its nearest agent ancestor: the models and tools it used, its tokens and
/// its cost. A span's own contribution is computed when it arrives (with the price table of the server that
/// received it), so it can wait in the pending collection and be added later on any server.
struct SpanContribution: Sendable, Equatable {
    /// Request and response models, first seen first, without repeats.
    var models = NameList()
    /// Tool names of `execute_tool` spans, first seen first, without repeats.
    var tools = NameList()
    var tokens = TokenUsage.zero
    /// Whether any span in here reported token usage or a cost: a run takes its agent span's own usage
    /// only when no descendant reports any, so usage reported at both levels is never counted twice.
    var reportsUsage = false
    /// Dollars: each span's `gen_ai.usage.cost` when present, else its tokens at the price table's rates.
    var cost: Double = 0

    init() {}

    /// The contribution of one span alone (to park it as a pending span).
    init(_ own: SpanOwn) {
        absorb(own)
    }

    /// Adds one span's models, tool, tokens and cost to these.
    mutating func absorb(_ own: SpanOwn) {
        own.appendModels(to: &models)
        own.appendTool(to: &tools)
        tokens.add(own.tokens)
        reportsUsage = reportsUsage || own.reportsUsage
        cost += own.cost
    }

    /// Adds `other`'s lists, tokens and cost to these.
    mutating func absorb(_ other: SpanContribution) {
        models.append(contentsOf: other.models)
        tools.append(contentsOf: other.tools)
        tokens.add(other.tokens)
        reportsUsage = reportsUsage || other.reportsUsage
        cost += other.cost
    }
}
