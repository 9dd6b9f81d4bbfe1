/// The JSON body of `ui/timeseries`: one element per bucket of the range, oldest first, empty buckets included.
enum TimeSeriesRender {
    /// Sums `buckets` (of any versions) per start within `query`'s range and writes every bucket of the range.
    static func render(_ query: TimeSeriesQuery, buckets: [VersionBucket]) -> [UInt8] {
        var sums = [RunSums](repeating: RunSums(), count: query.count)
        for bucket in buckets where bucket.startMs >= query.firstStartMs && bucket.startMs < query.endMs {
            sums[Int((bucket.startMs - query.firstStartMs) / query.width.lengthMs)].merge(bucket.sums)
        }
        var writer = JSONWriter(capacity: 32 + query.count * 200)
        writer.beginArray()
        for (index, bucket) in sums.enumerated() {
            writer.beginObject()
            writer.key("start")
            writer.date(milliseconds: query.firstStartMs + Int64(index) * query.width.lengthMs)
            writer.key("runs")
            writer.int128(bucket.runs)
            writer.key("successes")
            writer.int128(bucket.successes)
            writer.key("failures")
            writer.int128(bucket.failures)
            writer.key("successRate")
            writer.optionalDouble(bucket.successRate, decimals: 2)
            writer.key("avgRuntime")
            writer.optionalDouble(bucket.averageRuntime, decimals: 3)
            writer.key("p50Runtime")
            writer.optionalDouble(bucket.runtimePercentile(0.5), decimals: 3)
            writer.key("p95Runtime")
            writer.optionalDouble(bucket.runtimePercentile(0.95), decimals: 3)
            writer.key("cost")
            writer.double(bucket.totalCost)
            writer.endObject()
        }
        writer.endArray()
        return writer.bytes
    }
}

extension JSONWriter {
    /// `value` rounded to `decimals` places, or `null`.
    mutating func optionalDouble(_ value: Double?, decimals: Int) {
        if let value { double(DashboardFormat.rounded(value, decimals: decimals)) } else { null() }
    }
}
