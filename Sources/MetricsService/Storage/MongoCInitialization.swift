import CMongoC
import Logging

/// Calls `mongoc_init()` exactly once per process and routes libmongoc's own log lines
/// (which otherwise go straight to stderr) into swift-log. This is the storage layer's only
/// global state.
enum MongoCInitialization {
    // A static let initialiser runs once, thread-safely (swift_once).
    private static let initialized: Bool = {
        mongoc_init()
        mongoc_log_set_handler(
            { level, domain, message, _ in
                // A C callback cannot capture a logger; making one per line is fine for the
                // rare lines libmongoc emits (mostly server-monitor chatter at debug).
                let logger = Logger(label: "agent-metrics.storage.mongoc")
                let text = message.map { String(cString: $0) } ?? ""
                let metadata: Logger.Metadata = ["mongoc.domain": "\(domain.map { String(cString: $0) } ?? "")"]
                switch level {
                case MONGOC_LOG_LEVEL_ERROR, MONGOC_LOG_LEVEL_CRITICAL:
                    logger.error("\(text)", metadata: metadata)
                case MONGOC_LOG_LEVEL_WARNING:
                    logger.warning("\(text)", metadata: metadata)
                default:
                    logger.trace("\(text)", metadata: metadata)
                }
            }, nil)
        return true
    }()

    static func ensure() {
        _ = initialized
    }
}
