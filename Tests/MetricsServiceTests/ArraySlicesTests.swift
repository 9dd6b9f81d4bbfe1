import Testing

@testable import MetricsService

@Suite struct ArraySlicesTests {
    @Test func slicesCoverTheArrayInOrderWithAShorterLastOne() {
        let slices = Array(0..<2_500).slices(of: 1_000)
        #expect(slices.map(\.count) == [1_000, 1_000, 500])
        #expect(slices.flatMap { $0 } == Array(0..<2_500))
    }

    @Test func anExactMultipleHasNoEmptyTailAndAnEmptyArrayNoSlice() {
        #expect([1, 2, 3, 4].slices(of: 2).map(Array.init) == [[1, 2], [3, 4]])
        #expect([Int]().slices(of: 3).isEmpty)
        #expect([7].slices(of: 3).map(Array.init) == [[7]])
    }
}
