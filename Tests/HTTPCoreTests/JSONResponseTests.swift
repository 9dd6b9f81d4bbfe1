import HTTPCore
import Testing

@Suite struct JSONResponseTests {
    @Test func successCarriesJSONTypeAndNoStoreThenCallerHeaders() {
        let response = JSONResponse.make(.created, Array(#"{"a":1}"#.utf8), headers: HTTPHeaders([("ETag", "\"x\"")]))
        #expect(response.status == .created)
        #expect(
            response.headers
                == HTTPHeaders([("Content-Type", "application/json"), ("Cache-Control", "no-store"), ("ETag", "\"x\"")])
        )
        #expect(response.body == Array(#"{"a":1}"#.utf8))
    }

    @Test func answerWithoutOwnHeadersCarriesTheCommonOnesAsPreparedLines() {
        let response = JSONResponse.make(.notFound, Array("{}".utf8))
        #expect(response.status == .notFound)
        #expect(response.body == Array("{}".utf8))
        #expect(response.headers == JSONResponse.headers)
        #expect(
            response.preparedHeaderLines.map { String(decoding: $0, as: UTF8.self) }
                == "Content-Type: application/json\r\nCache-Control: no-store\r\n")
    }

    @Test func callerReplacesACommonHeaderRatherThanRepeatingIt() {
        let response = JSONResponse.make(.ok, [], headers: HTTPHeaders([("cache-control", "max-age=5")]))
        #expect(response.headers.values("Cache-Control") == ["max-age=5"])
        #expect(response.headers.values("Content-Type") == ["application/json"])
    }

    @Test func errorHasCodeAndEscapedMessageAndNoDetailsByDefault() {
        let response = JSONResponse.error(
            .conflict, code: "conflict", message: "say \"hi\"\n", headers: HTTPHeaders([("Retry-After", "1")]))
        #expect(response.status == .conflict)
        #expect(
            String(decoding: response.body, as: UTF8.self) == #"{"error":{"code":"conflict","message":"say \"hi\"\n"}}"#
        )
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(response.headers["Retry-After"] == "1")
    }

    @Test func errorPutsRenderedDetailsInsideTheErrorObject() {
        let response = JSONResponse.error(
            .badRequest, code: "invalid_field", message: "m", details: Array(#"[{"field":"x"}]"#.utf8))
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"error":{"code":"invalid_field","message":"m","details":[{"field":"x"}]}}"#)
    }

    @Test func httpErrorRendersThroughTheSameShape() {
        let error = HTTPError(.notFound, code: "not_found", message: "no route")
        #expect(error.response.headers == JSONResponse.headers)
        #expect(error.response.body == JSONResponse.error(.notFound, code: "not_found", message: "no route").body)
    }
}
