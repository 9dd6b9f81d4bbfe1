import HTTPCore

/// `GET /openapi.yaml`: the API's OpenAPI 3.1 contract, so clients can be generated from the server they talk to.
///
/// The text is the repository's `openapi.yaml`, compiled in by SwiftPM (`.embedInCode` through the symlink
/// `OpenAPI/openapi.yaml`), so the document served is byte for byte the one the contract tests check, and editors
/// and linters see a plain YAML file. The response is built once.
public enum OpenAPIDocument {
    /// The document's path (an open route: see `APIAccessPolicy`).
    public static let path = "/openapi.yaml"

    /// The document, as compiled in.
    public static var bytes: [UInt8] { PackageResources.openapi_yaml }

    /// `application/yaml` is the media type RFC 9512 registers; `no-cache` lets a client keep a copy but
    /// revalidate it, so a new build's contract is seen at once.
    static let response = HTTPResponse(
        status: .ok,
        headers: HTTPHeaders([("Content-Type", "application/yaml"), ("Cache-Control", "no-cache")]),
        body: bytes)

    /// Registers `GET /openapi.yaml`.
    public static func register(into router: inout Router) {
        router.get(path, immediate: { _ in response })
    }
}
