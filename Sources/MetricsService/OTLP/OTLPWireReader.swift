/// Reads a binary protobuf `ExportTraceServiceRequest` straight into `ExportSpans`, in place: only the fields the
/// mapping uses are looked at, attribute keys are compared as bytes, values stay byte ranges until they are read,
/// the operation name is classified from its bytes, and only kept values become `String`s (shared through a
/// `WireTextCache` when a value repeats).
///
/// Why not swift-protobuf's generated messages (still used for JSON): they cost ~19 µs of CPU per agent run of six
/// spans in `scripts/bench-otlp.sh`, twice the whole budget (BENCHMARKS.md, issue 14), mostly allocating a storage
/// object per span and a `String` per attribute key. `OTLPWireReaderTests` checks this reader against
/// swift-protobuf's decoding on seeded random requests.
///
/// Message layout (opentelemetry-proto v1): request 1=ResourceSpans; ResourceSpans 1=Resource, 2=ScopeSpans;
/// Resource 1=KeyValue; ScopeSpans 2=Span; Span 1=trace_id, 2=span_id, 4=parent_span_id, 7/8=start/end (fixed64),
/// 9=KeyValue, 15=Status (3=code); KeyValue 1=key, 2=AnyValue (1=string, 3=int, 4=double). Unknown fields, and
/// known ones sent with another wire type, are skipped; a message field sent twice is merged (the later fields
/// win); a malformed body is an error for the whole request. All as swift-protobuf does, which `OTLPFuzz` checks:
/// whatever swift-protobuf decodes, this reader decodes to the same spans (it validates less: fields the mapping
/// does not use are skipped unread).
struct OTLPWireReader {
    let prices: PriceTable

    func read(_ body: [UInt8]) throws(ProtoWireError) -> (spans: ExportSpans, rejected: [SpanRejection]) {
        var spans = ExportSpans()
        var rejected: [SpanRejection] = []
        var cache = WireTextCache()
        try body.withUnsafeBufferPointer { buffer throws(ProtoWireError) in
            // Allocated once (growing it was 3% of the samples). A body the count cannot walk gets the error
            // from the reading below, which reads in its own order.
            spans = ExportSpans(capacity: (try? Self.spanCount(buffer)) ?? 0)
            var request = ProtoWireCursor(buffer, range: 0..<buffer.count)
            while !request.isAtEnd {
                switch try request.tag() {
                case (1, .lengthDelimited):
                    try readResourceSpans(
                        buffer, request.lengthDelimited(), into: &spans, rejected: &rejected, cache: &cache)
                case let (field, type): try request.skip(type, field: field)
                }
            }
        }
        return (spans, rejected)
    }

    /// The smallest span that can be valid: a 16-byte trace id, an 8-byte span id and both times, with their tags.
    private static let smallestValidSpan = (2 + 16) + (2 + 8) + 2 * (1 + 8)

    /// How many spans of the request are large enough to be valid, walking only the messages around them: at
    /// least as many as `read` returns, and at most one per `smallestValidSpan` bytes of body.
    private static func spanCount(_ buffer: UnsafeBufferPointer<UInt8>) throws(ProtoWireError) -> Int {
        var count = 0
        var request = ProtoWireCursor(buffer, range: 0..<buffer.count)
        while !request.isAtEnd {
            let (field, type) = try request.tag()
            guard field == 1, type == .lengthDelimited else {
                try request.skip(type, field: field)
                continue
            }
            var resourceSpans = ProtoWireCursor(buffer, range: try request.lengthDelimited())
            while !resourceSpans.isAtEnd {
                switch try resourceSpans.tag() {
                case (2, .lengthDelimited):
                    var scopeSpans = ProtoWireCursor(buffer, range: try resourceSpans.lengthDelimited())
                    while !scopeSpans.isAtEnd {
                        let (field, type) = try scopeSpans.tag()
                        guard field == 2, type == .lengthDelimited else {
                            try scopeSpans.skip(type, field: field)
                            continue
                        }
                        if try scopeSpans.lengthDelimited().count >= smallestValidSpan { count += 1 }
                    }
                case let (field, type): try resourceSpans.skip(type, field: field)
                }
            }
        }
        return count
    }

    private func readResourceSpans(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into spans: inout ExportSpans,
        rejected: inout [SpanRejection], cache: inout WireTextCache
    ) throws(ProtoWireError) {
        // The resource may follow the spans on the wire (or come in several parts, merged): read it first.
        var resource = ResourceFacts()
        var cursor = ProtoWireCursor(buffer, range: range)
        while !cursor.isAtEnd {
            switch try cursor.tag() {
            case (1, .lengthDelimited):
                try readResource(buffer, cursor.lengthDelimited(), into: &resource, cache: &cache)
            case let (field, type): try cursor.skip(type, field: field)
            }
        }
        cursor = ProtoWireCursor(buffer, range: range)
        while !cursor.isAtEnd {
            switch try cursor.tag() {
            case (2, .lengthDelimited):
                var fields = ProtoWireCursor(buffer, range: try cursor.lengthDelimited())
                while !fields.isAtEnd {
                    switch try fields.tag() {
                    case (2, .lengthDelimited):
                        try span(
                            buffer, fields.lengthDelimited(), resource: resource, into: &spans, rejected: &rejected,
                            cache: &cache)
                    case let (field, type): try fields.skip(type, field: field)
                    }
                }
            case let (field, type): try cursor.skip(type, field: field)
            }
        }
    }

    private func readResource(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into resource: inout ResourceFacts,
        cache: inout WireTextCache
    ) throws(ProtoWireError) {
        var fields = ProtoWireCursor(buffer, range: range)
        while !fields.isAtEnd {
            switch try fields.tag() {
            case (1, .lengthDelimited):
                if let (key, value) = try keyValue(buffer, fields.lengthDelimited()) {
                    resource.read(key, try Self.attributeValue(value, buffer, cache: &cache))
                }
            case let (field, type): try fields.skip(type, field: field)
            }
        }
    }

    /// Reads a span into `spans`, or its refusal into `rejected`: an attribute value the mapping refuses makes the
    /// span a rejection, not an error. Finished here, so its fields move once, not through a `Result`.
    private func span(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, resource: ResourceFacts,
        into spans: inout ExportSpans, rejected: inout [SpanRejection], cache: inout WireTextCache
    ) throws(ProtoWireError) {
        var cursor = ProtoWireCursor(buffer, range: range)
        var fields = SpanFields()
        var refusal: SpanRejection?
        var statusCode: Int32 = 0
        while !cursor.isAtEnd {
            switch try cursor.tag() {
            case (1, .lengthDelimited):
                let bytes = try cursor.lengthDelimited()
                fields.traceIDCount = bytes.count
                fields.traceID =
                    bytes.count == 16
                    ? TraceID(high: cursor.bigEndian(bytes.prefix(8)), low: cursor.bigEndian(bytes.suffix(8)))
                    : TraceID(high: 0, low: 0)
            case (2, .lengthDelimited):
                let bytes = try cursor.lengthDelimited()
                fields.spanIDCount = bytes.count
                fields.spanID = cursor.bigEndian(bytes)
            case (4, .lengthDelimited):
                let bytes = try cursor.lengthDelimited()
                fields.parentCount = bytes.count
                fields.parent = cursor.bigEndian(bytes)
            case (7, .fixed64): fields.startNs = try cursor.fixed64()
            case (8, .fixed64): fields.endNs = try cursor.fixed64()
            case (9, .lengthDelimited):
                guard let (key, value) = try keyValue(buffer, cursor.lengthDelimited()), refusal == nil else {
                    continue
                }
                if key == .operation {
                    fields.facts.operation = Self.operation(value, buffer)
                    continue
                }
                let attribute = try Self.attributeValue(value, buffer, cache: &cache)
                do {
                    try fields.facts.read(key, attribute)
                } catch {
                    refusal = error
                }
            case (15, .lengthDelimited):
                statusCode = try Self.statusCode(buffer, cursor.lengthDelimited(), after: statusCode)
            case let (field, type): try cursor.skip(type, field: field)
            }
        }
        // STATUS_CODE_ERROR; the enum is read as swift-protobuf reads it, an Int32 cut from the varint.
        fields.failed = statusCode == 2
        if let refusal {
            rejected.append(refusal)
            return
        }
        do {
            try fields.finish(resource: resource, prices: prices, into: &spans)
        } catch {
            rejected.append(error)
        }
    }

    /// The status code once the `Status` in `range` is merged over one whose code was `previous`.
    private static func statusCode(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, after previous: Int32
    ) throws(ProtoWireError) -> Int32 {
        var cursor = ProtoWireCursor(buffer, range: range)
        var code = previous
        while !cursor.isAtEnd {
            switch try cursor.tag() {
            case (3, .varint): code = Int32(truncatingIfNeeded: try cursor.varint())
            case let (field, type): try cursor.skip(type, field: field)
            }
        }
        return code
    }

    /// The attribute in `range` when its key is one the mapping reads; nil for every other key.
    private func keyValue(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) throws(ProtoWireError) -> (AttributeKey, WireValue)? {
        if let (key, valueRange) = Self.canonicalKeyValue(buffer, range) {
            guard let key else { return nil }
            var value = WireValue.other
            try Self.readValue(buffer, valueRange, into: &value)
            return (key, value)
        }
        var cursor = ProtoWireCursor(buffer, range: range)
        var key: AttributeKey?
        var valueRange: Range<Int>?
        var valueCount = 0
        while !cursor.isAtEnd {
            switch try cursor.tag() {
            case (1, .lengthDelimited):
                key = AttributeKey(utf8: UnsafeBufferPointer(rebasing: buffer[try cursor.lengthDelimited()]))
            case (2, .lengthDelimited):
                valueRange = try cursor.lengthDelimited()
                valueCount += 1
            case let (field, type): try cursor.skip(type, field: field)
            }
        }
        guard let key else { return nil }
        var value = WireValue.other
        if valueCount > 1 {
            // Sent in parts: merged in order, like any message field sent twice.
            cursor = ProtoWireCursor(buffer, range: range)
            while !cursor.isAtEnd {
                switch try cursor.tag() {
                case (2, .lengthDelimited):
                    try Self.readValue(buffer, cursor.lengthDelimited(), into: &value)
                case let (field, type): try cursor.skip(type, field: field)
                }
            }
        } else if let valueRange {
            try Self.readValue(buffer, valueRange, into: &value)
        }
        return (key, value)
    }

    /// The key and value range of a `KeyValue` laid out as the SDKs write it: the key (field 1), then one value
    /// (field 2), each with a one-byte length and nothing else. The general walk reads such a message the same
    /// way, with a cursor and a switch per field; this takes four byte loads (reading the bench's agent runs:
    /// −10% in process, BENCHMARKS.md "OTLP ingest, seventh pass"). Nil for any other layout, which the walk reads.
    @inline(__always)
    private static func canonicalKeyValue(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) -> (key: AttributeKey?, value: Range<Int>)? {
        let start = range.lowerBound
        guard range.count >= 4, buffer[start] == 0x0A else { return nil }
        let keyLength = Int(buffer[start + 1])
        let valueTag = start + 2 + keyLength
        guard keyLength < 0x80, valueTag + 2 <= range.upperBound, buffer[valueTag] == 0x12 else { return nil }
        let valueLength = Int(buffer[valueTag + 1])
        guard valueLength < 0x80, valueTag + 2 + valueLength == range.upperBound else { return nil }
        let key = AttributeKey(utf8: UnsafeBufferPointer(rebasing: buffer[start + 2..<valueTag]))
        return (key, valueTag + 2..<range.upperBound)
    }

    /// Merges the `AnyValue` in `range` into `value`: its last `value` member wins; members the mapping does not
    /// read (bool, array, kvlist, bytes) make it `.other`.
    private static func readValue(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into value: inout WireValue
    ) throws(ProtoWireError) {
        var cursor = ProtoWireCursor(buffer, range: range)
        while !cursor.isAtEnd {
            switch try cursor.tag() {
            case (1, .lengthDelimited): value = .text(try cursor.lengthDelimited())
            case (3, .varint): value = .integer(Int64(bitPattern: try cursor.varint()))
            case (4, .fixed64): value = .double(Double(bitPattern: try cursor.fixed64()))
            case let (field, type):
                try cursor.skip(type, field: field)
                if (field == 2 && type == .varint) || ((5...7).contains(field) && type == .lengthDelimited) {
                    value = .other
                }
            }
        }
    }

    /// An attribute value as read from the wire: a text is still a range of the body.
    private enum WireValue {
        case text(Range<Int>)
        case integer(Int64)
        case double(Double)
        case other
    }

    /// `value` as the mapping reads it; its text becomes a `String` here, through the cache.
    private static func attributeValue(
        _ value: WireValue, _ buffer: UnsafeBufferPointer<UInt8>, cache: inout WireTextCache
    ) throws(ProtoWireError) -> AttributeValue {
        switch value {
        case .text(let range):
            guard let text = cache.text(UnsafeBufferPointer(rebasing: buffer[range])) else {
                throw ProtoWireError(reason: "a string is not UTF-8")
            }
            return .text(text)
        case .integer(let integer): return .integer(integer)
        case .double(let double): return .double(double)
        case .other: return .other
        }
    }

    /// The operation `value` names, from its bytes (a value that is not a text names none).
    private static func operation(_ value: WireValue, _ buffer: UnsafeBufferPointer<UInt8>) -> SpanOperation {
        guard case .text(let range) = value else { return .other }
        return SpanOperation(utf8: UnsafeBufferPointer(rebasing: buffer[range]))
    }
}
