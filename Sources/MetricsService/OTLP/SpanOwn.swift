/// What one span adds by itself, before it is folded into a run: at most two models and one tool, held inline so a
/// span costs no array (`SpanContribution`, with its lists, is what runs and pending spans accumulate).
struct SpanOwn: Sendable, Equatable {
    /// `gen_ai.request.model`; nil when missing or empty.
    var requestModel: String?
    /// `gen_ai.response.model`; nil when missing, empty or the same as the request model.
    var responseModel: String?
    /// `gen_ai.tool.name` of an `execute_tool` span; nil otherwise or when empty.
    var tool: String?
    var tokens = TokenUsage.zero
    /// Whether the span reported token usage or a cost (see `SpanContribution.reportsUsage`).
    var reportsUsage = false
    /// Dollars: the span's `gen_ai.usage.cost` when present, else its tokens at the price table's rates.
    var cost: Double = 0

    /// The models in the order a contribution lists them: request first.
    func appendModels(to list: inout NameList) {
        if let requestModel { list.append(requestModel) }
        if let responseModel { list.append(responseModel) }
    }

    /// The tool, unless `list` has it.
    func appendTool(to list: inout NameList) {
        if let tool { list.append(tool) }
    }
}
