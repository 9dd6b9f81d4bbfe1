import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// `openapi.yaml` against the server: the document served is the repository's file, and it names exactly the
/// routes the router registers. (The document's validity and the shapes of live responses are checked by the
/// Python contract tests in `integration/contract`, which have an OpenAPI validator.)
@Suite struct OpenAPIDocumentTests {
    /// Routes the other branch of issue 12 adds; listed here so the check names them when they land in only one
    /// of the router and the document. Empty until then.
    static let pendingRoutes: Set<String> = []

    static let repositoryFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi.yaml")

    /// Every `METHOD /path` under `paths:`, read from the document's layout (paths indented two spaces,
    /// operations four), which is all this check needs and keeps the tests free of a YAML library.
    static func documentedRoutes(_ text: String) -> Set<String> {
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var routes: Set<String> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line == "paths:"
                path = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let key = String(line.dropFirst(4).dropLast())
                if methods.contains(key) { routes.insert("\(key.uppercased()) \(path)") }
            }
        }
        return routes
    }

    static func registeredRoutes() throws -> Set<String> {
        let pool = try MongoPool(configuration: MongoConfiguration(uri: "mongodb://127.0.0.1:1", databaseName: "x"))
        defer { pool.shutdown() }
        return Set(
            MetricsApplication(pool: pool, observability: APIServer.observability).makeRouter().routes.map {
                "\($0.method) \($0.pattern)"
            })
    }

    @Test func theDocumentNamesEveryRouteTheRouterRegistersAndNoOther() throws {
        let documented = Self.documentedRoutes(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
        let registered = try Self.registeredRoutes()
        #expect(registered.subtracting(documented).subtracting(Self.pendingRoutes).isEmpty, "undocumented routes")
        #expect(documented.subtracting(registered).isEmpty, "documented routes the router does not have")
        // The reader really read the document: a broken layout would make both sets trivially agree on nothing.
        #expect(documented.contains("POST /api/v1/agents/{agentId}/versions/{version}/runs"))
        #expect(documented.count >= 18)
    }

    @Test func theRouteReaderSeesOperationsAndIgnoresOtherKeys() {
        let text = """
            openapi: 3.1.0
            paths:
              /a/{id}:
                parameters:
                  - name: id
                get:
                  responses:
                    "200":
                      description: x
                post:
                  summary: y
              /b:
                get: {}
            components:
              schemas:
                get:
                  type: object
            """
        #expect(Self.documentedRoutes(text) == ["GET /a/{id}", "POST /a/{id}"])
    }

    @Test func theServedDocumentIsTheRepositoryFileAsYAML() throws {
        let file = try Data(contentsOf: Self.repositoryFile)
        #expect(OpenAPIDocument.bytes == Array(file))
        let response = OpenAPIDocument.response
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"] == "application/yaml")
        #expect(response.body == Array(file))
    }

    @Test func everyOpenRouteIsOpenInTheDocumentAndEveryKeyedOneNamesItsScope() throws {
        // Operations whose block says `security: []` are open; the others name `x-required-scope`.
        let text = String(decoding: OpenAPIDocument.bytes, as: UTF8.self)
        for (route, access) in APIAccessPolicy.routes {
            let parts = route.split(separator: " ", maxSplits: 1)
            let scope = Self.requiredScope(in: text, method: String(parts[0]).lowercased(), path: String(parts[1]))
            switch access {
            case .open: #expect(scope == "none", "\(route)")
            case .requires(let required): #expect(scope == required.rawValue, "\(route)")
            }
        }
    }

    /// The `x-required-scope` of one operation, found by walking to its path and method lines.
    static func requiredScope(in text: String, method: String, path: String) -> String? {
        var inPath = false
        var inOperation = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("  /") && !line.hasPrefix("   ") {
                inPath = line == "  \(path):"
                inOperation = false
            } else if inPath, line.hasPrefix("    "), !line.hasPrefix("     ") {
                inOperation = line.hasPrefix("    \(method):")
            } else if inPath, inOperation, line.hasPrefix("      x-required-scope: ") {
                return String(line.dropFirst("      x-required-scope: ".count))
            }
        }
        return nil
    }
}
