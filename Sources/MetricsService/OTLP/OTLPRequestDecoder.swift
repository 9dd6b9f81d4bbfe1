import Foundation
import HTTPCore
import SwiftProtobuf

/// Reads the body of `POST /v1/traces`: its media type, its encoding (identity or gzip) and the spans of the
/// `ExportTraceServiceRequest` in it (binary protobuf through `OTLPWireReader`, JSON through swift-protobuf and
/// `OTLPSpanReader`).
enum OTLPRequestDecoder {
    /// The request's valid spans, its refused ones, and the type to answer in.
    static func decode(
        _ request: HTTPRequest, maxDecompressedBytes: Int, prices: PriceTable
    ) throws(APIError) -> (spans: ExportSpans, rejected: [SpanRejection], type: OTLPMediaType) {
        guard let contentType = request.headers["Content-Type"] else {
            throw .unsupportedOTLPType("Content-Type is missing")
        }
        guard let type = OTLPMediaType(contentType: contentType) else {
            throw .unsupportedOTLPType("Content-Type \"\(contentType)\" is not an OTLP encoding")
        }
        let body = try inflated(request, limit: maxDecompressedBytes)
        switch type {
        case .protobuf:
            do {
                let (spans, rejected) = try OTLPWireReader(prices: prices).read(body)
                return (spans, rejected, type)
            } catch {
                throw .invalidOTLP("the body is not a protobuf ExportTraceServiceRequest: \(error)")
            }
        case .json:
            do {
                var options = JSONDecodingOptions()
                // OTLP/JSON receivers must ignore fields they do not know (newer senders add some).
                options.ignoreUnknownFields = true
                var message = try OTLPExportRequest(jsonUTF8Bytes: body, options: options)
                OTLPJSONIDs.repair(&message)
                let (spans, rejected) = OTLPSpanReader(prices: prices).read(message)
                return (spans, rejected, type)
            } catch {
                throw .invalidOTLP("the body is not an OTLP/JSON ExportTraceServiceRequest: \(error)")
            }
        }
    }

    /// The body as sent (no encoding or `identity`) or inflated (`gzip`); any other encoding is a 415.
    private static func inflated(_ request: HTTPRequest, limit: Int) throws(APIError) -> [UInt8] {
        guard let encoding = request.headers["Content-Encoding"] else { return request.body }
        switch encoding.trimmingCharacters(in: .whitespaces).lowercased() {
        case "", "identity":
            return request.body
        case "gzip":
            do {
                return try Gzip.decompress(request.body, limit: limit)
            } catch {
                switch error {
                case .tooLarge(let limit): throw .inflatedTooLarge(limit: limit)
                case .corrupt(let reason): throw .invalidOTLP("the gzip body cannot be inflated: \(reason)")
                }
            }
        default:
            throw .unsupportedOTLPType("Content-Encoding \"\(encoding)\" is not supported")
        }
    }
}
