/// Which runs an export makes, and what happens to each other span: the span-to-run mapping's decisions, with no
/// storage (`OTLPIngest` performs them).
///
/// Every agent span (`invoke_agent`/`invoke_workflow`) is one run. Every other span adds its contribution to the
/// run of its *nearest* agent ancestor, found through parent links among this export's spans and the pending
/// spans of the same traces. So a sub-agent's chat spans count in the sub-agent's run and not again in the
/// supervisor's: summing runs never counts a token or a dollar twice.
///
/// A non-agent span whose chain ends at a root that is not an agent can never get an agent: it is dropped
/// (`orphans`, or `orphanedPending` for a pending span). One whose chain ends at a span not seen yet is
/// parked (`park`) until that span arrives or the pending span expires.
struct RunAssembly: Sendable, Equatable {
    /// An agent span and what its descendants add.
    struct Run: Sendable, Equatable {
        var key: SpanKey
        var span: AgentSpan
        /// The position of `span` in the export's `agents`.
        var agent: Int
        /// The agent span's own contribution.
        var own: SpanOwn
        var descendants = SpanContribution()
    }

    var runs: [Run] = []
    /// This export's spans to keep pending.
    var park: [PendingSpan] = []
    /// Pending spans to delete: folded into a run, re-sent in this export, or found to have no agent ancestor.
    var consumed: [SpanKey] = []
    /// This export's spans dropped because no agent span can ever be above them.
    var orphans = 0
    /// Pending spans dropped for the same reason, now that their chain's root arrived.
    var orphanedPending = 0

    private enum Resolution: Equatable {
        case agent(Int)
        /// The chain ends at a root span that is not an agent.
        case orphan
        /// The chain ends at a parent not seen yet.
        case waiting
    }

    /// A span of the export or a pending one, by its position in the arrays given to `init` (its contribution
    /// is read from there only when it is folded or parked, never copied per node).
    private struct Node {
        var key: SpanKey
        var parent: UInt64?
        var run: Int?
        /// Index into `pending` when `isPending`, else into `spans`.
        var source: Int
        var isPending: Bool
        var resolution: Resolution?
    }

    /// Decides for `export` (one export's valid spans) and `pending` (the stored pending spans of their traces).
    ///
    /// Nodes live in one array in arrival order and are found by key through one dictionary of positions: a span
    /// costs one hash to insert and one to find its parent, and the walks up the tree move by position
    /// (BENCHMARKS.md, "OTLP ingest, third pass").
    init(export: ExportSpans, pending: [PendingSpan]) {
        let spans = export.spans
        var positions: [SpanKey: Int] = [:]
        positions.reserveCapacity(spans.count + pending.count)
        var nodes: [Node] = []
        nodes.reserveCapacity(spans.count + pending.count)
        // Growing `runs` copied every run so far, several times per export.
        runs.reserveCapacity(export.agents.count)
        // Positions of the nodes that pending spans sent again in this export (or twice in `pending`) repeat.
        var resent: [Int] = []
        // By index: `for span in spans` copied each span (a retain per model and tool) only to read it.
        for index in spans.indices {
            let key = spans[index].key
            // One hash when the key is new; a repeated key (the first copy counts) puts the first position back.
            if let first = positions.updateValue(nodes.count, forKey: key) {
                positions[key] = first
                continue
            }
            var run: Int?
            if let agent = spans[index].agent {
                run = runs.count
                runs.append(Run(key: key, span: export.agents[agent], agent: agent, own: spans[index].own))
            }
            nodes.append(
                Node(
                    key: key, parent: spans[index].parent, run: run, source: index, isPending: false, resolution: nil))
        }
        for (index, span) in pending.enumerated() {
            if let first = positions.updateValue(nodes.count, forKey: span.key) {
                positions[span.key] = first
                resent.append(first)
                continue
            }
            nodes.append(
                Node(key: span.key, parent: span.parent, run: nil, source: index, isPending: true, resolution: nil))
        }
        var path: [Int] = []
        var lookup = ParentLookup(positions: positions)
        for position in nodes.indices {
            let node = nodes[position]
            guard node.run == nil else { continue }
            switch Self.resolve(position, in: &nodes, lookup: &lookup, path: &path) {
            case .agent(let index):
                if node.isPending {
                    runs[index].descendants.absorb(pending[node.source].contribution)
                    consumed.append(node.key)
                } else {
                    runs[index].descendants.absorb(spans[node.source].own)
                }
            case .orphan where node.isPending:
                orphanedPending += 1
                consumed.append(node.key)
            case .orphan:
                orphans += 1
            case .waiting:
                if !node.isPending, let parent = node.parent {
                    park.append(
                        PendingSpan(
                            key: node.key, parent: parent, contribution: SpanContribution(spans[node.source].own)))
                }
            }
        }
        // A pending span sent again: this export's copy decided, so the stored one goes unless it still waits.
        for position in resent where nodes[position].resolution != .waiting { consumed.append(nodes[position].key) }
    }

    /// The nearest agent above the node at `start`, walking parent links and remembering the answer for every
    /// node on the way, so an export costs one walk per span at most. A cycle of parent links reads as an orphan.
    /// `path` is scratch space kept by the caller across calls.
    private static func resolve(
        _ start: Int, in nodes: inout [Node], lookup: inout ParentLookup, path: inout [Int]
    ) -> Resolution {
        path.removeAll(keepingCapacity: true)
        var position = start
        var resolution: Resolution
        while true {
            let node = nodes[position]
            if let known = node.resolution {
                resolution = known
                break
            }
            if position != start, let run = node.run {
                resolution = .agent(run)
                break
            }
            guard path.count <= nodes.count, let parent = node.parent else {
                resolution = .orphan
                break
            }
            path.append(position)
            guard let next = lookup.position(of: SpanKey(trace: node.key.trace, span: parent)) else {
                resolution = .waiting
                break
            }
            position = next
        }
        for visited in path { nodes[visited].resolution = resolution }
        return resolution
    }

    /// Finds nodes by key, keeping the last answer: siblings, which usually follow each other in an export, ask
    /// for the same parent, so an agent span's children cost one hash for their parent, not one each. Every key
    /// is still hashed whole (trace and span id) by the seeded `Hasher`: hashing less of it would let an export of
    /// spans sharing a span id across traces collide on purpose.
    private struct ParentLookup {
        let positions: [SpanKey: Int]
        var last: (key: SpanKey, position: Int?)?

        init(positions: [SpanKey: Int]) {
            self.positions = positions
        }

        mutating func position(of key: SpanKey) -> Int? {
            if let last, last.key == key { return last.position }
            let position = positions[key]
            last = (key, position)
            return position
        }
    }
}
