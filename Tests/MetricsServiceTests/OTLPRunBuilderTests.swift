import Testing

@testable import MetricsService

/// Runs written straight from their assembly: the dashboard's view of a run is what the worker reads back from
/// the stored document, and models and tools list the agent span's own first, then its descendants', each once.
struct OTLPRunBuilderTests {
    static let agentId = "0123456789abcdef01234567"

    static func run(failed: Bool, own: SpanOwn, descendants: SpanContribution) -> RunAssembly.Run {
        var span = AgentSpan(startNs: 1_764_000_000_123_456_789, endNs: 1_764_000_002_623_456_789)
        span.agentVersion = "2.0.0"
        span.failed = failed
        span.errorType = "timeout"
        return RunAssembly.Run(
            key: SpanKey(trace: TraceID(high: 7, low: 9), span: 0x8000_0000_0000_002A), span: span, agent: 0, own: own,
            descendants: descendants)
    }

    /// The document `OTLPRunBuilder.write` stores for `run`, as libbson reads it.
    static func stored(_ run: RunAssembly.Run, objectID: ObjectID.Bytes) throws -> BSONValue {
        var writer = BSONWriter()
        let totals = try OTLPRunBuilder.totals(run)
        IngestTargets.Target(agentId: agentId, version: run.span.agentVersion).withBytes {
            OTLPRunBuilder.write(run, totals: totals, objectID: objectID, target: $0, into: &writer)
        }
        return BSONDocument.value(ofBytes: writer.bytes[...])
    }

    @Test func theDashboardsViewIsWhatTheWorkerReadsBack() throws {
        var ids = ObjectIDSource()
        var descendants = SpanContribution()
        descendants.reportsUsage = true
        descendants.cost = 0.0123456
        for failed in [false, true] {
            let run = Self.run(failed: failed, own: SpanOwn(), descendants: descendants)
            let objectID = ids.generate()
            let sample = OTLPRunBuilder.sample(
                run, totals: try OTLPRunBuilder.totals(run), objectID: objectID, agentId: Self.agentId)
            #expect(sample == (try RunSample(bson: Self.stored(run, objectID: objectID))), "failed: \(failed)")
            #expect(sample.runId == 42 && sample.runtimeMicros == 2_500_000 && sample.costMicros == 12_346)
        }
    }

    @Test func modelsAndToolsListTheAgentSpansOwnFirstThenItsDescendantsOnce() throws {
        var own = SpanOwn()
        own.requestModel = "gpt-4o"
        own.responseModel = "gpt-4o-2024-08-06"
        own.tool = "search"
        var descendants = SpanContribution()
        descendants.models = ["claude", "gpt-4o-2024-08-06", "gpt-4o", "o3"]
        descendants.tools = ["fetch", "search"]
        let run = Self.run(failed: false, own: own, descendants: descendants)
        let stored = try AgentRun(bson: Self.stored(run, objectID: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)))
        #expect(stored.models == ["gpt-4o", "gpt-4o-2024-08-06", "claude", "o3"])
        #expect(stored.tools == ["search", "fetch"])
        #expect(stored.trace?.traceID == "00000000000000070000000000000009")
        #expect(stored.trace?.spanID == "800000000000002a" && stored.id == 42)
        // A response model equal to the request model is listed once.
        own.responseModel = "gpt-4o"
        var models: [String] = []
        OTLPRunBuilder.forEachModel(of: Self.run(failed: false, own: own, descendants: SpanContribution())) {
            models.append($0)
        }
        #expect(models == ["gpt-4o"])
    }
}
