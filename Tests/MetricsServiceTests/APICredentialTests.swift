import HTTPCore
import Testing

@testable import MetricsService

/// Finding the key in the headers: accepted forms and every malformed one (each a 401, never a crash).
@Suite struct APICredentialTests {
    static let key = "am_" + String(repeating: "A", count: 43)

    private func token(_ fields: [(String, String)]) -> Result<String, APICredential.Problem> {
        APICredential.token(in: HTTPHeaders(fields))
    }

    @Test(arguments: ["Bearer", "bearer", "BEARER", "bEaReR"])
    func acceptsTheBearerSchemeInAnyCase(scheme: String) {
        #expect(token([("Authorization", "\(scheme) \(Self.key)")]) == .success(Self.key))
    }

    @Test func acceptsSeveralSpacesAfterTheSchemeAndTheXAPIKeyHeader() {
        #expect(token([("authorization", "Bearer   \(Self.key)")]) == .success(Self.key))
        #expect(token([("X-API-Key", Self.key)]) == .success(Self.key))
        #expect(token([("x-api-key", Self.key), ("Accept", "*/*")]) == .success(Self.key))
    }

    @Test(
        arguments: [
            ([], APICredential.Problem.missing),
            ([("Authorization", "Basic dXNlcjpwYXNz")], .notBearer),
            ([("Authorization", "Bearer")], .malformed),
            ([("Authorization", "Bearer ")], .malformed),
            ([("Authorization", "")], .notBearer),
            ([("Authorization", "Bearer\t\(key)")], .notBearer),
            ([("Authorization", "Bearerx \(key)")], .notBearer),
            ([("Authorization", "Bearer \(key)"), ("Authorization", "Bearer \(key)")], .duplicate),
            ([("X-API-Key", key), ("X-Api-Key", key)], .duplicate),
            ([("Authorization", "Bearer \(key)"), ("X-API-Key", key)], .duplicate),
            ([("Authorization", "Bearer am_abc+def")], .malformed),
            ([("Authorization", "Bearer am_abc/def")], .malformed),
            ([("Authorization", "Bearer am_abc=")], .malformed),
            ([("Authorization", "Bearer am_a\u{E9}")], .malformed),
            ([("Authorization", "Bearer am_a b")], .malformed),
            ([("X-API-Key", "")], .malformed),
            ([("Authorization", "Bearer " + String(repeating: "a", count: 10 * 1024))], .malformed),
            ([("X-API-Key", String(repeating: "a", count: 257))], .malformed),
        ] as [([(String, String)], APICredential.Problem)])
    func refusesMalformedCredentials(fields: [(String, String)], problem: APICredential.Problem) {
        #expect(token(fields) == .failure(problem))
    }

    @Test func acceptsTokensUpToTheLengthLimit() {
        let longest = String(repeating: "a", count: APICredential.maximumTokenLength)
        #expect(token([("X-API-Key", longest)]) == .success(longest))
    }
}
