/// The order of `agent_versions` rows: `?sort=field` ascending, `?sort=-field` descending.
///
/// Ties (and the default, `name`) follow the full array's order: agent name, then newest version first, then
/// version string and agent id, so every order is total and a cursor names one position exactly.
public struct VersionSort: Sendable, Hashable {
    public enum Field: String, Sendable, CaseIterable {
        case name, lastSeen, totalRuns, successRate, spend
    }

    public var field: Field
    public var descending: Bool

    /// The full array's order: agent name, newest version first.
    public static let byName = VersionSort(field: .name, descending: false)

    public init(field: Field, descending: Bool) {
        self.field = field
        self.descending = descending
    }

    /// Parses `field` or `-field`; nil for anything else.
    public init?(text: String) {
        let descending = text.hasPrefix("-")
        guard let field = Field(rawValue: String(descending ? text.dropFirst() : Substring(text))) else { return nil }
        self.init(field: field, descending: descending)
    }

    /// The `?sort=` text.
    public var text: String { (descending ? "-" : "") + field.rawValue }

    /// Where `row` sorts under this order.
    func key(_ row: VersionRow) -> VersionRowKey {
        let primary: VersionRowKey.Primary
        switch field {
        case .name: primary = .text(row.agentName)
        // A version without runs sorts as the oldest.
        case .lastSeen: primary = .integer(Int128(row.aggregate.lastSeenMs ?? Int64.min))
        case .totalRuns: primary = .integer(row.aggregate.totalRuns)
        case .successRate: primary = .number(row.aggregate.successRate)
        case .spend: primary = .integer(row.aggregate.spendMicros)
        }
        return VersionRowKey(
            primary: primary, agentName: row.agentName, createdMs: row.version.createdMs,
            version: row.version.version, agentId: row.version.agentId)
    }

    /// Whether `a` comes before `b` in this order: the primary value (reversed when descending), then the name
    /// order.
    func precedes(_ a: VersionRowKey, _ b: VersionRowKey) -> Bool {
        if a.primary != b.primary { return descending ? b.primary < a.primary : a.primary < b.primary }
        if a.agentName != b.agentName { return a.agentName < b.agentName }
        if a.createdMs != b.createdMs { return a.createdMs > b.createdMs }
        if a.version != b.version { return a.version < b.version }
        return a.agentId < b.agentId
    }
}
