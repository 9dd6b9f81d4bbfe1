/// Reads a binary protobuf `ExportTraceServiceRequest` straight into `OTLPSpan`s, in place: only the fields the
/// mapping uses are looked at, attribute keys are compared as bytes, and only kept values become `String`s.
///
/// Why not swift-protobuf's generated messages (still used for JSON): they cost ~19 µs of CPU per agent run of six
/// spans in `scripts/bench-otlp.sh`, twice the whole budget (BENCHMARKS.md, issue 14), mostly allocating a storage
/// object per span and a `String` per attribute key. `OTLPWireReaderTests` checks this reader against
/// swift-protobuf's decoding on seeded random requests.
///
/// Message layout (opentelemetry-proto v1): request 1=ResourceSpans; ResourceSpans 1=Resource, 2=ScopeSpans;
/// Resource 1=KeyValue; ScopeSpans 2=Span; Span 1=trace_id, 2=span_id, 4=parent_span_id, 7/8=start/end (fixed64),
/// 9=KeyValue, 15=Status (3=code); KeyValue 1=key, 2=AnyValue (1=string, 3=int, 4=double). Unknown fields are
/// skipped; a malformed body is an error for the whole request, as it is with swift-protobuf.
struct OTLPWireReader {
    let prices: PriceTable

    func read(_ body: [UInt8]) throws(ProtoWireError) -> (spans: [OTLPSpan], rejected: [SpanRejection]) {
        var spans: [OTLPSpan] = []
        var rejected: [SpanRejection] = []
        try body.withUnsafeBufferPointer { buffer throws(ProtoWireError) in
            var request = ProtoWireCursor(buffer, range: 0..<buffer.count)
            while !request.isAtEnd {
                let (field, type) = try request.tag()
                guard field == 1 else {
                    try request.skip(type)
                    continue
                }
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                try readResourceSpans(buffer, request.lengthDelimited(), into: &spans, rejected: &rejected)
            }
        }
        return (spans, rejected)
    }

    private func readResourceSpans(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into spans: inout [OTLPSpan],
        rejected: inout [SpanRejection]
    ) throws(ProtoWireError) {
        // The resource may follow the spans on the wire: find both first.
        var cursor = ProtoWireCursor(buffer, range: range)
        var resourceRange: Range<Int>?
        var scopes: [Range<Int>] = []
        while !cursor.isAtEnd {
            let (field, type) = try cursor.tag()
            switch field {
            case 1:
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                resourceRange = try cursor.lengthDelimited()
            case 2:
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                scopes.append(try cursor.lengthDelimited())
            default: try cursor.skip(type)
            }
        }
        var resource = ResourceFacts()
        if let resourceRange {
            var fields = ProtoWireCursor(buffer, range: resourceRange)
            while !fields.isAtEnd {
                let (field, type) = try fields.tag()
                guard field == 1 else {
                    try fields.skip(type)
                    continue
                }
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                if let (key, value) = try keyValue(buffer, fields.lengthDelimited()) { resource.read(key, value) }
            }
        }
        for scope in scopes {
            var fields = ProtoWireCursor(buffer, range: scope)
            while !fields.isAtEnd {
                let (field, type) = try fields.tag()
                guard field == 2 else {
                    try fields.skip(type)
                    continue
                }
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                let span = try self.span(buffer, fields.lengthDelimited())
                do {
                    spans.append(try span.get().finish(resource: resource, prices: prices))
                } catch {
                    rejected.append(error)
                }
            }
        }
    }

    /// A span's fields; an attribute value the mapping refuses makes the span a rejection, not an error.
    private func span(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) throws(ProtoWireError) -> Result<SpanFields, SpanRejection> {
        var cursor = ProtoWireCursor(buffer, range: range)
        var fields = SpanFields()
        var refusal: SpanRejection?
        while !cursor.isAtEnd {
            let (field, type) = try cursor.tag()
            switch field {
            case 1, 2, 4:
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                let bytes = try cursor.lengthDelimited()
                if field == 1 {
                    fields.traceIDCount = bytes.count
                    if bytes.count == 16 {
                        fields.traceID = TraceID(
                            high: cursor.bigEndian(bytes.prefix(8)), low: cursor.bigEndian(bytes.suffix(8)))
                    }
                } else if field == 2 {
                    fields.spanIDCount = bytes.count
                    fields.spanID = cursor.bigEndian(bytes)
                } else {
                    fields.parentCount = bytes.count
                    fields.parent = cursor.bigEndian(bytes)
                }
            case 7, 8:
                try ProtoWireCursor.expect(type, .fixed64, field: field)
                let nanoseconds = try cursor.fixed64()
                if field == 7 { fields.startNs = nanoseconds } else { fields.endNs = nanoseconds }
            case 9:
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                guard let (key, value) = try keyValue(buffer, cursor.lengthDelimited()), refusal == nil else {
                    continue
                }
                do {
                    try fields.facts.read(key, value)
                } catch {
                    refusal = error
                }
            case 15:
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                fields.failed = try statusCode(buffer, cursor.lengthDelimited()) == 2
            default:
                try cursor.skip(type)
            }
        }
        if let refusal { return .failure(refusal) }
        return .success(fields)
    }

    private func statusCode(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(ProtoWireError) -> UInt64
    {
        var cursor = ProtoWireCursor(buffer, range: range)
        var code: UInt64 = 0
        while !cursor.isAtEnd {
            let (field, type) = try cursor.tag()
            if field == 3 {
                try ProtoWireCursor.expect(type, .varint, field: field)
                code = try cursor.varint()
            } else {
                try cursor.skip(type)
            }
        }
        return code
    }

    /// The attribute in `range` when its key is one the mapping reads; nil for every other key.
    private func keyValue(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) throws(ProtoWireError) -> (AttributeKey, AttributeValue)? {
        var cursor = ProtoWireCursor(buffer, range: range)
        var key: AttributeKey?
        var valueRange: Range<Int>?
        while !cursor.isAtEnd {
            let (field, type) = try cursor.tag()
            switch field {
            case 1:
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                key = AttributeKey(utf8: buffer[try cursor.lengthDelimited()])
            case 2:
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                valueRange = try cursor.lengthDelimited()
            default: try cursor.skip(type)
            }
        }
        guard let key else { return nil }
        guard let valueRange else { return (key, .other) }
        var value = ProtoWireCursor(buffer, range: valueRange)
        var result = AttributeValue.other
        while !value.isAtEnd {
            let (field, type) = try value.tag()
            switch field {
            case 1:
                try ProtoWireCursor.expect(type, .lengthDelimited, field: field)
                let text = try value.lengthDelimited()
                guard let string = value.text(text) else { throw ProtoWireError(reason: "a string is not UTF-8") }
                result = .text(string)
            case 3:
                try ProtoWireCursor.expect(type, .varint, field: field)
                result = .integer(Int64(bitPattern: try value.varint()))
            case 4:
                try ProtoWireCursor.expect(type, .fixed64, field: field)
                result = .double(Double(bitPattern: try value.fixed64()))
            default:
                try value.skip(type)
                result = .other
            }
        }
        return (key, result)
    }
}
