import Foundation

/// Turns a decoded export request (from the JSON mapping, through swift-protobuf) into the spans the run mapping
/// uses, refusing the spans it cannot use one by one: a bad span never fails its export.
struct OTLPSpanReader: Sendable {
    let prices: PriceTable

    /// Every span of `request`, valid ones in export order, and the reasons of the refused ones.
    func read(_ request: OTLPExportRequest) -> (spans: ExportSpans, rejected: [SpanRejection]) {
        var spans = ExportSpans()
        var rejected: [SpanRejection] = []
        for resourceSpans in request.resourceSpans {
            var resource = ResourceFacts()
            for attribute in resourceSpans.resource.attributes {
                if let key = AttributeKey(name: attribute.key) { resource.read(key, attribute.value.attributeValue) }
            }
            for scopeSpans in resourceSpans.scopeSpans {
                for span in scopeSpans.spans {
                    do {
                        var fields = try fields(span)
                        try fields.finish(resource: resource, prices: prices, into: &spans)
                    } catch {
                        rejected.append(error)
                    }
                }
            }
        }
        return (spans, rejected)
    }

    private func fields(_ span: OTLPProtoSpan) throws(SpanRejection) -> SpanFields {
        var fields = SpanFields()
        fields.traceIDCount = span.traceID.count
        if span.traceID.count == 16 {
            fields.traceID = TraceID(
                high: Hex.bigEndian(span.traceID.prefix(8)), low: Hex.bigEndian(span.traceID.suffix(8)))
        }
        fields.spanIDCount = span.spanID.count
        if span.spanID.count == 8 { fields.spanID = Hex.bigEndian(span.spanID) }
        fields.parentCount = span.parentSpanID.count
        if span.parentSpanID.count == 8 { fields.parent = Hex.bigEndian(span.parentSpanID) }
        fields.startNs = span.startTimeUnixNano
        fields.endNs = span.endTimeUnixNano
        fields.failed = span.status.code == .error
        for attribute in span.attributes {
            if let key = AttributeKey(name: attribute.key) {
                try fields.facts.read(key, attribute.value.attributeValue)
            }
        }
        return fields
    }
}
