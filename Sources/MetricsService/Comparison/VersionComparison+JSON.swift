extension VersionComparison {
    /// `[{"metric","base","candidate","difference","pValue","verdict"}, ...]`: values rounded as
    /// `agent_versions` rounds them (2 places for percentages, 3 for seconds, 6 for dollars), the
    /// difference from the unrounded values, the p-value unrounded.
    func writeMetrics(to writer: inout JSONWriter) {
        writer.beginArray()
        for metric in metrics {
            let decimals = metric.metric.decimals
            writer.beginObject()
            writer.key("metric")
            writer.string(metric.metric.rawValue)
            writer.key("base")
            writer.optionalDouble(metric.base, decimals: decimals)
            writer.key("candidate")
            writer.optionalDouble(metric.candidate, decimals: decimals)
            writer.key("difference")
            writer.optionalDouble(metric.difference, decimals: decimals)
            writer.key("pValue")
            if let pValue = metric.pValue { writer.double(pValue) } else { writer.null() }
            writer.key("verdict")
            writer.string(metric.verdict.rawValue)
            writer.endObject()
        }
        writer.endArray()
    }
}

extension ComparedMetric {
    /// Decimal places in JSON.
    var decimals: Int {
        switch self {
        case .successRate: 2
        case .avgRuntime, .p95Runtime: 3
        case .costPerRun: 6
        }
    }
}

extension ComparisonSample {
    /// `{"version", "runs", "successes", "failures", "successRate", "avgRuntime", "p50Runtime", "p95Runtime",
    /// "costPerRun", "spend"}`; rates, means and percentiles are null without the runs they need.
    func writeJSON(version: String, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("version")
        writer.string(version)
        writer.key("runs")
        writer.int128(cost.count)
        writer.key("successes")
        writer.int128(successes)
        writer.key("failures")
        writer.int128(failures)
        writer.key("successRate")
        writer.optionalDouble(successRate, decimals: ComparedMetric.successRate.decimals)
        writer.key("avgRuntime")
        writer.optionalDouble(meanRuntime, decimals: ComparedMetric.avgRuntime.decimals)
        writer.key("p50Runtime")
        writer.optionalDouble(
            runtime.count > 0 ? runtimeHistogram.quantile(0.5) : nil, decimals: ComparedMetric.p95Runtime.decimals)
        writer.key("p95Runtime")
        writer.optionalDouble(p95Runtime, decimals: ComparedMetric.p95Runtime.decimals)
        writer.key("costPerRun")
        writer.optionalDouble(costPerRun, decimals: ComparedMetric.costPerRun.decimals)
        writer.key("spend")
        writer.double(Double(cost.sum) / 1_000_000)
        writer.endObject()
    }
}
