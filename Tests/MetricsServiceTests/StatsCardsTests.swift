import Testing
import TimeFormats

@testable import MetricsService

struct StatsCardsTests {
    /// 2024-03-15T12:30:20Z.
    static let now = RFC3339.parseMilliseconds("2024-03-15T12:30:20Z")!

    static func minute(
        _ time: String, runs: Int128 = 1, costMicros: Int128 = 0, runtimeSeconds: Double? = nil,
        agents: [String] = ["a"]
    ) -> ActivityMinute {
        var minute = ActivityMinute(startMs: ActivityMinute.start(of: RFC3339.parseMilliseconds(time)!))
        minute.runs = runs
        minute.costMicros = costMicros
        if let runtimeSeconds {
            minute.runtimeCount = runs
            minute.runtimeMicros = Int128(runtimeSeconds * 1_000_000) * runs
        }
        for agent in agents { minute.agentRuns[agent] = 1 }
        return minute
    }

    @Test func formatsThousandsSignsAndMoney() {
        #expect(DashboardFormat.grouped(0) == "0")
        #expect(DashboardFormat.grouped(999) == "999")
        #expect(DashboardFormat.grouped(1234) == "1,234")
        #expect(DashboardFormat.grouped(1_234_567) == "1,234,567")
        #expect(DashboardFormat.grouped(-1234) == "-1,234")
        #expect(DashboardFormat.fixed(123.45, decimals: 2) == "123.45")
        #expect(DashboardFormat.fixed(1234.5, decimals: 2) == "1,234.50")
        #expect(DashboardFormat.fixed(0, decimals: 2) == "0.00")
        #expect(DashboardFormat.fixed(-0.001, decimals: 1) == "0.0")
        #expect(DashboardFormat.fixed(3.25, decimals: 1) == "3.3")
        #expect(DashboardFormat.signed(Int64(5)) == "+5")
        #expect(DashboardFormat.signed(Int64(-2)) == "-2")
        #expect(DashboardFormat.signed(Int64(0)) == "0")
        #expect(DashboardFormat.signed(-0.5, decimals: 1) == "-0.5")
        #expect(DashboardFormat.signed(0.5, decimals: 1) == "+0.5")
        #expect(DashboardFormat.signed(0.0, decimals: 1) == "0.0")
    }

    @Test func emptyTimelineGivesZeroCardsWithRawValues() {
        let cards = StatsCards.compute(DashboardTimeline(minutes: []), nowMs: Self.now)
        #expect(cards.map(\.title) == ["Active Agents", "Total Runs Today", "Avg Response Time", "Total Cost Today"])
        #expect(cards.map(\.icon) == ["Bot", "Activity", "Clock", "DollarSign"])
        #expect(cards.map(\.value) == ["0", "0", "0.0s", "$0.00"])
        #expect(
            cards.map(\.change) == [
                "0 from last week", "no runs yesterday", "no runs last hour", "no runs yesterday",
            ])
        #expect(cards.allSatisfy { $0.trend == .neutral && $0.raw == 0 })
        let json = String(decoding: cards.jsonBytes, as: UTF8.self)
        #expect(json.contains(#""raw":0}"#))
    }

    @Test func todayCountsFromMidnightAgainstYesterdayUpToTheSameTime() {
        let minutes = [
            Self.minute("2024-03-15T00:00:00Z", runs: 1000, costMicros: 100_000_000),
            Self.minute("2024-03-15T12:30:05Z", runs: 234, costMicros: 23_450_000),
            Self.minute("2024-03-14T23:59:59Z", runs: 7),  // yesterday, after now's time of day
            Self.minute("2024-03-14T12:29:00Z", runs: 1000, costMicros: 117_571_429),
            Self.minute("2024-03-14T12:31:00Z", runs: 50),  // yesterday, later than now's minute
            Self.minute("2024-03-15T12:31:00Z", runs: 9),  // the future: not yet
        ]
        let cards = StatsCards.compute(DashboardTimeline(minutes: minutes), nowMs: Self.now)
        #expect(cards[1].value == "1,234")
        #expect(cards[1].raw == 1234)
        #expect(cards[1].change == "+23% from yesterday")
        #expect(cards[1].trend == .up)
        #expect(cards[3].value == "$123.45")
        #expect(cards[3].raw == 123.45)
        #expect(cards[3].change == "+5% from yesterday")
        #expect(cards[3].trend == .up)
    }

    @Test func averageResponseComparesTheLastHourWithTheOneBefore() {
        let minutes = [
            Self.minute("2024-03-15T11:31:00Z", runs: 2, runtimeSeconds: 3.0),  // first minute of the last hour
            Self.minute("2024-03-15T12:30:00Z", runs: 2, runtimeSeconds: 3.4),
            Self.minute("2024-03-15T11:30:59Z", runs: 4, runtimeSeconds: 3.7),  // the hour before
            Self.minute("2024-03-15T10:30:00Z", runs: 1, runtimeSeconds: 100),  // two hours ago: out
        ]
        let cards = StatsCards.compute(DashboardTimeline(minutes: minutes), nowMs: Self.now)
        #expect(cards[2].value == "3.2s")
        #expect(cards[2].raw == 3.2)
        #expect(cards[2].change == "-0.5s from last hour")
        #expect(cards[2].trend == .down)
    }

    @Test func activeAgentsCountsDistinctAgentsPerWeek() {
        let minutes = [
            Self.minute("2024-03-15T12:00:00Z", agents: ["a", "b"]),
            Self.minute("2024-03-08T12:31:00Z", agents: ["c"]),  // first minute of this week's window
            Self.minute("2024-03-08T12:30:00Z", agents: ["d", "e", "f", "g"]),  // last of the week before
            Self.minute("2024-03-01T12:31:00Z", agents: ["a"]),
            Self.minute("2024-03-01T12:30:00Z", agents: ["h"]),  // 14 days ago: out
        ]
        let cards = StatsCards.compute(DashboardTimeline(minutes: minutes), nowMs: Self.now)
        #expect(cards[0].value == "3")
        #expect(cards[0].change == "-2 from last week")
        #expect(cards[0].trend == .down)
    }

    @Test func windowsMoveWithTheClockWithoutNewData() {
        let timeline = DashboardTimeline(minutes: [Self.minute("2024-03-15T23:59:00Z", runs: 5, runtimeSeconds: 1)])
        let beforeMidnight = RFC3339.parseMilliseconds("2024-03-15T23:59:30Z")!
        let afterMidnight = RFC3339.parseMilliseconds("2024-03-16T00:00:10Z")!
        #expect(StatsCards.compute(timeline, nowMs: beforeMidnight)[1].raw == 5)
        let next = StatsCards.compute(timeline, nowMs: afterMidnight)
        #expect(next[1].raw == 0)
        // Yesterday up to 00:00:10 had nothing; the 23:59 run is later in that day.
        #expect(next[1].change == "no runs yesterday")
        #expect(next[2].value == "1.0s")
        let hourLater = StatsCards.compute(timeline, nowMs: afterMidnight + 3_600_000)
        #expect(hourLater[2].value == "0.0s")
        #expect(hourLater[2].change == "no runs this hour")
    }

    @Test func recentActionsFollowTheStatus() {
        func action(_ status: String) -> String {
            RunSample(
                objectID: "", key: VersionKey(agentId: "", version: ""), runId: 1, status: status, createdMs: 0,
                runtimeMicros: nil, costMicros: 0
            ).action
        }
        #expect(action("completed") == "completed run")
        #expect(action("failed") == "failed run")
        #expect(action("timeout") == "timed out")
        #expect(action("running") == "started run")
    }
}
