import HTTPCore

/// The two bodies OTLP/HTTP defines: binary protobuf (what the SDKs send by default) and the JSON mapping.
/// The response is written in the request's type.
enum OTLPMediaType: Sendable, Equatable {
    case protobuf
    case json

    /// The type a `Content-Type` value names (parameters such as `charset` ignored), or nil for any other.
    init?(contentType: String) {
        var bytes = Substring(contentType).utf8[...]
        if let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) { bytes = bytes[..<semicolon] }
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        if bytes.elementsEqualIgnoringASCIICase("application/x-protobuf".utf8) {
            self = .protobuf
        } else if bytes.elementsEqualIgnoringASCIICase("application/json".utf8) {
            self = .json
        } else {
            return nil
        }
    }

    /// The `Content-Type` of a response in this type.
    var contentType: String {
        switch self {
        case .protobuf: return "application/x-protobuf"
        case .json: return "application/json"
        }
    }
}
