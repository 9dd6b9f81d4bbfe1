import Testing

@testable import MetricsService

/// Which `Content-Type` values the API reads as JSON.
@Suite struct JSONMediaTypeTests {
    @Test(arguments: [
        "application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=UTF-8",
        " application/json ", "application/json ; charset=utf-8", "application/vnd.x+json",
        "application/problem+json; charset=utf-8", "application/VND.API+JSON",
    ])
    func acceptsJSON(_ value: String) {
        #expect(JSONMediaType.matches(value))
    }

    @Test(arguments: [
        "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "text/json", "application/jsonx", "application/json-seq",
        "application/+json", "application/xjson", "application/x+jsonp", "json", "application/", "/json", "",
        "application /json", "application/js on", "*/*", "application/*",
    ])
    func refusesEverythingElse(_ value: String) {
        #expect(!JSONMediaType.matches(value))
    }
}
