/// The GenAI semantic-convention attributes of one span, read in one pass over its attributes.
struct AttributeFacts {
    var operation: String?
    var agentName: String?
    var agentVersion: String?
    var conversationID: String?
    var endUser: String?
    var user: String?
    var errorType: String?
    var requestModel: String?
    var responseModel: String?
    var toolName: String?
    var tokens = TokenUsage.zero
    var reportsUsage = false
    var cost: Double?

    /// Reads one attribute; a value the run could not store (too long, NUL in a name, a negative or
    /// non-numeric count, a cost outside `FieldBounds`) refuses the span.
    mutating func read(_ attribute: OTLPKeyValue) throws(SpanRejection) {
        let key = attribute.key
        guard key.hasPrefix("gen_ai.") || key == "enduser.id" || key == "user.id" || key == "error.type" else {
            return
        }
        switch key {
        case "gen_ai.operation.name": operation = attribute.value.text
        case "gen_ai.agent.name": agentName = try Self.text(attribute)
        case "gen_ai.agent.version": agentVersion = try Self.text(attribute)
        case "gen_ai.conversation.id": conversationID = try Self.text(attribute)
        case "enduser.id": endUser = try Self.text(attribute)
        case "user.id": user = try Self.text(attribute)
        case "error.type": errorType = try Self.text(attribute)
        case "gen_ai.request.model": requestModel = try Self.text(attribute)
        case "gen_ai.response.model": responseModel = try Self.text(attribute)
        case "gen_ai.tool.name": toolName = try Self.text(attribute)
        case "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens": tokens.input = try Self.count(attribute)
        case "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens": tokens.output = try Self.count(attribute)
        case "gen_ai.usage.cache_read.input_tokens": tokens.cacheRead = try Self.count(attribute)
        case "gen_ai.usage.cache_creation.input_tokens": tokens.cacheCreation = try Self.count(attribute)
        case "gen_ai.usage.cost":
            guard let dollars = attribute.value.number, (0...FieldBounds.maximumCost).contains(dollars) else {
                throw SpanRejection(reason: "gen_ai.usage.cost must be a number of dollars from 0 to 1000000")
            }
            cost = dollars
        default: return
        }
        if key.hasPrefix("gen_ai.usage.") { reportsUsage = true }
    }

    /// The span's own contribution: its models, its tool when it is an `execute_tool` span, its tokens and its
    /// cost (`gen_ai.usage.cost`, else its tokens at the response model's price, else the request model's).
    func contribution(prices: PriceTable) -> SpanContribution {
        var own = SpanContribution()
        for model in [requestModel, responseModel] {
            if let model, !model.isEmpty, !own.models.contains(model) { own.models.append(model) }
        }
        if operation == "execute_tool", let toolName, !toolName.isEmpty { own.tools = [toolName] }
        own.tokens = tokens
        own.reportsUsage = reportsUsage
        if let cost {
            own.cost = cost
        } else if let model = responseModel ?? requestModel {
            own.cost = prices.cost(model: model, tokens: tokens)
        }
        return own
    }

    private static func text(_ attribute: OTLPKeyValue) throws(SpanRejection) -> String? {
        guard let text = attribute.value.text else { return nil }
        guard text.utf8.count <= FieldBounds.maximumTextBytes else {
            throw SpanRejection(reason: "\(attribute.key) must be at most \(FieldBounds.maximumTextBytes) bytes")
        }
        return text
    }

    private static func count(_ attribute: OTLPKeyValue) throws(SpanRejection) -> Int64 {
        guard let count = attribute.value.integer, count >= 0 else {
            throw SpanRejection(reason: "\(attribute.key) must be a non-negative integer")
        }
        return count
    }
}
