/// The stored documents a delta produced, for the worker's in-memory dashboard.
struct AppliedDelta: Sendable {
    var versions: [VersionAggregate]
    var minutes: [ActivityMinute] = []
    /// The new total of set-aside runs; nil when this delta set none aside.
    var setAsideTotal: Int128?
}
