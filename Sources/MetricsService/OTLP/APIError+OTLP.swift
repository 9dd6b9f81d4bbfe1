extension APIError {
    /// 400 `invalid_otlp`: the body is not an `ExportTraceServiceRequest` in its declared encoding.
    static func invalidOTLP(_ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_otlp", message: message)
    }

    /// 415 `unsupported_media_type` for `/v1/traces`, which reads only OTLP's two encodings.
    static func unsupportedOTLPType(_ what: String) -> APIError {
        APIError(
            .unsupportedMediaType, code: "unsupported_media_type",
            message: "\(what); send Content-Type application/x-protobuf or application/json, "
                + "optionally with Content-Encoding gzip")
    }

    /// 413 `body_too_large`: the body inflates past the limit.
    static func inflatedTooLarge(limit: Int) -> APIError {
        APIError(
            .payloadTooLarge, code: "body_too_large",
            message: "the gzip body inflates to more than \(limit) bytes; send smaller exports")
    }
}
