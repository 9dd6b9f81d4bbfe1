/// Step 4 of "Exactly once" (see `MetricsWorker`) for one collection of aggregates.
extension MetricsStore {
    /// Adds each delta to its stored document, replaced whole and stamped with `passID` (a document not stored yet
    /// is inserted as the delta). A document already
    /// stamped with `passID` was written by this same pass before a crash and is left as it is: that check is what
    /// makes re-applying a journal idempotent. Every write goes through `fence`, so a worker that lost the lease
    /// stops with `leaseLost` rather than overwrite what a newer holder wrote. `limit` stops after that many
    /// documents (crash simulation in tests). Returns the documents as now stored, in the order of `deltas`.
    func replace<Aggregate: PassAggregate>(
        _ deltas: [Aggregate], in name: String, passID: String, fence: WriteFence, limit: Int? = nil
    ) async throws -> [Aggregate] {
        guard !deltas.isEmpty else { return [] }
        return try await pool.withClient { client in
            let collection = client.collection(name)
            let filter = try BSONDocument([("_id", ["$in": .array(deltas.map(\.storedID))])])
            var stored: [String: (aggregate: Aggregate, thisPass: Bool)] = [:]
            for document in try collection.find(filter) {
                let aggregate = try deltas[0].decodeStored(document)
                stored[aggregate.matchKey] = (aggregate, document["applied_pass"]?.stringValue == passID)
            }
            var result: [Aggregate] = []
            for (written, delta) in deltas.enumerated() {
                if let limit, written >= limit { break }
                let existing = stored[delta.matchKey]
                if let existing, existing.thisPass {
                    result.append(existing.aggregate)
                    continue
                }
                guard let existing else {
                    try fence.insert(in: collection, document: delta.toBSON(appliedPass: passID))
                    result.append(delta)
                    continue
                }
                var aggregate = existing.aggregate
                aggregate.merge(delta)
                try fence.replace(in: collection, id: aggregate.storedID, with: aggregate.toBSON(appliedPass: passID))
                result.append(aggregate)
            }
            return result
        }
    }
}
