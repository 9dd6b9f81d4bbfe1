import Foundation

/// Turns an export request into the spans the run mapping uses, refusing the spans it cannot use (bad ids,
/// times, names or values) one by one: a bad span never fails its export.
struct OTLPSpanReader: Sendable {
    let prices: PriceTable

    /// The resource attributes every span of a `ResourceSpans` inherits.
    private struct ResourceFacts {
        var serviceName: String?
        var serviceNamespace: String?
        var serviceVersion: String?

        init(_ attributes: [OTLPKeyValue]) {
            for attribute in attributes {
                switch attribute.key {
                case "service.name": serviceName = attribute.value.text
                case "service.namespace": serviceNamespace = attribute.value.text
                case "service.version": serviceVersion = attribute.value.text
                default: continue
                }
            }
        }
    }

    /// Every span of `request`, valid ones in export order, and the reasons of the refused ones.
    func read(_ request: OTLPExportRequest) -> (spans: [OTLPSpan], rejected: [SpanRejection]) {
        var spans: [OTLPSpan] = []
        var rejected: [SpanRejection] = []
        for resourceSpans in request.resourceSpans {
            let resource = ResourceFacts(resourceSpans.resource.attributes)
            for scopeSpans in resourceSpans.scopeSpans {
                spans.reserveCapacity(spans.count + scopeSpans.spans.count)
                for span in scopeSpans.spans {
                    do {
                        spans.append(try read(span, resource: resource))
                    } catch {
                        rejected.append(error)
                    }
                }
            }
        }
        return (spans, rejected)
    }

    private func read(_ span: OTLPProtoSpan, resource: ResourceFacts) throws(SpanRejection) -> OTLPSpan {
        guard span.traceID.count == 16, span.traceID.contains(where: { $0 != 0 }) else {
            throw SpanRejection(reason: "traceId must be 16 bytes, not all zero (got \(span.traceID.count))")
        }
        guard span.spanID.count == 8, span.spanID.contains(where: { $0 != 0 }) else {
            throw SpanRejection(reason: "spanId must be 8 bytes, not all zero (got \(span.spanID.count))")
        }
        guard span.parentSpanID.isEmpty || span.parentSpanID.count == 8 else {
            throw SpanRejection(reason: "parentSpanId must be empty or 8 bytes (got \(span.parentSpanID.count))")
        }
        guard span.startTimeUnixNano > 0, span.endTimeUnixNano >= span.startTimeUnixNano else {
            throw SpanRejection(reason: "startTimeUnixNano must be set and not after endTimeUnixNano")
        }
        let trace = TraceID(
            high: Hex.bigEndian(span.traceID.prefix(8)), low: Hex.bigEndian(span.traceID.suffix(8)))
        let parent = span.parentSpanID.isEmpty ? 0 : Hex.bigEndian(span.parentSpanID)
        var facts = AttributeFacts()
        for attribute in span.attributes { try facts.read(attribute) }
        var result = OTLPSpan(
            key: SpanKey(trace: trace, span: Hex.bigEndian(span.spanID)), parent: parent == 0 ? nil : parent,
            isAgent: facts.operation == "invoke_agent" || facts.operation == "invoke_workflow",
            startNs: span.startTimeUnixNano, endNs: span.endTimeUnixNano)
        result.failed = span.status.code == .error
        result.errorType = facts.errorType
        result.conversationID = facts.conversationID
        result.initiator = facts.endUser ?? facts.user
        result.costAttribute = facts.cost
        result.own = facts.contribution(prices: prices)
        guard result.isAgent else { return result }
        result.agentName = facts.agentName ?? resource.serviceName ?? ""
        result.agentVersion = facts.agentVersion ?? resource.serviceVersion ?? OTLPSpan.unknownVersion
        result.project = resource.serviceNamespace
        try Self.checkName(result.agentName, "the agent name (gen_ai.agent.name or service.name)")
        try Self.checkName(result.agentVersion, "gen_ai.agent.version")
        guard Double(span.endTimeUnixNano - span.startTimeUnixNano) / 1e9 <= FieldBounds.maximumTimeTakenSeconds
        else {
            throw SpanRejection(reason: "an agent span must last at most 30 days")
        }
        return result
    }

    /// Agent names and versions are looked up by value and shown in the API, like registered ones.
    private static func checkName(_ name: String, _ what: String) throws(SpanRejection) {
        guard !name.isEmpty else { throw SpanRejection(reason: "\(what) is missing") }
        guard !ObjectIDText.isValid(name) else {
            throw SpanRejection(reason: "\(what) must not be 24 hex digits, which would read as an agent id")
        }
        guard !FieldBounds.containsNUL(name) else { throw SpanRejection(reason: "\(what) \(FieldBounds.nulText)") }
    }
}
