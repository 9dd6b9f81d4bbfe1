/// A route pattern such as `/api/v1/agents/{agentId}/runs`, split into segments.
///
/// Patterns are written by programmers at start-up, so a malformed one is a programming error and traps.
struct RoutePattern {
    enum Segment: Equatable {
        /// Matches exactly this (still percent-encoded) text.
        case literal(String)
        /// Matches any single non-empty segment and captures it under this name.
        case parameter(String)
    }

    let segments: [Segment]
    /// The pattern as written.
    let text: String

    /// The names of the `{param}` segments, in order.
    var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    init(_ pattern: String) {
        precondition(pattern.hasPrefix("/"), "Route pattern must start with '/': \(pattern)")
        text = pattern
        // Keeping empty pieces makes `/x/` a different route from `/x` (see `Router`).
        segments = pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { piece in
            if piece.first == "{" && piece.last == "}" && piece.count > 2 {
                let name = String(piece.dropFirst().dropLast())
                precondition(!name.contains("{") && !name.contains("}"), "Bad parameter in \(pattern)")
                return .parameter(name)
            }
            precondition(!piece.contains("{") && !piece.contains("}"), "Bad segment '\(piece)' in \(pattern)")
            return .literal(String(piece))
        }
        let names = parameterNames
        precondition(Set(names).count == names.count, "Duplicate parameter name in \(pattern)")
    }
}
