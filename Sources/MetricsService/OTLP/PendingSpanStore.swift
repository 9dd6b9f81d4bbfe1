/// MongoDB queries for `otlp_pending_spans`: non-agent spans waiting for their agent span, possibly sent to
/// another server. Each document expires `expiresAt`; `deleteExpired` (run by every server's sweeper) removes
/// expired ones and says how many, so each dropped span is counted once, by the server that deleted it.
struct PendingSpanStore: Sendable {
    static let collection = "otlp_pending_spans"

    enum BSONKey {
        /// `"<trace hex>:<span hex>"`: a span parked twice is stored once.
        static let id = "_id"
        static let traceID = Static.traceID.description
        static let parent = "parent_span_id"
        static let models = "models"
        static let tools = "tools"
        static let tokens = "tokens"
        static let reportsUsage = "reports_usage"
        static let cost = "cost"
        static let expiresAt = "expires_at"

        /// The names `BSONWriter` writes, as static strings.
        enum Static {
            static let traceID: StaticString = "trace_id"
        }
    }

    /// `trace_id` serves the lookups, `expires_at` the sweeps.
    static let indexes = [MongoIndex(keys: [.init(BSONKey.traceID)]), MongoIndex(keys: [.init(BSONKey.expiresAt)])]

    let pool: MongoPool

    /// Stores `spans` until `expiresMs`; spans already parked (a re-sent export) are left as they are.
    func park(_ spans: [PendingSpan], expiresMs: Int64) async throws {
        guard !spans.isEmpty else { return }
        let documents = spans.map { Self.document($0, expiresMs: expiresMs) }
        _ = try await pool.withCollection(Self.collection) { collection in
            try collection.insertMany(try documents.map { try BSONDocument($0) }, ordered: false)
        }
    }

    /// The pending spans of `traces`, on a database thread (`OTLPExportWrite` looks them up in the hop that
    /// inserts the runs they fold into).
    static func find(traces: [TraceID], in collection: MongoCollection) throws -> [PendingSpan] {
        guard !traces.isEmpty else { return [] }
        return try filter(traces: traces).withBytes { try collection.find(filterBytes: $0) }.compactMap(Self.span)
    }

    /// `{trace_id: {$in: [<hex of each trace>]}}`, written as bytes with no `String` per trace: the lookup runs
    /// for every export, and building it as a `BSONValue` tree was as costly as the rest of our side of it.
    static func filter(traces: [TraceID]) -> BSONWriter {
        // Per trace: type, index key, length, 32 digits and a NUL.
        var writer = BSONWriter(capacity: 32 + traces.count * 48)
        let document = writer.beginDocument()
        let traceID = writer.beginDocument(BSONKey.Static.traceID)
        let list = writer.beginArray("$in")
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { hex in
            for (index, trace) in traces.enumerated() {
                trace.writeHex(into: hex, at: 0)
                writer.string(index: index, UnsafeBufferPointer(hex))
            }
        }
        writer.end(list)
        writer.end(traceID)
        writer.end(document)
        return writer
    }

    /// Deletes the pending spans `keys`.
    func delete(_ keys: [SpanKey]) async throws {
        guard !keys.isEmpty else { return }
        let filter: BSONValue = [BSONKey.id: ["$in": .array(keys.map { .string(Self.id($0)) })]]
        _ = try await pool.withCollection(Self.collection) { collection in
            try collection.deleteMany(BSONDocument(filter))
        }
    }

    /// Deletes the spans that expired before `nowMs`; returns how many.
    func deleteExpired(nowMs: Int64) async throws -> Int {
        let filter: BSONValue = [BSONKey.expiresAt: ["$lt": .date(nowMs)]]
        return try await pool.withCollection(Self.collection) { collection in
            try collection.deleteMany(BSONDocument(filter))
        }
    }

    static func id(_ key: SpanKey) -> String { key.trace.hex + ":" + Hex.string(key.span) }

    static func document(_ span: PendingSpan, expiresMs: Int64) -> BSONValue {
        let tokens = span.contribution.tokens
        return .document([
            (BSONKey.id, .string(id(span.key))),
            (BSONKey.traceID, .string(span.key.trace.hex)),
            (BSONKey.parent, .string(Hex.string(span.parent))),
            (BSONKey.models, .array(span.contribution.models.map(BSONValue.string))),
            (BSONKey.tools, .array(span.contribution.tools.map(BSONValue.string))),
            (
                BSONKey.tokens,
                .array([
                    .int64(tokens.input), .int64(tokens.output), .int64(tokens.cacheRead), .int64(tokens.cacheCreation),
                ])
            ),
            (BSONKey.reportsUsage, .bool(span.contribution.reportsUsage)),
            (BSONKey.cost, .double(span.contribution.cost)),
            (BSONKey.expiresAt, .date(expiresMs)),
        ])
    }

    /// Reads a stored pending span; nil for a document this version did not write (it expires like the others).
    static func span(_ document: BSONValue) -> PendingSpan? {
        guard let reader = try? BSONRecordReader(document, record: collection),
            let id = try? reader.string(BSONKey.id), let parentHex = try? reader.string(BSONKey.parent),
            id.utf8.count == 49, let trace = TraceID(hex: id.prefix(32)), let span = Hex.value(id.utf8.suffix(16)),
            let parent = Hex.value(parentHex.utf8),
            case .array(let counts)? = reader.value(BSONKey.tokens), counts.count == 4
        else { return nil }
        let values = counts.map { $0.int64Value ?? 0 }
        var contribution = SpanContribution()
        contribution.models = NameList((try? reader.stringArray(BSONKey.models)) ?? [])
        contribution.tools = NameList((try? reader.stringArray(BSONKey.tools)) ?? [])
        contribution.tokens = TokenUsage(
            input: max(0, values[0]), output: max(0, values[1]), cacheRead: max(0, values[2]),
            cacheCreation: max(0, values[3]))
        // nx-27017 may hand booleans back as 1/0.
        switch reader.value(BSONKey.reportsUsage) {
        case .bool(let flag)?: contribution.reportsUsage = flag
        case let value?: contribution.reportsUsage = (value.int64Value ?? 0) != 0
        case nil: break
        }
        let cost = (try? reader.optionalDouble(BSONKey.cost)) ?? 0
        contribution.cost = cost.isFinite && cost >= 0 ? cost : 0
        return PendingSpan(key: SpanKey(trace: trace, span: span), parent: parent, contribution: contribution)
    }
}
