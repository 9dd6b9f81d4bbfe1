/// The text form of a MongoDB ObjectId: 24 hex digits.
public enum ObjectIDText {
    /// Whether `text` is 24 hex digits (either case), i.e. an `{agentId}` that is an id rather
    /// than a name.
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 24
            && text.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
            }
    }
}
