import Testing

@testable import HTTPCore

@Suite struct QueryParametersTests {
    @Test func decodesPairsPlusesAndEscapes() {
        let query = HTTPRequest(method: "GET", path: "/", query: "a=1&b=x%20y&c=+z&d").queryParameters
        #expect(query["a"] == "1")
        #expect(query["b"] == "x y")
        #expect(query["c"] == " z")
        #expect(query["d"] == "")
        #expect(query["e"] == nil)
    }

    @Test func firstValueWinsAndValuesKeepsAllInOrder() {
        let query = QueryParameters("tag=a&tag=b&tag=c")
        #expect(query["tag"] == "a")
        #expect(query.values("tag") == ["a", "b", "c"])
    }

    @Test func splitsOnFirstEqualsOnly() {
        #expect(QueryParameters("expr=a=b")["expr"] == "a=b")
    }

    /// `&` and `=` separate pairs even when a combining mark follows them: a `Character`-based split would see
    /// "=\u{301}" as one grapheme and no separator at all.
    @Test func splitsOnSeparatorBytesNotGraphemes() {
        let query = QueryParameters("a=\u{301}x&\u{301}b=2&sub=a%20b%26c")
        #expect(query["a"] == "\u{301}x")
        #expect(query["\u{301}b"] == "2")
        #expect(query["sub"] == "a b&c")
        #expect(query.pairs.count == 3)
    }

    @Test func decodesNames() {
        #expect(QueryParameters("first+name=Ada&x%5B%5D=1")["first name"] == "Ada")
        #expect(QueryParameters("x%5B%5D=1")["x[]"] == "1")
    }

    @Test func skipsEmptyPieces() {
        #expect(QueryParameters("&&a=1&&").pairs.count == 1)
    }

    @Test func dropsPairsWithBadPercentEncodingAndNamesThemAsSent() {
        let query = QueryParameters("bad=%ZZ&good=1&alsoBad=%FF&%C0=x")
        #expect(query["bad"] == nil)
        #expect(query["alsoBad"] == nil)
        #expect(query["good"] == "1")
        #expect(query.undecodable == ["bad", "alsoBad", "%C0"])
        #expect(QueryParameters("good=1").undecodable.isEmpty)
    }

    @Test func absentQueryIsEmpty() {
        #expect(HTTPRequest(method: "GET", path: "/").queryParameters.isEmpty)
    }
}
