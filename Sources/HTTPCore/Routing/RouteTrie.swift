/// A segment trie of routes: one node per path prefix, each with literal children, at most one
/// parameter child, and the handlers of the routes that end there.
///
/// Nodes live in one array and refer to each other by index, which keeps the trie a plain value
/// (`Sendable`, copy-on-write) and lookups free of reference counting.
struct RouteTrie: Sendable {
    /// A route registered for one method at one node.
    struct Entry: Sendable {
        var method: String
        var handler: HTTPHandler
        /// The pattern's parameter names, in path order; a node can be reached through patterns that
        /// name the same parameter position differently (`/a/{id}` GET vs `/a/{name}` POST).
        var parameterNames: [String]
    }

    struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameter: Int?
        /// In registration order, which is also the order of the `Allow` header.
        var entries: [Entry] = []
    }

    /// A successful path match: the node that holds the routes and the captured raw segments.
    struct Match {
        var node: Int
        var captures: [Range<String.Index>]
    }

    private(set) var nodes: [Node] = [Node()]

    mutating func insert(_ pattern: RoutePattern, method: String, handler: @escaping HTTPHandler) {
        var current = 0
        for segment in pattern.segments {
            switch segment {
            case .literal(let text):
                if let next = nodes[current].literals[text] {
                    current = next
                } else {
                    nodes.append(Node())
                    nodes[current].literals[text] = nodes.count - 1
                    current = nodes.count - 1
                }
            case .parameter:
                if let next = nodes[current].parameter {
                    current = next
                } else {
                    nodes.append(Node())
                    nodes[current].parameter = nodes.count - 1
                    current = nodes.count - 1
                }
            }
        }
        precondition(
            !nodes[current].entries.contains { $0.method == method },
            "Route \(method) registered twice for the same pattern")
        nodes[current].entries.append(Entry(method: method, handler: handler, parameterNames: pattern.parameterNames))
    }

    /// Finds the node for `path` (which must start with `/`), ignoring the method.
    ///
    /// Literal children are tried before the parameter child, backtracking when a literal branch has no
    /// route for the rest of the path, so `/agents/register` beats `/agents/{id}` but
    /// `/agents/register/runs` still reaches `/agents/{id}/runs`.
    func match(_ path: String) -> Match? {
        let utf8 = path.utf8
        guard utf8.first == UInt8(ascii: "/") else { return nil }
        var captures: [Range<String.Index>] = []
        guard let node = match(path, from: utf8.index(after: utf8.startIndex), at: 0, captures: &captures) else {
            return nil
        }
        return Match(node: node, captures: captures)
    }

    /// Matches the segment starting at `start` (just after a `/`) and the rest of the path below `node`.
    private func match(
        _ path: String, from start: String.Index, at node: Int, captures: inout [Range<String.Index>]
    ) -> Int? {
        let utf8 = path.utf8
        let end = utf8[start...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
        let isLast = end == utf8.endIndex
        let segment = path[start..<end]
        if let child = nodes[node].literals[String(segment)] {
            if isLast {
                if !nodes[child].entries.isEmpty { return child }
            } else if let found = match(path, from: utf8.index(after: end), at: child, captures: &captures) {
                return found
            }
        }
        if let child = nodes[node].parameter, !segment.isEmpty {
            captures.append(start..<end)
            if isLast {
                if !nodes[child].entries.isEmpty { return child }
            } else if let found = match(path, from: utf8.index(after: end), at: child, captures: &captures) {
                return found
            }
            captures.removeLast()
        }
        return nil
    }
}
