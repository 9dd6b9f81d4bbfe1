/// A keys file that cannot be used: unreadable, or a malformed line (with its 1-based number).
public struct APIKeysFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number; nil when the whole file is at fault (cannot be read).
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        guard let line else { return message }
        return "line \(line): \(message)"
    }
}
