/// A position in a run listing: the last run of the previous page, by `(created, _id)`.
///
/// Sent to clients as opaque text (base64url of `created_ms:_id_hex`), so its shape can change
/// without breaking them. A range on `(created, _id)` rather than `skip` keeps every page as cheap
/// as the first and never repeats or drops a run when new runs arrive between pages.
public struct RunCursor: Sendable, Equatable {
    /// The last listed run's `created`, in milliseconds since the epoch.
    public var createdMs: Int64
    /// The last listed run's `_id` as 24 lowercase hex digits.
    public var objectID: String

    public init(createdMs: Int64, objectID: String) {
        self.createdMs = createdMs
        self.objectID = objectID
    }

    /// The opaque text form.
    public var token: String {
        Base64URL.encode(Array("\(createdMs):\(objectID)".utf8))
    }

    /// Parses a token made by `token`; nil for anything else.
    public init?(token: String) {
        guard let bytes = Base64URL.decode(token) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let created = Int64(parts[0]), ObjectIDText.isValid(String(parts[1])) else {
            return nil
        }
        self.init(createdMs: created, objectID: parts[1].lowercased())
    }
}
