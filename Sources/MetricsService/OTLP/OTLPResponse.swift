import HTTPCore
import SwiftProtobuf

/// The `ExportTraceServiceResponse` of an export, in the request's encoding, with `partialSuccess` when spans were
/// refused or dropped.
enum OTLPResponse {
    static func make(type: OTLPMediaType, rejected: Int, message: String) -> HTTPResponse {
        var response = OTLPExportResponse()
        if rejected > 0 {
            response.partialSuccess.rejectedSpans = Int64(rejected)
            response.partialSuccess.errorMessage = message
        }
        let body: [UInt8]
        do {
            switch type {
            case .protobuf: body = try response.serializedBytes()
            case .json: body = try response.jsonUTF8Bytes()
            }
        } catch {
            // Only the two fields above are set: encoding them cannot fail.
            preconditionFailure("ExportTraceServiceResponse did not encode: \(error)")
        }
        return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType)]), body: body)
    }
}
