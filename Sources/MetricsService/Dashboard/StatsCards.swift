/// Computes the four stats cards from a timeline at a given time.
///
/// Windows, as whole UTC minutes (see `DashboardTimeline`), with `m` the minute holding now:
/// today is 00:00 UTC through `m`, compared with the same span 24 hours earlier; the last hour is
/// the 60 minutes ending with `m`, compared with the 60 before; the last week is the 7 days ending
/// with `m`, compared with the 7 days before.
public enum StatsCards {
    static let dayMs: Int64 = 86_400_000
    static let hourMs: Int64 = 3_600_000
    static let minuteMs = ActivityMinute.lengthMs

    /// - Parameter pending: runs acknowledged but not yet in `timeline` (see `PendingRuns`), added to it.
    public static func compute(_ timeline: DashboardTimeline, pending: DashboardTimeline? = nil, nowMs: Int64)
        -> [StatCard]
    {
        let minute = ActivityMinute.start(of: nowMs)
        let dayStart = nowMs - ((nowMs % dayMs) + dayMs) % dayMs
        func totals(from first: Int64, through last: Int64) -> DashboardTimeline.Totals {
            var sum = timeline.totals(from: first, through: last)
            if let extra = pending?.totals(from: first, through: last) {
                sum.runs += extra.runs
                sum.costMicros += extra.costMicros
                sum.runtimeMicros += extra.runtimeMicros
                sum.runtimeCount += extra.runtimeCount
            }
            return sum
        }
        func activeCount(from first: Int64, through last: Int64) -> Int64 {
            let extra =
                pending?.activeAgentIDs(from: first, through: last)
                .filter { !timeline.isActive($0, from: first, through: last) }.count ?? 0
            return Int64(timeline.activeAgents(from: first, through: last) + extra)
        }

        let weekStart = minute - 7 * dayMs + minuteMs
        let active = activeCount(from: weekStart, through: minute)
        let previousActive = activeCount(from: weekStart - 7 * dayMs, through: minute - 7 * dayMs)

        let today = totals(from: dayStart, through: minute)
        let yesterday = totals(from: dayStart - dayMs, through: minute - dayMs)

        let hourStart = minute - hourMs + minuteMs
        let hour = totals(from: hourStart, through: minute)
        let previousHour = totals(from: hourStart - hourMs, through: minute - hourMs)

        return [
            activeAgents(current: active, previous: previousActive),
            runsToday(today: today.runs, yesterday: yesterday.runs),
            averageResponse(current: hour, previous: previousHour),
            costToday(today: today, yesterday: yesterday),
        ]
    }

    static func activeAgents(current: Int64, previous: Int64) -> StatCard {
        let difference = current - previous
        return StatCard(
            title: "Active Agents", value: DashboardFormat.grouped(current),
            change: DashboardFormat.signed(difference) + " from last week", icon: "Bot",
            trend: trend(of: difference), raw: Double(current))
    }

    static func runsToday(today: Int128, yesterday: Int128) -> StatCard {
        let (change, trend) = percentChange(Double(today), against: Double(yesterday), zeroText: "no runs yesterday")
        return StatCard(
            title: "Total Runs Today", value: DashboardFormat.grouped(today), change: change, icon: "Activity",
            trend: trend, raw: Double(today))
    }

    static func averageResponse(current: DashboardTimeline.Totals, previous: DashboardTimeline.Totals) -> StatCard {
        let mean = average(current)
        let shown = DashboardFormat.rounded(mean, decimals: 1)
        let change: String
        let direction: StatCard.Trend
        if previous.runtimeCount == 0 {
            change = "no runs last hour"
            direction = .neutral
        } else if current.runtimeCount == 0 {
            change = "no runs this hour"
            direction = .neutral
        } else {
            let difference = DashboardFormat.rounded(
                shown - DashboardFormat.rounded(average(previous), decimals: 1), decimals: 1)
            change = DashboardFormat.signed(difference, decimals: 1) + "s from last hour"
            direction = difference > 0 ? .up : (difference < 0 ? .down : .neutral)
        }
        return StatCard(
            title: "Avg Response Time", value: DashboardFormat.fixed(mean, decimals: 1) + "s", change: change,
            icon: "Clock", trend: direction, raw: DashboardFormat.rounded(mean, decimals: 2))
    }

    static func costToday(today: DashboardTimeline.Totals, yesterday: DashboardTimeline.Totals) -> StatCard {
        let dollars = Double(today.costMicros) / 1_000_000
        let zeroText = yesterday.runs == 0 ? "no runs yesterday" : "no cost yesterday"
        let (change, trend) = percentChange(
            Double(today.costMicros), against: Double(yesterday.costMicros), zeroText: zeroText)
        return StatCard(
            title: "Total Cost Today", value: "$" + DashboardFormat.fixed(dollars, decimals: 2), change: change,
            icon: "DollarSign", trend: trend, raw: DashboardFormat.rounded(dollars, decimals: 2))
    }

    /// `"+15% from yesterday"`, rounded to a whole percent; the trend follows the rounded figure.
    /// The percentage is clamped to ±10^15 so any ratio of stored sums converts without trapping.
    static func percentChange(_ current: Double, against previous: Double, zeroText: String)
        -> (String, StatCard.Trend)
    {
        guard previous > 0 else { return (zeroText, .neutral) }
        let ratio = ((current - previous) / previous * 100).rounded()
        let percent = Int64(ratio.isNaN ? 0 : min(max(ratio, -1e15), 1e15))
        return (DashboardFormat.signed(percent) + "% from yesterday", trend(of: percent))
    }

    static func trend(of difference: Int64) -> StatCard.Trend {
        difference > 0 ? .up : (difference < 0 ? .down : .neutral)
    }

    static func average(_ totals: DashboardTimeline.Totals) -> Double {
        totals.runtimeCount == 0 ? 0 : Double(totals.runtimeMicros) / Double(totals.runtimeCount) / 1_000_000
    }
}
