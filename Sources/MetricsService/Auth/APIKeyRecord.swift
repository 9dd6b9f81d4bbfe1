/// One line of the keys file: a key's scope, the hash of the key, and the name logged in its place.
public struct APIKeyRecord: Sendable, Equatable {
    public var scope: APIScope
    public var hash: APIKeyHash
    /// Logged instead of the key; 1 to 64 visible ASCII characters, no spaces.
    public var name: String

    public init(scope: APIScope, hash: APIKeyHash, name: String) {
        self.scope = scope
        self.hash = hash
        self.name = name
    }

    /// The keys-file line for this record: `SCOPE SHA256_HEX NAME`.
    public var line: String { "\(scope.rawValue) \(hash.hex) \(name)" }

    /// Longest key name, so log lines stay bounded.
    public static let maximumNameLength = 64

    /// Why `name` cannot be a key name, or nil when it can: the name is a log field and the file's last
    /// column, so it is visible ASCII with no spaces.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name.utf8.count > maximumNameLength { return "the name is longer than \(maximumNameLength) characters" }
        if name.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            return "the name must be visible ASCII characters without spaces"
        }
        return nil
    }
}
