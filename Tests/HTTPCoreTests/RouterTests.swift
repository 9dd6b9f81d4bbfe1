import Foundation
import Testing

@testable import HTTPCore

@Suite struct RouterTests {
    private struct Unexpected: Error {}

    /// A handler that echoes which route ran and the parameters it received.
    private static func echo(_ name: String) -> HTTPHandler {
        { request in
            let parameters = request.pathParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return HTTPResponse(body: Array("\(name) \(parameters.joined(separator: ","))".utf8))
        }
    }

    private func makeRouter() -> Router {
        var router = Router()
        router.get("/", Self.echo("root"))
        router.get("/api/v1/agents/{agentId}/versions/{version}/runs", Self.echo("runs"))
        router.post("/api/v1/agents/{agentId}/versions/{version}/runs", Self.echo("createRun"))
        router.post("/api/v1/agents/register", Self.echo("register"))
        router.get("/api/v1/agents/{agentId}", Self.echo("agent"))
        router.delete("/api/v1/agents/{agentId}", Self.echo("deleteAgent"))
        router.get("/api/v1/agents/{agentId}/stats", Self.echo("stats"))
        router.put("/api/v1/agents/{name}/config", Self.echo("config"))
        router.get("/api/v1/throws/http") { _ in throw HTTPError(.conflict, code: "conflict", message: "Taken.") }
        router.get("/api/v1/throws/other") { _ in throw Unexpected() }
        router.add("HEAD", "/api/v1/head", Self.echo("explicitHead"))
        router.get("/api/v1/head", Self.echo("getForHead"))
        return router
    }

    private func respond(_ method: String, _ path: String) async -> HTTPResponse {
        await makeRouter().respond(to: HTTPRequest(method: method, path: path))
    }

    private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    /// The `error.code` and `error.message` of a JSON error body.
    private func errorFields(_ response: HTTPResponse) throws -> (code: String?, message: String?) {
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        return (error?["code"] as? String, error?["message"] as? String)
    }

    @Test func capturesPathParameters() async {
        let response = await respond("GET", "/api/v1/agents/a1/versions/2.0/runs")
        #expect(response.status == .ok)
        #expect(text(response) == "runs agentId=a1,version=2.0")
    }

    @Test func percentDecodesCapturedValues() async {
        let response = await respond("GET", "/api/v1/agents/a%20b%2Fc%C3%A9")
        #expect(text(response) == "agent agentId=a b/cé")
    }

    @Test func capturesRawNonASCIISegments() async {
        #expect(text(await respond("GET", "/api/v1/agents/caf\u{E9}/stats")) == "stats agentId=caf\u{E9}")
    }

    @Test func keepsPlusInPathParameters() async {
        #expect(text(await respond("GET", "/api/v1/agents/a+b")) == "agent agentId=a+b")
    }

    @Test func usesTheParameterNamesOfTheMatchedRoute() async {
        #expect(text(await respond("PUT", "/api/v1/agents/x/config")) == "config name=x")
    }

    @Test(arguments: ["/api/v1/agents/%ZZ", "/api/v1/agents/%C3", "/api/v1/agents/abc%"])
    func rejectsBadPercentEncodingWith400(path: String) async throws {
        let response = await respond("GET", path)
        #expect(response.status == .badRequest)
        #expect(try errorFields(response).code == "bad_request")
    }

    @Test func literalSegmentWinsOverParameter() async {
        #expect(text(await respond("POST", "/api/v1/agents/register")) == "register ")
    }

    @Test func literalBranchFallsBackToParameterForDeeperPaths() async {
        #expect(text(await respond("GET", "/api/v1/agents/register/stats")) == "stats agentId=register")
    }

    @Test func matchesRoot() async {
        #expect(text(await respond("GET", "/")) == "root ")
    }

    @Test(arguments: ["/nope", "/api/v1/agents/a1/", "/api/v1/agents//stats", "/api/v1/agents", "", "*"])
    func unknownPathIs404WithJSONError(path: String) async throws {
        let response = await respond("GET", path)
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/json")
        let fields = try errorFields(response)
        #expect(fields.code == "not_found")
        #expect(fields.message == "No route matches the request path.")
    }

    @Test func knownPathWithOtherMethodIs405ListingAllowedMethods() async throws {
        let response = await respond("PATCH", "/api/v1/agents/a1")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, DELETE")
        let fields = try errorFields(response)
        #expect(fields.code == "method_not_allowed")
        #expect(fields.message == "Method not allowed. Allowed: GET, HEAD, DELETE.")
    }

    @Test func allowHeaderOmitsHEADWithoutGET() async {
        #expect((await respond("GET", "/api/v1/agents/register")).headers["Allow"] == "POST")
    }

    @Test func mostSpecificPathDecidesTheMethodCheck() async {
        // DELETE exists on /agents/{agentId}, but /agents/register is the route this path names.
        #expect((await respond("DELETE", "/api/v1/agents/register")).status == .methodNotAllowed)
    }

    @Test func headFallsBackToGETHandler() async {
        let response = await respond("HEAD", "/api/v1/agents/a1")
        #expect(response.status == .ok)
        #expect(text(response) == "agent agentId=a1")
    }

    @Test func explicitHEADRouteWinsOverGET() async {
        #expect(text(await respond("HEAD", "/api/v1/head")) == "explicitHead ")
    }

    @Test func methodsAreCaseSensitive() async {
        #expect((await respond("get", "/")).status == .methodNotAllowed)
    }

    @Test func thrownHTTPErrorBecomesItsResponse() async throws {
        let response = await respond("GET", "/api/v1/throws/http")
        #expect(response.status == .conflict)
        let fields = try errorFields(response)
        #expect(fields.code == "conflict")
        #expect(fields.message == "Taken.")
    }

    @Test func otherErrorsBecomeGeneric500() async throws {
        let response = await respond("GET", "/api/v1/throws/other")
        #expect(response.status == .internalServerError)
        let fields = try errorFields(response)
        #expect(fields.code == "internal_error")
        #expect(fields.message == "Internal server error.")
        #expect(!text(response).contains("Unexpected"))
    }

    @Test func passesQueryAndBodyThrough() async {
        var router = Router()
        router.post("/echo") { request in
            HTTPResponse(body: Array((request.queryParameters["q"] ?? "-").utf8) + request.body)
        }
        let response = await router.respond(
            to: HTTPRequest(method: "POST", path: "/echo", query: "q=a+b", body: Array("!".utf8)))
        #expect(text(response) == "a b!")
    }

    @Test func isSendableAcrossTasks() async {
        let router = makeRouter()
        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask {
                    await router.respond(to: HTTPRequest(method: "GET", path: "/api/v1/agents/\(index)")).status.code
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
    }
}
