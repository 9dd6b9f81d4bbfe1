/// A record with a fixed JSON shape that writes itself without Foundation.
public protocol JSONWritable {
    /// Writes this record as one JSON value.
    func writeJSON(to writer: inout JSONWriter)
}

extension JSONWritable {
    /// This record as a JSON body.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        writeJSON(to: &writer)
        return writer.bytes
    }
}

extension Array where Element: JSONWritable {
    /// The records as a JSON array body; an empty list is `[]`, never `null`.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 64 + count * 256)
        writer.beginArray()
        for element in self { element.writeJSON(to: &writer) }
        writer.endArray()
        return writer.bytes
    }
}
