import Foundation

/// OTLP/JSON writes trace and span ids as hex (32 and 16 digits), where the protobuf JSON mapping that
/// swift-protobuf implements expects base64 for `bytes`. Hex digits are all base64 characters and both lengths
/// are multiples of 4, so the decoder reads a hex id as base64 without complaint, giving 24 (or 12) bytes whose
/// base64 text is exactly the hex sent. `repair` turns those back: re-encode, then read as hex. An id that was
/// really base64 (16 or 8 bytes, as some older exporters send) is left as it is; anything else keeps a wrong length
/// and the span is refused by `OTLPSpanReader`.
enum OTLPJSONIDs {
    /// Rewrites every span's hex-read ids in `request`.
    static func repair(_ request: inout OTLPExportRequest) {
        for r in request.resourceSpans.indices {
            for s in request.resourceSpans[r].scopeSpans.indices {
                for i in request.resourceSpans[r].scopeSpans[s].spans.indices {
                    var span = request.resourceSpans[r].scopeSpans[s].spans[i]
                    span.traceID = repaired(span.traceID, hexDigits: 32)
                    span.spanID = repaired(span.spanID, hexDigits: 16)
                    span.parentSpanID = repaired(span.parentSpanID, hexDigits: 16)
                    request.resourceSpans[r].scopeSpans[s].spans[i] = span
                }
            }
        }
    }

    /// The id's real bytes when `bytes` is the base64 reading of `hexDigits` hex digits; `bytes` otherwise.
    static func repaired(_ bytes: Data, hexDigits: Int) -> Data {
        guard bytes.count == hexDigits / 4 * 3 else { return bytes }
        let text = Array(bytes.base64EncodedString().utf8)
        guard text.count == hexDigits else { return bytes }
        var result = Data(capacity: hexDigits / 2)
        var index = 0
        while index < text.count {
            guard let byte = Hex.value(text[index..<index + 2]) else { return bytes }
            result.append(UInt8(byte))
            index += 2
        }
        return result
    }
}
