import Testing

@testable import MetricsService

/// The span-to-run decisions without storage: nearest-agent attribution, pending spans folded in, orphans dropped,
/// spans waiting for an unseen parent parked.
struct RunAssemblyTests {
    static let trace = TraceID(high: 1, low: 2)

    /// A span of an export: its `ExportSpan` fields, and its run fields when it is an agent span.
    struct Span: Equatable {
        var key: SpanKey
        var parent: UInt64?
        var own = SpanOwn()
        var agent: AgentSpan?
    }

    static func span(_ id: UInt64, parent: UInt64?, agent: Bool = false, tokens: Int64 = 0, tool: String? = nil)
        -> Span
    {
        var span = Span(
            key: SpanKey(trace: trace, span: id), parent: parent, agent: agent ? AgentSpan(startNs: 1, endNs: 2) : nil)
        span.own.tokens.input = tokens
        span.own.reportsUsage = tokens > 0
        span.own.cost = Double(tokens) / 1000
        span.own.tool = tool
        return span
    }

    static func assemble(_ spans: [Span], pending: [PendingSpan] = []) -> RunAssembly {
        var export = ExportSpans()
        for span in spans { export.append(key: span.key, parent: span.parent, own: span.own, agent: span.agent) }
        return RunAssembly(export: export, pending: pending)
    }

    @Test func childrenCountOnlyInTheirNearestAgentsRun() {
        let assembly = Self.assemble([
            Self.span(3, parent: 2, tokens: 50),  // the sub-agent's chat
            Self.span(4, parent: 1, tokens: 10, tool: "search"),  // the supervisor's tool
            Self.span(5, parent: 4, tokens: 5),  // under a non-agent span
            Self.span(2, parent: 1, agent: true),  // sub-agent
            Self.span(1, parent: nil, agent: true),  // supervisor
        ])
        #expect(assembly.runs.map(\.key.span) == [2, 1])
        #expect(assembly.runs[0].descendants.tokens.input == 50)
        #expect(assembly.runs[1].descendants.tokens.input == 15)
        #expect(assembly.runs[1].descendants.tools == ["search"])
        #expect(assembly.park.isEmpty && assembly.consumed.isEmpty && assembly.orphans == 0)
    }

    @Test func pendingChildrenFoldInAndWaitingOnesAreParked() {
        let pending = [
            PendingSpan(
                key: SpanKey(trace: Self.trace, span: 7), parent: 1,
                contribution: SpanContribution(Self.span(7, parent: 1, tokens: 30).own)),
            PendingSpan(key: SpanKey(trace: Self.trace, span: 8), parent: 99, contribution: SpanContribution()),
        ]
        let assembly = Self.assemble(
            [Self.span(1, parent: nil, agent: true), Self.span(9, parent: 42, tokens: 1)], pending: pending)
        #expect(assembly.runs.first?.descendants.tokens.input == 30)
        #expect(assembly.consumed == [SpanKey(trace: Self.trace, span: 7)])
        #expect(
            assembly.park == [
                PendingSpan(
                    key: SpanKey(trace: Self.trace, span: 9), parent: 42,
                    contribution: SpanContribution(Self.span(9, parent: 42, tokens: 1).own))
            ])
    }

    @Test func rootsWithoutAnAgentAndCyclesAreOrphans() {
        let assembly = Self.assemble([
            Self.span(1, parent: nil), Self.span(2, parent: 1), Self.span(3, parent: 4), Self.span(4, parent: 3),
        ])
        #expect(assembly.runs.isEmpty && assembly.park.isEmpty)
        #expect(assembly.orphans == 4)
    }

    @Test func aSpanSentTwiceCountsOnce() {
        let child = Self.span(2, parent: 1, tokens: 10)
        let assembly = Self.assemble(
            [Self.span(1, parent: nil, agent: true), child, child],
            pending: [
                PendingSpan(key: child.key, parent: 1, contribution: SpanContribution(child.own))
            ])
        #expect(assembly.runs.first?.descendants.tokens.input == 10)
        #expect(assembly.consumed == [child.key])
    }

    /// `OTLPFuzz` found an export with one agent span sent twice: its first copy is the one run, the second adds
    /// nothing (the harness had expected a run per agent span).
    @Test func anAgentSpanSentTwiceIsOneRunOfItsFirstCopy() {
        var first = Self.span(2, parent: 1, agent: true)
        first.agent?.errorType = "timeout"
        var second = Self.span(2, parent: 1, agent: true, tokens: 40)
        second.agent?.costAttribute = 0.25
        let root = Self.span(1, parent: nil, agent: true)
        let assembly = Self.assemble([Self.span(3, parent: 2, tokens: 5), first, second, root])
        #expect(assembly.runs.map(\.key) == [first.key, root.key])
        #expect(assembly.runs.map(\.span) == [first.agent, root.agent])
        #expect(assembly.runs.map(\.own) == [first.own, root.own])
        #expect(assembly.runs[0].descendants.tokens.input == 5)
        #expect(assembly.runs[1].descendants.tokens.input == 0)
        #expect(assembly.orphans == 0 && assembly.park.isEmpty)
    }

    @Test func aPendingSpanSentAgainStaysOnlyWhileItStillWaits() {
        let waiting = Self.span(9, parent: 42, tokens: 1)
        let pending = [
            PendingSpan(key: waiting.key, parent: 42, contribution: SpanContribution(waiting.own)),
            PendingSpan(key: SpanKey(trace: Self.trace, span: 3), parent: 1, contribution: SpanContribution()),
            PendingSpan(key: SpanKey(trace: Self.trace, span: 3), parent: 1, contribution: SpanContribution()),
        ]
        let assembly = Self.assemble(
            [waiting, Self.span(1, parent: nil, agent: true), Self.span(3, parent: 1, tokens: 7)], pending: pending)
        // Span 3's export copy counts once; its two stored copies go. Span 9 still waits: parked, not deleted.
        #expect(assembly.runs.first?.descendants.tokens.input == 7)
        #expect(assembly.consumed == [SpanKey(trace: Self.trace, span: 3), SpanKey(trace: Self.trace, span: 3)])
        #expect(
            assembly.park == [PendingSpan(key: waiting.key, parent: 42, contribution: SpanContribution(waiting.own))])
    }

    @Test func descendantUsageWinsOverTheAgentSpansOwnAndTheCostAttributeWinsOverBoth() throws {
        var agent = Self.span(1, parent: nil, agent: true, tokens: 500)
        agent.agent?.agentName = "a"
        agent.agent?.agentVersion = "v"
        let run = try Self.stored(Self.assemble([agent, Self.span(2, parent: 1, tokens: 20)]).runs[0])
        #expect(run.trace?.tokens.input == 20 && run.cost == 0.02)
        agent.agent?.costAttribute = 1.5
        let priced = try Self.stored(Self.assemble([agent]).runs[0])
        #expect(priced.trace?.tokens.input == 500 && priced.cost == 1.5)
        #expect(OTLPRunBuilder.runID(spanID: UInt64.max) == Int64.max)
        #expect(priced.timeTakenText == "1ns" && priced.status == "completed")
        agent.agent?.costAttribute = FieldBounds.maximumCost * 2
        #expect(throws: SpanRejection.self) { try OTLPRunBuilder.totals(Self.assemble([agent]).runs[0]) }
    }

    /// A run as stored: written by `OTLPRunBuilder` and read back as the API reads stored runs.
    static func stored(_ run: RunAssembly.Run) throws -> AgentRun {
        var writer = BSONWriter()
        var ids = ObjectIDSource()
        let objectID = ids.generate()
        let totals = try OTLPRunBuilder.totals(run)
        IngestTargets.Target(agentId: "0123456789abcdef01234567", version: run.span.agentVersion).withBytes {
            OTLPRunBuilder.write(run, totals: totals, objectID: objectID, target: $0, into: &writer)
        }
        return try AgentRun(bson: BSONDocument.value(ofBytes: writer.bytes[...]))
    }
}
