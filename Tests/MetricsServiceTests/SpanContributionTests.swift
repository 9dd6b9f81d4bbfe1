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
        #expect(Array(contribution.models) == firstModels)
        #expect(Array(contribution.tools) == (0..<Self.limit).map { "t\($0)" })
    }

    @Test func mergingIntoAListKeepsItsOwnNamesFirstAndStopsAtTheLimit() {
        var list: NameList = ["a", "m1"]
        list.append(contentsOf: NameList((0..<(Self.limit * 2)).map { "m\($0)" }))
        #expect(list.count == Self.limit)
        #expect(Array(list.prefix(4)) == ["a", "m1", "m0", "m2"])
        #expect(list.last == "m\(Self.limit - 2)")
    }

    @Test func repeatsAreKeptOnceBelowTheLimit() {
        var list = NameList()
        list.append(contentsOf: ["x", "y", "x", "z", "y"])
        #expect(list == ["x", "y", "z"])
    }
}

/// `NameList` holds its first two names inline and the rest in an array, and reads as one list either way.
@Suite struct NameListTests {
    @Test func namesStayDistinctAndInOrderAcrossTheInlineSlots() {
        var list = NameList()
        #expect(list.isEmpty)
        for name in ["a", "b", "a", "c", "b", "d", "c"] { list.append(name) }
        #expect(Array(list) == ["a", "b", "c", "d"])
        #expect(list.count == 4)
        #expect(list[1] == "b" && list[3] == "d")
        #expect(list.contains("c") && list.contains("a") && !list.contains("e"))
    }

    @Test func aListReadFromManyNamesKeepsTheFirstDistinctOnesUpToTheBound() {
        let limit = FieldBounds.maximumListCount
        let list = NameList((0..<(limit * 3)).map { "n\($0 / 2)" })
        #expect(list.count == limit)
        #expect(list.isFull)
        #expect(Array(list.prefix(3)) == ["n0", "n1", "n2"])
        #expect(list.last == "n\(limit - 1)")
    }

    @Test func oneNameRepeatedKeepsOneEntry() {
        var list = NameList()
        list.append("a")
        list.append("a")
        #expect(Array(list) == ["a"])
        #expect(!list.contains("b"))
    }

    @Test func listsWithTheSameNamesAreEqualHoweverBuilt() {
        var appended = NameList()
        for name in ["x", "y", "z"] { appended.append(name) }
        let merged: NameList = {
            var list: NameList = ["x"]
            list.append(contentsOf: ["y", "x", "z"])
            return list
        }()
        #expect(appended == merged)
        #expect(appended == NameList(["x", "y", "y", "z"]))
        #expect(appended != ["x", "z", "y"])
    }
}
