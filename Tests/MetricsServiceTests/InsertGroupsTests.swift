import Testing

@testable import MetricsService

/// Group commit's decisions, with no database and no threads.
struct InsertGroupsTests {
    static func documents(_ count: Int) -> RunDocuments {
        var documents = RunDocuments(isSingle: count == 1, capacity: 0)
        for runId in 0..<count {
            let start = documents.writer.beginDocument()
            documents.writer.end(start)
            documents.add(start: start, runId: Int64(runId), sample: nil)
        }
        return documents
    }

    @Test func firstRequestLeadsAndLaterOnesFollowUntilTheInsertStarts() {
        var groups = InsertGroups<Int>(maximumRunning: 2)
        let roles = [
            groups.join(Self.documents(1), waiter: 1), groups.join(Self.documents(2), waiter: 2),
            groups.join(Self.documents(1), waiter: 3),
        ]
        #expect(roles == [.lead(group: 1), .follow, .follow])
        let taken = groups.take(1)
        #expect(taken.map(\.waiter) == [nil, 2, 3])
        #expect(taken.map(\.documents.count) == [1, 2, 1])
        // Arrivals after the insert started lead the next group.
        let next = groups.join(Self.documents(1), waiter: 4)
        #expect(next == .lead(group: 2))
        #expect(groups.waitingCount == 1)
    }

    @Test func aGroupIsTakenOnceSoAFailedLeaderFindsNothingLeftAfterItsInsertRan() {
        var groups = InsertGroups<Int>(maximumRunning: 2)
        guard case .lead(let first) = groups.join(Self.documents(1), waiter: 1) else {
            Issue.record("the first request must lead")
            return
        }
        let once = groups.take(first)
        let twice = groups.take(first)
        #expect(once.count == 1)
        #expect(twice.isEmpty)
        // A group refused before it started is taken whole by its leader, which fails the followers.
        guard case .lead(let second) = groups.join(Self.documents(1), waiter: 2) else {
            Issue.record("a request after a started insert must lead")
            return
        }
        let follower = groups.join(Self.documents(1), waiter: 3)
        let stale = groups.take(first)
        let refused = groups.take(second)
        #expect(follower == .follow)
        #expect(stale.isEmpty)
        #expect(refused.map(\.waiter) == [nil, 3])
    }

    @Test func aLeaderPastTheLimitIsParkedWithItsGroupOpenUntilAnInsertFinishes() {
        var groups = InsertGroups<Int>()
        #expect(groups.join(Self.documents(1), waiter: 1) == .lead(group: 1))
        #expect(groups.take(1).count == 1)
        // The first insert is under way: the next request's group waits, and keeps taking followers.
        #expect(groups.join(Self.documents(2), waiter: 2) == .parked)
        #expect(groups.join(Self.documents(1), waiter: 3) == .follow)
        let handedOver = groups.finish()
        #expect(handedOver?.group == 2)
        #expect(handedOver?.waiter == 2)
        #expect(groups.join(Self.documents(1), waiter: 4) == .follow)
        #expect(groups.take(2).map(\.waiter) == [nil, 3, 4])
        // The slot passed to the parked leader: a request arriving now is parked until that insert finishes.
        #expect(groups.join(Self.documents(1), waiter: 5) == .parked)
        #expect(groups.finish()?.waiter == 5)
        #expect(groups.take(3).map(\.waiter) == [nil])
        #expect(groups.finish() == nil)
        #expect(groups.join(Self.documents(1), waiter: 6) == .lead(group: 4))
    }

    @Test func sharesSplitDuplicatesAndFailuresByRequest() {
        var report = InsertReport()
        report.duplicateIndexes = [0, 3, 4]
        report.failures = [(index: 6, error: .rejectedValue("bad"))]
        let shares = report.shares(counts: [1, 3, 2, 1])
        #expect(
            shares == [
                .stored(inserted: 0, duplicateIndexes: [0]),
                .stored(inserted: 2, duplicateIndexes: [2]),
                .stored(inserted: 1, duplicateIndexes: [0]),
                .failed(.rejectedValue("bad")),
            ])
    }

    @Test func aWriteConcernErrorOrAnUnplacedFailureFailsEveryRequest() {
        var concern = InsertReport()
        concern.concernError = .unavailable("no majority")
        #expect(
            concern.shares(counts: [1, 2]) == [
                .failed(.unavailable("no majority")), .failed(.unavailable("no majority")),
            ])
        var unplaced = InsertReport()
        unplaced.failures = [(index: -1, error: .commandFailed(code: 1, message: "x"))]
        #expect(unplaced.shares(counts: [1, 1]).allSatisfy { $0 == .failed(.commandFailed(code: 1, message: "x")) })
    }
}
