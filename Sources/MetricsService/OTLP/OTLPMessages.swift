import OTLPProto

// The generated OTLP messages under short names (Sources/OTLPProto, scripts/generate-otlp.sh).
typealias OTLPExportRequest = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
typealias OTLPExportResponse = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse
typealias OTLPResourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans
typealias OTLPProtoSpan = Opentelemetry_Proto_Trace_V1_Span
typealias OTLPKeyValue = Opentelemetry_Proto_Common_V1_KeyValue
typealias OTLPAnyValue = Opentelemetry_Proto_Common_V1_AnyValue

extension OTLPAnyValue {
    /// The value as the mapping reads it.
    var attributeValue: AttributeValue {
        switch value {
        case .stringValue(let text)?: return .text(text)
        case .intValue(let integer)?: return .integer(integer)
        case .doubleValue(let double)?: return .double(double)
        default: return .other
        }
    }
}
