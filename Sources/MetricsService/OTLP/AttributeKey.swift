/// The attribute keys the mapping reads (GenAI semantic conventions and a few resource keys). Matching a key to
/// this enum first lets the protobuf reader compare keys as bytes in the request buffer, with no `String` for the
/// keys it ignores.
enum AttributeKey: CaseIterable, Sendable {
    case operation, agentName, agentVersion, conversationID, endUser, user, errorType
    case requestModel, responseModel, toolName
    case inputTokens, promptTokens, outputTokens, completionTokens, cacheReadTokens, cacheCreationTokens, cost
    case serviceName, serviceNamespace, serviceVersion

    var name: String {
        switch self {
        case .operation: return "gen_ai.operation.name"
        case .agentName: return "gen_ai.agent.name"
        case .agentVersion: return "gen_ai.agent.version"
        case .conversationID: return "gen_ai.conversation.id"
        case .endUser: return "enduser.id"
        case .user: return "user.id"
        case .errorType: return "error.type"
        case .requestModel: return "gen_ai.request.model"
        case .responseModel: return "gen_ai.response.model"
        case .toolName: return "gen_ai.tool.name"
        case .inputTokens: return "gen_ai.usage.input_tokens"
        case .promptTokens: return "gen_ai.usage.prompt_tokens"
        case .outputTokens: return "gen_ai.usage.output_tokens"
        case .completionTokens: return "gen_ai.usage.completion_tokens"
        case .cacheReadTokens: return "gen_ai.usage.cache_read.input_tokens"
        case .cacheCreationTokens: return "gen_ai.usage.cache_creation.input_tokens"
        case .cost: return "gen_ai.usage.cost"
        case .serviceName: return "service.name"
        case .serviceNamespace: return "service.namespace"
        case .serviceVersion: return "service.version"
        }
    }

    private static let byName = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
    /// The keys' UTF-8 names grouped by length, each with its last bytes as one word, so a key of the wrong
    /// length costs one array lookup and one of the right length but other bytes a word comparison, not a `memcmp`.
    private static let utf8NamesByLength: [[(tail: UInt64, name: [UInt8], key: AttributeKey)]] = {
        var groups = [[(tail: UInt64, name: [UInt8], key: AttributeKey)]](
            repeating: [], count: allCases.map(\.name.utf8.count).max()! + 1)
        for key in allCases {
            let name = Array(key.name.utf8)
            groups[name.count].append((name.withUnsafeBufferPointer(tail), name, key))
        }
        return groups
    }()

    /// The last 8 bytes of `bytes` (all of them when fewer) as one word.
    private static func tail(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var word: UInt64 = 0
        for byte in bytes.suffix(8) { word = word << 8 | UInt64(byte) }
        return word
    }

    /// The key named `name`, or nil for one the mapping ignores.
    init?(name: String) {
        guard let key = Self.byName[name] else { return nil }
        self = key
    }

    /// The key whose UTF-8 name is `bytes`, or nil.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count < Self.utf8NamesByLength.count else { return nil }
        let group = Self.utf8NamesByLength[bytes.count]
        guard !group.isEmpty else { return nil }
        let tail = Self.tail(bytes)
        for entry in group
        where entry.tail == tail && entry.name.withUnsafeBufferPointer({ $0.hasSameBytes(as: bytes) }) {
            self = entry.key
            return
        }
        return nil
    }
}

/// An attribute's value as the mapping reads it: strings, integers and doubles; anything else is ignored.
enum AttributeValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case double(Double)
    case other

    /// An integer: an int, a double with no fraction within `Int64`, or a decimal string (some instrumentations
    /// record counts as strings).
    var integer: Int64? {
        switch self {
        case .integer(let integer): return integer
        case .double(let double) where double.rounded() == double && abs(double) < 9.2e18: return Int64(double)
        case .text(let text): return Int64(text)
        default: return nil
        }
    }

    /// A finite number: a double, an int, or a decimal string.
    var number: Double? {
        switch self {
        case .double(let double) where double.isFinite: return double
        case .integer(let integer): return Double(integer)
        case .text(let text): return Double(text).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }

    var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}
