/// A row's position under a `VersionSort`: its sort value and the name order that breaks ties. A cursor carries
/// one, so the next page starts after the same position even when the rows changed in between.
struct VersionRowKey: Sendable, Hashable {
    enum Primary: Sendable, Hashable, Comparable {
        case text(String)
        case integer(Int128)
        case number(Double)
    }

    var primary: Primary
    var agentName: String
    var createdMs: Int64
    var version: String
    var agentId: String
}
