/// An uncounted run as the worker reads it: countable, or set aside because it cannot be counted.
///
/// Only documents written around the API (by hand, by a tool, by an older version) can be set
/// aside: the API stores nothing outside `FieldBounds`. Setting such a run aside, rather than
/// failing the pass, is what keeps one bad document from stopping the worker for good.
enum StoredRun: Sendable, Equatable {
    case countable(RunSample)
    /// `id` is the document's `_id` as stored (whatever its type), `reason` what was wrong.
    case setAside(id: BSONValue, reason: String)

    /// Classifies one `agent_runs` document; never throws.
    init(bson: BSONValue) {
        do {
            self = .countable(try RunSample(bson: bson))
        } catch {
            let reason: String
            switch error {
            case .invalidData(let message): reason = message
            default: reason = "\(error)"
            }
            self = .setAside(id: bson["_id"] ?? .null, reason: reason)
        }
    }

    /// The document's `_id`, as the journal and the counted marker address it.
    var id: BSONValue {
        switch self {
        case .countable(let run): return .objectID(run.objectID)
        case .setAside(let id, _): return id
        }
    }

    var countable: RunSample? {
        if case .countable(let run) = self { return run }
        return nil
    }
}
