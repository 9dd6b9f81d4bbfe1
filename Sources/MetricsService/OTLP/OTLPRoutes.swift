import HTTPCore

/// `POST /v1/traces`: OTLP/HTTP trace export (protobuf or JSON, optionally gzip), answered with an
/// `ExportTraceServiceResponse` in the request's encoding.
struct OTLPRoutes: Sendable {
    static let path = "/v1/traces"

    let ingest: OTLPIngest
    let handler: APIHandler

    func register(in router: inout Router) {
        router.post(
            Self.path,
            handler.wrap(checkingJSONBody: false) { [ingest] request in
                let (spans, rejected, type) = try OTLPRequestDecoder.decode(
                    request, maxDecompressedBytes: ingest.configuration.maxDecompressedBytes,
                    prices: ingest.configuration.prices)
                let outcome = try await ingest.ingest(spans, invalid: rejected)
                return OTLPResponse.make(type: type, rejected: outcome.rejected, message: outcome.message)
            })
    }
}
