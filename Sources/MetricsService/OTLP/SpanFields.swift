/// A span's fields as either decoder found them, before validation: `OTLPSpanReader` (swift-protobuf messages,
/// for JSON) and `OTLPWireReader` (binary protobuf read in place) both fill one and finish it the same way.
struct SpanFields {
    /// Byte counts of the ids as sent; the values are their big-endian bytes (when the count is right).
    var traceIDCount = 0
    var traceID = TraceID(high: 0, low: 0)
    var spanIDCount = 0
    var spanID: UInt64 = 0
    var parentCount = 0
    var parent: UInt64 = 0
    var startNs: UInt64 = 0
    var endNs: UInt64 = 0
    var failed = false
    var facts = AttributeFacts()

    /// Adds the span to `export`, or says why it is refused. The facts' strings are moved into the span (taken,
    /// leaving these fields spent), not retained there and released here. Mutating rather than consuming: a
    /// consuming call copied the whole ~280-byte value to a temporary first, 5% of reading an export in process
    /// (BENCHMARKS.md, "OTLP ingest, eighth pass").
    mutating func finish(
        resource: ResourceFacts, prices: PriceTable, into export: inout ExportSpans
    ) throws(SpanRejection) {
        guard traceIDCount == 16, traceID.high != 0 || traceID.low != 0 else {
            throw SpanRejection(reason: "traceId must be 16 bytes, not all zero (got \(traceIDCount))")
        }
        guard spanIDCount == 8, spanID != 0 else {
            throw SpanRejection(reason: "spanId must be 8 bytes, not all zero (got \(spanIDCount))")
        }
        guard parentCount == 0 || parentCount == 8 else {
            throw SpanRejection(reason: "parentSpanId must be empty or 8 bytes (got \(parentCount))")
        }
        guard startNs > 0, endNs >= startNs else {
            throw SpanRejection(reason: "startTimeUnixNano must be set and not after endTimeUnixNano")
        }
        let key = SpanKey(trace: traceID, span: spanID)
        let own = facts.takeOwn(prices: prices)
        // A span that is not an agent only adds its contribution to a run: the rest is read for agent spans only.
        guard facts.operation == .agent else {
            export.append(key: key, parent: parent == 0 ? nil : parent, own: own)
            return
        }
        var agent = AgentSpan(startNs: startNs, endNs: endNs)
        agent.failed = failed
        // Moved out of the facts, which are dropped here, rather than copied.
        agent.errorType = facts.errorType.take()
        agent.conversationID = facts.conversationID.take()
        agent.initiator = facts.endUser.take() ?? facts.user.take()
        agent.costAttribute = facts.cost
        agent.agentName = facts.agentName.take() ?? resource.serviceName ?? ""
        agent.agentVersion = facts.agentVersion.take() ?? resource.serviceVersion ?? AgentSpan.unknownVersion
        agent.project = resource.serviceNamespace
        try Self.checkName(agent.agentName, "the agent name (gen_ai.agent.name or service.name)")
        try Self.checkName(agent.agentVersion, "gen_ai.agent.version")
        if let project = agent.project,
            project.utf8.count > FieldBounds.maximumTextBytes || FieldBounds.containsNUL(project)
        {
            throw SpanRejection(
                reason: "service.namespace must be at most \(FieldBounds.maximumTextBytes) bytes, without NUL")
        }
        guard Double(endNs - startNs) / 1e9 <= FieldBounds.maximumTimeTakenSeconds else {
            throw SpanRejection(reason: "an agent span must last at most 30 days")
        }
        export.append(key: key, parent: parent == 0 ? nil : parent, own: own, agent: agent)
    }

    /// Agent names and versions are looked up by value and shown in the API, like registered ones.
    private static func checkName(_ name: String, _ what: String) throws(SpanRejection) {
        guard !name.isEmpty else { throw SpanRejection(reason: "\(what) is missing") }
        guard name.utf8.count <= FieldBounds.maximumTextBytes else {
            throw SpanRejection(reason: "\(what) must be at most \(FieldBounds.maximumTextBytes) bytes")
        }
        guard !ObjectIDText.isValid(name) else {
            throw SpanRejection(reason: "\(what) must not be 24 hex digits, which would read as an agent id")
        }
        guard !FieldBounds.containsNUL(name) else { throw SpanRejection(reason: "\(what) \(FieldBounds.nulText)") }
    }
}

/// The resource attributes every span of a `ResourceSpans` inherits.
struct ResourceFacts {
    var serviceName: String?
    var serviceNamespace: String?
    var serviceVersion: String?

    mutating func read(_ key: AttributeKey, _ value: AttributeValue) {
        switch key {
        case .serviceName: serviceName = value.text
        case .serviceNamespace: serviceNamespace = value.text
        case .serviceVersion: serviceVersion = value.text
        default: return
        }
    }
}
