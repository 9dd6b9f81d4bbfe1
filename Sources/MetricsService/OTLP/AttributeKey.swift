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

    /// The keys' UTF-8 names for `init(utf8:)`.
    private static let names = NameTable()

    /// The key named `name`, or nil for one the mapping ignores.
    init?(name: String) {
        guard let key = Self.byName[name] else { return nil }
        self = key
    }

    /// The key whose UTF-8 name is `bytes`, or nil.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let key = Self.names.key(bytes) else { return nil }
        self = key
    }

    /// Every key's UTF-8 name back to back in one buffer, and an entry per key grouped by the name's length with
    /// its last bytes as one word: a name of the wrong length costs two array reads, one of the right length but
    /// other bytes a word comparison, and no entry holds a reference, so a scan retains nothing (an array per
    /// name was retained and released at each comparison).
    private struct NameTable {
        private struct Entry {
            var tail: UInt64
            var start: Int
            var key: AttributeKey
        }

        private let bytes: [UInt8]
        /// Sorted by name length.
        private let entries: [Entry]
        /// The entries of names of length `n` are `entries[lengthStarts[n]..<lengthStarts[n + 1]]`.
        private let lengthStarts: [Int]

        init() {
            let sorted = AttributeKey.allCases.map { ($0, Array($0.name.utf8)) }.sorted { $0.1.count < $1.1.count }
            var bytes: [UInt8] = []
            var entries: [Entry] = []
            var lengthStarts = [Int](repeating: 0, count: sorted.last!.1.count + 2)
            for (key, name) in sorted {
                entries.append(Entry(tail: name.withUnsafeBufferPointer(Self.tail), start: bytes.count, key: key))
                bytes += name
                lengthStarts[name.count + 1] = entries.count
            }
            // Lengths no name has start where the shorter names end.
            for length in lengthStarts.indices.dropFirst() {
                lengthStarts[length] = max(lengthStarts[length], lengthStarts[length - 1])
            }
            self.bytes = bytes
            self.entries = entries
            self.lengthStarts = lengthStarts
        }

        func key(_ name: UnsafeBufferPointer<UInt8>) -> AttributeKey? {
            guard name.count + 1 < lengthStarts.count else { return nil }
            let candidates = lengthStarts[name.count]..<lengthStarts[name.count + 1]
            guard !candidates.isEmpty else { return nil }
            let tail = Self.tail(name)
            return bytes.withUnsafeBufferPointer { bytes in
                for index in candidates where entries[index].tail == tail {
                    let entry = entries[index]
                    if UnsafeBufferPointer(rebasing: bytes[entry.start..<entry.start + name.count]).hasSameBytes(
                        as: name)
                    {
                        return entry.key
                    }
                }
                return nil
            }
        }

        /// The last 8 bytes of `bytes` (all of them when fewer) as one word.
        private static func tail(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var word: UInt64 = 0
            for byte in bytes.suffix(8) { word = word << 8 | UInt64(byte) }
            return word
        }
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
