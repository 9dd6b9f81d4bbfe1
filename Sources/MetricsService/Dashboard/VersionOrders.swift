import HTTPCore

/// The rows of one snapshot in each requested order, sorted once per snapshot and kept with it: a page is then a
/// binary search for its cursor and a walk, never a sort.
final class VersionOrders: Sendable {
    private let orders = LockedValue<[VersionSort: [Int]]>([:])

    /// Indexes into `rows` in `sort`'s order. `rows` must be the snapshot's rows, the same on every call.
    func order(_ sort: VersionSort, rows: [VersionRow]) -> [Int] {
        if let order = orders.withLock({ $0[sort] }) { return order }
        let keys = rows.map(sort.key)
        let order = rows.indices.sorted { sort.precedes(keys[$0], keys[$1]) }
        orders.withLock { $0[sort] = order }
        return order
    }
}
