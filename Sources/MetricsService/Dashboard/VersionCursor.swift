/// A position in an `agent_versions` page walk: the last row of the previous page under one sort.
///
/// Sent as opaque text (base64url of a JSON array of strings), so its shape can change without breaking clients.
/// It holds values, not an index, so a page starts after the same row position even when a worker pass re-sorted
/// the rows in between (a row whose value changed may then move across the page boundary, as in any keyset walk).
public struct VersionCursor: Sendable, Hashable {
    var sort: VersionSort
    var key: VersionRowKey

    /// The opaque text form.
    public var token: String {
        var writer = JSONWriter(capacity: 128)
        writer.beginArray()
        for part in [
            sort.text, Self.text(key.primary), key.agentName, String(key.createdMs), key.version, key.agentId,
        ] {
            writer.string(part)
        }
        writer.endArray()
        return Base64URL.encode(writer.bytes)
    }

    init(sort: VersionSort, key: VersionRowKey) {
        self.sort = sort
        self.key = key
    }

    /// Parses a token made by `token`; nil for anything else.
    public init?(token: String) {
        guard let bytes = Base64URL.decode(token), case .array(let values)? = try? JSONParser.parse(bytes) else {
            return nil
        }
        let parts = values.compactMap { value -> String? in
            if case .string(let text) = value { return text }
            return nil
        }
        guard parts.count == 6, values.count == 6, let sort = VersionSort(text: parts[0]),
            let createdMs = Int64(parts[3]), let primary = Self.primary(parts[1], field: sort.field)
        else { return nil }
        self.init(
            sort: sort,
            key: VersionRowKey(
                primary: primary, agentName: parts[2], createdMs: createdMs, version: parts[4], agentId: parts[5]))
    }

    private static func text(_ primary: VersionRowKey.Primary) -> String {
        switch primary {
        case .text(let text): text
        case .integer(let value): String(value)
        // The bit pattern: exact, unlike a decimal rendering.
        case .number(let value): String(value.bitPattern, radix: 16)
        }
    }

    private static func primary(_ text: String, field: VersionSort.Field) -> VersionRowKey.Primary? {
        switch field {
        case .name: return .text(text)
        case .lastSeen, .totalRuns, .spend: return Int128(text).map { .integer($0) }
        case .successRate:
            guard let bits = UInt64(text, radix: 16) else { return nil }
            let value = Double(bitPattern: bits)
            return value.isNaN ? nil : .number(value)
        }
    }
}
