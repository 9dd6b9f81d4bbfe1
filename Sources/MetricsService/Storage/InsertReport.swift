/// What one unordered `insert_many` reported, document by document (positions in the batch sent).
struct InsertReport: Sendable {
    /// Documents stored.
    var inserted = 0
    /// Positions a unique index rejected (already stored), ascending.
    var duplicateIndexes: [Int] = []
    /// Positions rejected for any other reason, with the error each means (-1: no position given, so every
    /// document is concerned).
    var failures: [(index: Int, error: StorageError)] = []
    /// A write-concern error, which concerns every document of the batch.
    var concernError: StorageError?

    /// One request's part of a batch made of several requests' documents, in order.
    enum Share: Equatable {
        case stored(inserted: Int, duplicateIndexes: [Int])
        case failed(StorageError)
    }

    /// Each request's share when the batch held `counts[i]` documents of request `i`, one after the other:
    /// its duplicates as positions in its own documents, or the first error of one of its documents (a
    /// write-concern error fails every request, as it would have failed each alone).
    func shares(counts: [Int]) -> [Share] {
        var shares: [Share] = []
        shares.reserveCapacity(counts.count)
        var duplicates = duplicateIndexes[...]
        var start = 0
        for count in counts {
            let end = start + count
            var own: [Int] = []
            while let index = duplicates.first, index < end {
                own.append(index - start)
                duplicates.removeFirst()
            }
            if let concernError {
                shares.append(.failed(concernError))
            } else if let failure = failures.first(where: { $0.index < 0 || (start..<end).contains($0.index) }) {
                shares.append(.failed(failure.error))
            } else {
                shares.append(.stored(inserted: count - own.count, duplicateIndexes: own))
            }
            start = end
        }
        return shares
    }
}
