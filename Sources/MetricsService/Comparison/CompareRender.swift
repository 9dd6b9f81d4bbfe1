/// The JSON body of `ui/compare`.
enum CompareRender {
    static func render(
        agent: (id: String, name: String), query: CompareQuery, base: ComparisonSample, candidate: ComparisonSample,
        configuration: ComparisonConfiguration
    ) -> [UInt8] {
        let comparison = VersionComparison(base: base, candidate: candidate, configuration: configuration)
        var writer = JSONWriter(capacity: 1_200)
        writer.beginObject()
        writer.key("agent")
        writer.beginObject()
        writer.key("id")
        writer.string(agent.id)
        writer.key("name")
        writer.string(agent.name)
        writer.endObject()
        writer.key("since")
        if let since = query.sinceMs { writer.date(milliseconds: since) } else { writer.null() }
        writer.key("minimumRuns")
        writer.int(Int64(configuration.minimumRuns))
        writer.key("base")
        base.writeJSON(version: query.base, to: &writer)
        writer.key("candidate")
        candidate.writeJSON(version: query.candidate, to: &writer)
        writer.key("metrics")
        comparison.writeMetrics(to: &writer)
        writer.key("verdict")
        writer.string(comparison.verdict.rawValue)
        writer.endObject()
        return writer.bytes
    }
}
