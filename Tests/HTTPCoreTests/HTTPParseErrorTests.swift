import HTTPCore
import Testing

@Suite struct HTTPParseErrorTests {
    @Test(arguments: [
        (HTTPParseError.badRequest("x"), 400, "bad_request"),
        (.headerTooLarge, 431, "header_too_large"),
        (.uriTooLong, 414, "uri_too_long"),
        (.bodyTooLarge, 413, "payload_too_large"),
        (.unsupportedTransferCoding, 501, "not_implemented"),
        (.unsupportedVersion, 505, "http_version_not_supported"),
    ])
    func mapsEachErrorToOneStatusAndCode(_ error: HTTPParseError, _ status: Int, _ code: String) {
        #expect(error.httpError.status.code == status)
        #expect(error.httpError.code == code)
    }

    @Test func rendersBadRequestMessageAsJSON() {
        let response = HTTPParseError.badRequest("invalid method").httpError.response
        #expect(response.status == .badRequest)
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"error":{"code":"bad_request","message":"invalid method"}}"#)
        #expect(response.headers["content-type"] == "application/json")
    }
}
