import HTTPCore
import Testing

@testable import MetricsService

struct APIErrorTests {
    private func body(_ error: APIError) -> String {
        String(decoding: error.response.body, as: UTF8.self)
    }

    @Test
    func rendersWithoutDetailsLikeHTTPError() {
        let error = APIError.notFound("agent \"x\" not found")
        #expect(body(error) == #"{"error":{"code":"not_found","message":"agent \"x\" not found"}}"#)
        #expect(error.response.status == .notFound)
        #expect(error.response.headers["Content-Type"] == "application/json")
    }

    @Test
    func rendersDetailsWithIndexOnlyForBatchRuns() {
        let error = APIError.invalidFields([
            FieldError(index: 0, field: "status", message: "is required"),
            FieldError(field: "body", message: "bad"),
        ])
        #expect(
            body(error)
                == #"{"error":{"code":"invalid_field","message":"2 invalid fields","details":["#
                + #"{"index":0,"field":"status","message":"is required"},{"field":"body","message":"bad"}]}}"#
        )
        #expect(error.response.status == .badRequest)
    }

    @Test
    func databaseUnavailableIs503WithRetryAfter() {
        let response = APIError.databaseUnavailable().response
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers["Retry-After"] == "1")
        #expect(String(decoding: response.body, as: UTF8.self).contains(#""code":"database_unavailable""#))
    }

    @Test(arguments: [
        (StorageError.unavailable("down"), 503, "database_unavailable"),
        (.duplicateKey("dup"), 409, "conflict"),
        (.invalidData("bad"), 500, "internal_error"),
        (.commandFailed(code: 2, message: "x"), 500, "internal_error"),
    ])
    func mapsEachStorageErrorToOneStatus(storage: StorageError, status: Int, code: String) {
        let error = APIError(storage)
        #expect(error.status.code == status)
        #expect(error.code == code)
    }

    @Test
    func eachCodeHasItsStatus() {
        #expect(APIError.tooManyRuns(10_001).status.code == 413)
        #expect(APIError.tooManyRuns(10_001).code == "too_many_runs")
        #expect(APIError.conflict("x").status.code == 409)
        #expect(APIError.internalError().status.code == 500)
        #expect(APIError.nameMismatch(path: "a", body: "b").code == "name_mismatch")
        #expect(APIError.invalidJSON(JSONParseError(offset: 0, reason: "x")).code == "invalid_json")
    }
}
