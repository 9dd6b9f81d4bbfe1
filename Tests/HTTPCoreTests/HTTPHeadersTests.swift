import Testing
@testable import HTTPCore
@Test func headersLookupIsCaseInsensitive() { #expect(HTTPHeaders([("Content-Type", "x")])["content-type"] == "x") }
