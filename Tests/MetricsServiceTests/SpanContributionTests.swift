import Testing

@testable import MetricsService

/// Lists of models and tools stop at the run's limit, first seen first, so an export of many distinct names costs
/// linear work, and the stored run is what it was when the lists were cut only at the end.
@Suite struct SpanContributionTests {
    static let limit = FieldBounds.maximumListCount

    @Test func namesPastTheLimitAreDroppedFirstSeenFirst() {
        var contribution = SpanContribution()
        for index in 0..<(Self.limit + 500) {
            contribution.absorb(SpanOwn(requestModel: "m\(index)", responseModel: "r\(index)", tool: "t\(index)"))
        }
        let firstModels = (0..<(Self.limit / 2)).flatMap { ["m\($0)", "r\($0)"] }
        #expect(contribution.models == firstModels)
        #expect(contribution.tools == (0..<Self.limit).map { "t\($0)" })
    }

    @Test func mergingIntoAListKeepsItsOwnNamesFirstAndStopsAtTheLimit() {
        var list = ["a", "m1"]
        SpanContribution.merge((0..<(Self.limit * 2)).map { "m\($0)" }, into: &list)
        #expect(list.count == Self.limit)
        #expect(Array(list.prefix(4)) == ["a", "m1", "m0", "m2"])
        #expect(list.last == "m\(Self.limit - 2)")
    }

    @Test func repeatsAreKeptOnceBelowTheLimit() {
        var list: [String] = []
        SpanContribution.merge(["x", "y", "x", "z", "y"], into: &list)
        #expect(list == ["x", "y", "z"])
    }
}
