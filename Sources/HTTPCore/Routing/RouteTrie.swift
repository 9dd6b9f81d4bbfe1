/// A segment trie of routes: one node per path prefix, each with literal children, at most one
/// parameter child, and the handlers of the routes that end there.
///
/// Nodes live in one array and refer to each other by index, which keeps the trie a plain value
/// (`Sendable`, copy-on-write) and lookups free of reference counting.
struct RouteTrie: Sendable {
    /// A route registered for one method at one node.
    struct Entry: Sendable {
        var method: String
        var handler: RouteHandler
        /// Checked before the handler, at routing time; see `Router.guardRoutes(_:)`.
        var routeGuard: HTTPRouteGuard?
        /// The pattern's parameter names, in path order; a node can be reached through patterns that
        /// name the same parameter position differently (`/a/{id}` GET vs `/a/{name}` POST).
        var parameterNames: [String]
        /// The route's index in `Router.routeTags`.
        var tag: Int
    }

    struct Node: Sendable {
        /// Literal children, scanned linearly: a node has a handful of children, and comparing a few
        /// short byte strings beats hashing a `String` built from the request path.
        var literals: [(segment: [UInt8], node: Int)] = []
        var parameter: Int?
        /// In registration order, which is also the order of the `Allow` header.
        var entries: [Entry] = []
        /// The `Router.routeTags` index of answers for this path that reach no entry (405, preflights).
        var otherTag = 0

        func literal(_ segment: UnsafeBufferPointer<UInt8>) -> Int? {
            for child in literals where child.segment.count == segment.count {
                if child.segment.withUnsafeBufferPointer({ $0.elementsEqual(segment) }) { return child.node }
            }
            return nil
        }
    }

    /// A successful path match: the node that holds the routes and the captured raw segments, as
    /// UTF-8 offsets into the path.
    struct Match {
        var node: Int
        var captures: [Range<Int>]
    }

    private(set) var nodes: [Node] = [Node()]
    /// Every route as registered, with where its entry lives. Kept out of `Entry`, which is copied on every
    /// request, so listing routes costs the request path nothing.
    private(set) var registrations: [(method: String, pattern: String, node: Int, entry: Int)] = []

    /// Adds a route; returns the node that holds it.
    @discardableResult
    mutating func insert(_ pattern: RoutePattern, method: String, handler: RouteHandler, tag: Int = 0) -> Int {
        var current = 0
        for segment in pattern.segments {
            switch segment {
            case .literal(let text):
                if let next = nodes[current].literals.first(where: { $0.segment.elementsEqual(text.utf8) }) {
                    current = next.node
                } else {
                    nodes.append(Node())
                    nodes[current].literals.append((Array(text.utf8), nodes.count - 1))
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
        registrations.append((method, pattern.text, current, nodes[current].entries.count))
        nodes[current].entries.append(
            Entry(
                method: method, handler: handler, routeGuard: nil, parameterNames: pattern.parameterNames, tag: tag))
        return current
    }

    /// Sets the guard of every entry to what `make` answers for its method and pattern.
    mutating func setGuards(_ make: (_ method: String, _ pattern: String) -> HTTPRouteGuard?) {
        for route in registrations {
            nodes[route.node].entries[route.entry].routeGuard = make(route.method, route.pattern)
        }
    }

    /// Sets the tag of a node's answers that reach no entry.
    mutating func setOtherTag(_ tag: Int, of node: Int) {
        nodes[node].otherTag = tag
    }

    /// Finds the node for `path` (which must start with `/`), ignoring the method.
    ///
    /// Literal children are tried before the parameter child, backtracking when a literal branch has no
    /// route for the rest of the path, so `/agents/register` beats `/agents/{id}` but
    /// `/agents/register/runs` still reaches `/agents/{id}/runs`.
    func match(_ path: String) -> Match? {
        var path = path
        // Native Swift strings are already contiguous, so this is normally free.
        return path.withUTF8 { bytes in
            guard bytes.first == UInt8(ascii: "/") else { return nil }
            var captures: [Range<Int>] = []
            guard let node = match(bytes, from: 1, at: 0, captures: &captures) else { return nil }
            return Match(node: node, captures: captures)
        }
    }

    /// Matches the segment starting at offset `start` (just after a `/`) and the rest of the path below
    /// `node`.
    private func match(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, at node: Int, captures: inout [Range<Int>]
    ) -> Int? {
        var end = start
        while end < bytes.count && bytes[end] != UInt8(ascii: "/") { end += 1 }
        let isLast = end == bytes.count
        if let child = nodes[node].literal(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
            if isLast {
                if !nodes[child].entries.isEmpty { return child }
            } else if let found = match(bytes, from: end + 1, at: child, captures: &captures) {
                return found
            }
        }
        if let child = nodes[node].parameter, end > start {
            captures.append(start..<end)
            if isLast {
                if !nodes[child].entries.isEmpty { return child }
            } else if let found = match(bytes, from: end + 1, at: child, captures: &captures) {
                return found
            }
            captures.removeLast()
        }
        return nil
    }
}
