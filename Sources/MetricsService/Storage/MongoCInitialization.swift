import CMongoC

/// Calls `mongoc_init()` exactly once per process, the only global state in the storage layer.
enum MongoCInitialization {
    // A static let initialiser runs once, thread-safely (swift_once).
    private static let initialized: Bool = {
        mongoc_init()
        return true
    }()

    static func ensure() {
        _ = initialized
    }
}
