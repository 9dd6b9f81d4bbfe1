/// The OpenTelemetry side of a run that arrived over OTLP (`POST /v1/traces`): which span it was, why it failed,
/// and the tokens it used. Runs posted as JSON have none.
public struct RunTrace: Sendable, Equatable {
    /// 32 lowercase hex digits.
    public var traceID: String
    /// 16 lowercase hex digits; the run's `id` is derived from it (see `OTLPRunBuilder.runID(spanID:)`).
    public var spanID: String
    /// The span's `error.type`, when it failed and said why.
    public var errorType: String?
    /// `gen_ai.conversation.id`.
    public var conversationID: String?
    /// Summed over the agent span's descendants (see `SpanContribution`).
    public var tokens: TokenUsage

    public init(
        traceID: String, spanID: String, errorType: String? = nil, conversationID: String? = nil,
        tokens: TokenUsage = .zero
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.errorType = errorType
        self.conversationID = conversationID
        self.tokens = tokens
    }
}

extension RunTrace {
    /// Field names on `agent_runs` documents (absent on runs without a trace).
    public enum BSONKey {
        public static let traceID = Static.traceID.description
        public static let spanID = Static.spanID.description
        public static let errorType = Static.errorType.description
        public static let conversationID = Static.conversationID.description
        public static let tokens = Static.tokens.description
        public static let input = Static.input.description
        public static let output = Static.output.description
        public static let cacheRead = Static.cacheRead.description
        public static let cacheCreation = Static.cacheCreation.description

        /// The names as static strings for `BSONWriter` (as `AgentRun.BSONKey.Static`).
        enum Static {
            static let traceID: StaticString = "trace_id"
            static let spanID: StaticString = "span_id"
            static let errorType: StaticString = "error_type"
            static let conversationID: StaticString = "conversation_id"
            static let tokens: StaticString = "tokens"
            static let input: StaticString = "input"
            static let output: StaticString = "output"
            static let cacheRead: StaticString = "cache_read"
            static let cacheCreation: StaticString = "cache_creation"
        }
    }

    /// The members appended to the run's document.
    var bsonFields: [(String, BSONValue)] {
        [
            (BSONKey.traceID, .string(traceID)),
            (BSONKey.spanID, .string(spanID)),
            (BSONKey.errorType, errorType.map(BSONValue.string) ?? .null),
            (BSONKey.conversationID, conversationID.map(BSONValue.string) ?? .null),
            (
                BSONKey.tokens,
                .document([
                    (BSONKey.input, .int64(tokens.input)),
                    (BSONKey.output, .int64(tokens.output)),
                    (BSONKey.cacheRead, .int64(tokens.cacheRead)),
                    (BSONKey.cacheCreation, .int64(tokens.cacheCreation)),
                ])
            ),
        ]
    }

    /// Reads the trace members of a run document; nil when it has none.
    init?(reader: BSONRecordReader) throws(StorageError) {
        guard let traceID = try reader.optionalString(BSONKey.traceID) else { return nil }
        let tokens = try reader.value(BSONKey.tokens).map { value throws(StorageError) in
            let counts = try BSONRecordReader(value, record: "agent_runs.tokens")
            return TokenUsage(
                input: try counts.optionalInt64(BSONKey.input) ?? 0,
                output: try counts.optionalInt64(BSONKey.output) ?? 0,
                cacheRead: try counts.optionalInt64(BSONKey.cacheRead) ?? 0,
                cacheCreation: try counts.optionalInt64(BSONKey.cacheCreation) ?? 0)
        }
        self.init(
            traceID: traceID, spanID: try reader.optionalString(BSONKey.spanID) ?? "",
            errorType: try reader.optionalString(BSONKey.errorType),
            conversationID: try reader.optionalString(BSONKey.conversationID), tokens: tokens ?? .zero)
    }

    /// `"trace_id","span_id","error_type","conversation_id","tokens":{...}` inside the run's object.
    func writeJSONMembers(to writer: inout JSONWriter) {
        writer.key("trace_id")
        writer.string(traceID)
        writer.key("span_id")
        writer.string(spanID)
        writer.key("error_type")
        if let errorType { writer.string(errorType) } else { writer.null() }
        writer.key("conversation_id")
        if let conversationID { writer.string(conversationID) } else { writer.null() }
        writer.key("tokens")
        writer.beginObject()
        writer.key("input")
        writer.int(tokens.input)
        writer.key("output")
        writer.int(tokens.output)
        writer.key("cache_read")
        writer.int(tokens.cacheRead)
        writer.key("cache_creation")
        writer.int(tokens.cacheCreation)
        writer.endObject()
    }
}
