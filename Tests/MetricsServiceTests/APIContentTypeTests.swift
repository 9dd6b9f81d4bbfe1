import HTTPCore
import Logging
import Testing

@testable import MetricsService

/// `POST`s must be JSON or undeclared: a cross-site form post (no preflight) gets 415 before any handler runs.
@Suite struct APIContentTypeTests {
    /// The wrapper alone, around a handler that records whether it ran.
    private func respond(method: String = "POST", contentTypes: [String], body: String = "{}") async -> (
        Int, String?, Bool
    ) {
        let ran = LockedValue(false)
        let handler = APIHandler(logger: Logger(label: "test")).wrap { _ in
            ran.withLock { $0 = true }
            return HTTPResponse(status: .created)
        }
        let request = HTTPRequest(
            method: method, path: "/api/v1/agents/a/register",
            headers: HTTPHeaders(contentTypes.map { ("Content-Type", $0) }), body: Array(body.utf8))
        let response = (try? await handler(request)) ?? HTTPResponse(status: .internalServerError)
        let code = APIErrorBody.code(response.body)
        return (response.status.code, code, ran.withLock { $0 })
    }

    @Test(arguments: [
        ["text/plain"], ["application/x-www-form-urlencoded"], ["multipart/form-data; boundary=b"],
        ["text/plain;charset=UTF-8"], ["application/json", "text/plain"],
    ])
    func refusesNonJSONPostBeforeTheHandler(_ contentTypes: [String]) async {
        let (status, code, ran) = await respond(contentTypes: contentTypes)
        #expect(status == 415)
        #expect(code == "unsupported_media_type")
        #expect(!ran)
    }

    /// An empty `text/plain` post would still register an agent, so the body's length does not matter.
    @Test func refusesNonJSONPostWithEmptyBody() async {
        let (status, _, ran) = await respond(contentTypes: ["text/plain"], body: "")
        #expect(status == 415)
        #expect(!ran)
    }

    @Test(arguments: [[], ["application/json"], ["application/json; charset=utf-8"], ["application/vnd.x+json"]])
    func acceptsJSONOrMissingType(_ contentTypes: [String]) async {
        let (status, _, ran) = await respond(contentTypes: contentTypes)
        #expect(status == 201)
        #expect(ran)
    }

    @Test func leavesOtherMethodsAlone() async {
        let (status, _, ran) = await respond(method: "GET", contentTypes: ["text/plain"], body: "")
        #expect(status == 201)
        #expect(ran)
    }

    @Test func messageNamesTheRightType() async throws {
        let handler = APIHandler(logger: Logger(label: "test")).wrap { _ in HTTPResponse() }
        let request = HTTPRequest(
            method: "POST", path: "/", headers: HTTPHeaders([("Content-Type", "text/plain")]), body: [])
        let response = try await handler(request)
        #expect(String(decoding: response.body, as: UTF8.self).contains("send Content-Type: application/json"))
    }
}

/// Reads `error.code` from a JSON error body without Foundation.
enum APIErrorBody {
    static func code(_ body: [UInt8]) -> String? {
        guard let root = try? JSONParser.parse(body), case .string(let code)? = root["error"]?["code"] else {
            return nil
        }
        return code
    }
}
