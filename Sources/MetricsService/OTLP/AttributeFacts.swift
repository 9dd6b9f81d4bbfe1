/// The GenAI semantic-convention attributes of one span, read in one pass over its attributes.
struct AttributeFacts {
    var operation = SpanOperation.other
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

    /// Reads one attribute; a value the run could not store (too long, a negative or non-numeric count, a cost
    /// outside `FieldBounds`) refuses the span. Resource keys are ignored here.
    mutating func read(_ key: AttributeKey, _ value: AttributeValue) throws(SpanRejection) {
        switch key {
        case .operation: operation = SpanOperation(value.text)
        case .agentName: agentName = try Self.text(key, value)
        case .agentVersion: agentVersion = try Self.text(key, value)
        case .conversationID: conversationID = try Self.text(key, value)
        case .endUser: endUser = try Self.text(key, value)
        case .user: user = try Self.text(key, value)
        case .errorType: errorType = try Self.text(key, value)
        case .requestModel: requestModel = try Self.text(key, value)
        case .responseModel: responseModel = try Self.text(key, value)
        case .toolName: toolName = try Self.text(key, value)
        case .inputTokens, .promptTokens:
            tokens.input = try Self.count(key, value)
            reportsUsage = true
        case .outputTokens, .completionTokens:
            tokens.output = try Self.count(key, value)
            reportsUsage = true
        case .cacheReadTokens:
            tokens.cacheRead = try Self.count(key, value)
            reportsUsage = true
        case .cacheCreationTokens:
            tokens.cacheCreation = try Self.count(key, value)
            reportsUsage = true
        case .cost:
            guard let dollars = value.number, (0...FieldBounds.maximumCost).contains(dollars) else {
                throw SpanRejection(reason: "gen_ai.usage.cost must be a number of dollars from 0 to 1000000")
            }
            cost = dollars
            reportsUsage = true
        case .serviceName, .serviceNamespace, .serviceVersion: return
        }
    }

    /// The span's own contribution: its models, its tool when it is an `execute_tool` span, its tokens and its
    /// cost (`gen_ai.usage.cost`, else its tokens at the response model's price, else the request model's).
    /// The models and the tool name are moved out of these facts (left nil), not copied: a retain and a release
    /// fewer per name.
    mutating func takeOwn(prices: PriceTable) -> SpanOwn {
        var own = SpanOwn()
        let requestModel = requestModel.take()
        let responseModel = responseModel.take()
        let toolName = toolName.take()
        if let cost {
            own.cost = cost
        } else if let model = responseModel ?? requestModel {
            own.cost = prices.cost(model: model, tokens: tokens)
        }
        if let responseModel, !responseModel.isEmpty, responseModel != requestModel {
            own.responseModel = responseModel
        }
        if let requestModel, !requestModel.isEmpty { own.requestModel = requestModel }
        if operation == .tool, let toolName, !toolName.isEmpty { own.tool = toolName }
        own.tokens = tokens
        own.reportsUsage = reportsUsage
        return own
    }

    private static func text(_ key: AttributeKey, _ value: AttributeValue) throws(SpanRejection) -> String? {
        guard let text = value.text else { return nil }
        guard text.utf8.count <= FieldBounds.maximumTextBytes else {
            throw SpanRejection(reason: "\(key.name) must be at most \(FieldBounds.maximumTextBytes) bytes")
        }
        return text
    }

    private static func count(_ key: AttributeKey, _ value: AttributeValue) throws(SpanRejection) -> Int64 {
        guard let count = value.integer, count >= 0 else {
            throw SpanRejection(reason: "\(key.name) must be a non-negative integer")
        }
        return count
    }
}
