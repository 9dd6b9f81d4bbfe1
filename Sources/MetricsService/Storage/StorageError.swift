import CMongoC

/// Errors from the MongoDB storage layer. Each case maps to exactly one HTTP status, in one
/// place outside this layer.
public enum StorageError: Error, Sendable, Equatable {
    /// The database could not be reached: server selection, connection or socket failures,
    /// timeouts, a primary stepping down, or a shut-down pool.
    case unavailable(String)
    /// A write hit a unique index (server code 11000).
    case duplicateKey(String)
    /// Data could not be converted to or from BSON.
    case invalidData(String)
    /// Too much database work is already waiting (the queue is full, or this operation waited
    /// past its limit): the server sheds load instead of growing memory and latency.
    case overloaded(String)
    /// The server or driver refused a value being written (a bad value, a document too large):
    /// the request's fault, not an outage.
    case rejectedValue(String)
    /// The server or driver rejected the operation for another reason.
    case commandFailed(code: Int, message: String)
}

extension StorageError {
    /// Server error codes that mean "try again later" rather than "your request is wrong".
    private static let transientServerCodes: Set<Int> = [
        6,  // HostUnreachable
        7,  // HostNotFound
        50,  // MaxTimeMSExpired
        89,  // NetworkTimeout
        91,  // ShutdownInProgress
        189,  // PrimarySteppedDown
        262,  // ExceededTimeLimit
        10107,  // NotWritablePrimary
        11600,  // InterruptedAtShutdown
        11602,  // InterruptedDueToReplStateChange
        13435,  // NotPrimaryNoSecondaryOk
        13436,  // NotPrimaryOrSecondary
    ]

    /// Server error codes that mean "this value cannot be stored".
    private static let rejectedValueServerCodes: Set<Int> = [
        2,  // BadValue
        9,  // FailedToParse
        14,  // TypeMismatch
        22,  // InvalidBSON
        10334,  // BSONObjectTooLarge
        17280,  // KeyTooLong
    ]

    /// Server codes for unique-index violations (11001 and 12582 are legacy spellings).
    static let duplicateKeyCodes: Set<Int> = [11000, 11001, 12582]

    /// Classifies a server error code and message (for example from a write error entry).
    static func fromServer(code: Int, message: String) -> StorageError {
        if duplicateKeyCodes.contains(code) { return .duplicateKey(message) }
        if transientServerCodes.contains(code) { return .unavailable(message) }
        if rejectedValueServerCodes.contains(code) { return .rejectedValue(message) }
        return .commandFailed(code: code, message: message)
    }

    /// Classifies a libmongoc error (error API version 2).
    init(_ error: UnsafePointer<bson_error_t>) {
        let domain = error.pointee.domain
        let code = Int(error.pointee.code)
        let message = BSONErrorBuffer.message(of: error)
        switch domain {
        case MONGOC_ERROR_STREAM.rawValue, MONGOC_ERROR_SERVER_SELECTION.rawValue,
            MONGOC_ERROR_POOL.rawValue:
            self = .unavailable(message)
        case MONGOC_ERROR_CLIENT.rawValue where code == Int(MONGOC_ERROR_CLIENT_NOT_READY.rawValue):
            self = .unavailable(message)
        case MONGOC_ERROR_SERVER.rawValue, MONGOC_ERROR_WRITE_CONCERN.rawValue:
            self = .fromServer(code: code, message: message)
        case MONGOC_ERROR_BSON.rawValue:
            // The driver validates what is being sent (document size, key names) before sending it.
            self = .rejectedValue(message)
        case MONGOC_ERROR_COMMAND.rawValue where code == Int(MONGOC_ERROR_COMMAND_INVALID_ARG.rawValue):
            self = .rejectedValue(message)
        default:
            self = .commandFailed(code: code, message: message)
        }
    }
}
