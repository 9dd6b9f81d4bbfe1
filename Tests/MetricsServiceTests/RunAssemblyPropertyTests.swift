import Testing
import TestSupport

@testable import MetricsService

/// `RunAssembly` against a naive reading of its contract on seeded random span forests: every span's nearest agent
/// found by walking parent links one at a time (no memo, no positions), with repeated keys, pending spans, missing
/// parents and cycles. Each span carries a distinct power of two as its tokens, so a run's token sum names exactly
/// the spans folded into it.
struct RunAssemblyPropertyTests {
    static let traces = [TraceID(high: 1, low: 2), TraceID(high: 3, low: 4)]

    private enum Outcome: Equatable {
        case agent(SpanKey)
        case orphan
        case waiting
    }

    /// The nearest agent strictly above `start` among `nodes` (the first copy of each key).
    private static func outcome(
        of start: SpanKey, nodes: [SpanKey: (parent: UInt64?, isAgent: Bool)]
    ) -> Outcome {
        var key = start
        for _ in 0...nodes.count {
            guard let parent = nodes[key]?.parent else { return .orphan }
            key = SpanKey(trace: key.trace, span: parent)
            guard let node = nodes[key] else { return .waiting }
            if node.isAgent { return .agent(key) }
        }
        return .orphan  // a cycle
    }

    @Test func matchesANaiveWalkOnRandomForests() {
        var generator = SeededGenerator(seed: 1414)
        var folded = 0
        var parked = 0
        for _ in 0..<400 {
            var power: Int64 = 0
            func span(_ generator: inout SeededGenerator) -> (SpanKey, UInt64?, Bool, Int64) {
                power = power == 0 ? 1 : power << 1
                let key = SpanKey(
                    trace: Self.traces.randomElement(using: &generator)!,
                    span: UInt64.random(in: 1...10, using: &generator))
                let parent: UInt64? =
                    Int.random(in: 0..<5, using: &generator) == 0 ? nil : .random(in: 1...12, using: &generator)
                return (key, parent, Int.random(in: 0..<3, using: &generator) == 0, power)
            }
            var export = ExportSpans()
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                let (key, parent, isAgent, tokens) = span(&generator)
                var own = SpanOwn()
                own.tokens.input = tokens
                export.append(
                    key: key, parent: parent, own: own, agent: isAgent ? AgentSpan(startNs: 1, endNs: 2) : nil)
            }
            var pending: [PendingSpan] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                let (key, parent, _, tokens) = span(&generator)
                var contribution = SpanContribution()
                contribution.tokens.input = tokens
                pending.append(PendingSpan(key: key, parent: parent ?? 1, contribution: contribution))
            }

            // The contract, read naively: first copies of keys (export spans first), each non-agent's outcome.
            var nodes: [SpanKey: (parent: UInt64?, isAgent: Bool)] = [:]
            var order: [(key: SpanKey, tokens: Int64, isPending: Bool)] = []
            for span in export.spans where nodes[span.key] == nil {
                nodes[span.key] = (span.parent, span.isAgent)
                order.append((span.key, span.own.tokens.input, false))
            }
            var resent: [SpanKey] = []
            for span in pending {
                guard nodes[span.key] == nil else {
                    resent.append(span.key)
                    continue
                }
                nodes[span.key] = (span.parent, false)
                order.append((span.key, span.contribution.tokens.input, true))
            }
            var expectedTokens: [SpanKey: Int64] = [:]
            var expectedPark: [SpanKey] = []
            var expectedConsumed: [SpanKey] = []
            var expectedOrphans = 0
            var expectedOrphanedPending = 0
            for node in order where nodes[node.key]?.isAgent == false {
                switch Self.outcome(of: node.key, nodes: nodes) {
                case .agent(let agent):
                    expectedTokens[agent, default: 0] += node.tokens
                    folded += 1
                    if node.isPending { expectedConsumed.append(node.key) }
                case .orphan where node.isPending:
                    expectedOrphanedPending += 1
                    expectedConsumed.append(node.key)
                case .orphan: expectedOrphans += 1
                case .waiting where !node.isPending && nodes[node.key]?.parent != nil: expectedPark.append(node.key)
                case .waiting: break
                }
            }
            for key in resent where nodes[key]!.isAgent || Self.outcome(of: key, nodes: nodes) != .waiting {
                expectedConsumed.append(key)
            }

            let assembly = RunAssembly(export: export, pending: pending)
            let agents = order.filter { nodes[$0.key]!.isAgent }.map(\.key)
            #expect(assembly.runs.map(\.key) == agents)
            for run in assembly.runs {
                #expect(run.descendants.tokens.input == expectedTokens[run.key, default: 0])
            }
            #expect(assembly.park.map(\.key) == expectedPark)
            #expect(assembly.consumed == expectedConsumed)
            #expect(assembly.orphans == expectedOrphans)
            #expect(assembly.orphanedPending == expectedOrphanedPending)
            parked += expectedPark.count
        }
        // The forests exercised folding and parking, not only orphans.
        #expect(folded > 100 && parked > 100, "folded \(folded), parked \(parked)")
    }
}
