import OTLPProto

// The generated OTLP messages under short names (Sources/OTLPProto, scripts/generate-otlp.sh).
typealias OTLPExportRequest = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
typealias OTLPExportResponse = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse
typealias OTLPResourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans
typealias OTLPProtoSpan = Opentelemetry_Proto_Trace_V1_Span
typealias OTLPKeyValue = Opentelemetry_Proto_Common_V1_KeyValue
typealias OTLPAnyValue = Opentelemetry_Proto_Common_V1_AnyValue

extension OTLPAnyValue {
    /// A string value.
    var text: String? {
        if case .stringValue(let text)? = value { return text }
        return nil
    }

    /// An integer value: an int, a double with no fraction within `Int64`, or a decimal string (some
    /// instrumentations record counts as strings).
    var integer: Int64? {
        switch value {
        case .intValue(let integer)?: return integer
        case .doubleValue(let double)? where double.rounded() == double && abs(double) < 9.2e18: return Int64(double)
        case .stringValue(let text)?: return Int64(text)
        default: return nil
        }
    }

    /// A finite number: a double, an int, or a decimal string.
    var number: Double? {
        switch value {
        case .doubleValue(let double)? where double.isFinite: return double
        case .intValue(let integer)?: return Double(integer)
        case .stringValue(let text)?: return Double(text).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }
}
