import MetricsService

/// libFuzzer entry point (`make fuzz`): parses arbitrary bytes as JSON and, when they parse, checks that writing
/// the value with `JSONWriter` and parsing it again gives the same value and the same bytes on a second write.
/// Numbers compare by value, since the writer prints integral doubles as integers (`5`, not `5.0`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONParser.parse(input) else { return 0 }
    let written = JSONValueWriting.bytes(of: value)
    let reparsed: JSONValue
    do {
        reparsed = try JSONParser.parse(written)
    } catch {
        preconditionFailure("the writer's output does not parse: \(error)")
    }
    precondition(JSONValueWriting.sameValue(value, reparsed), "parse → write → parse changed the value")
    precondition(JSONValueWriting.bytes(of: reparsed) == written, "writing is not stable")
    return 0
}

/// Writes any `JSONValue` through the production `JSONWriter`, and compares values the way the writer preserves them.
enum JSONValueWriting {
    static func bytes(of value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        write(value, to: &writer)
        return writer.bytes
    }

    static func write(_ value: JSONValue, to writer: inout JSONWriter) {
        switch value {
        case .null: writer.null()
        case .bool(let bool): writer.bool(bool)
        case .integer(let integer): writer.int(integer)
        case .double(let double): writer.double(double)
        case .string(let string): writer.string(string)
        case .array(let elements):
            writer.beginArray()
            for element in elements { write(element, to: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for (key, member) in members {
                writer.key(key)
                write(member, to: &writer)
            }
            writer.endObject()
        }
    }

    /// Equality where `.integer(5)` equals `.double(5)`; strings compare by their UTF-8 bytes (not Unicode
    /// canonical equivalence, which `String ==` uses), so a writer that normalised text would be caught.
    static func sameValue(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .double(let b)), (.double(let b), .integer(let a)): return Double(exactly: a) == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy(sameValue)
        case (.object(let a), .object(let b)):
            return a.count == b.count
                && zip(a, b).allSatisfy { $0.0.utf8.elementsEqual($1.0.utf8) && sameValue($0.1, $1.1) }
        default: return lhs == rhs
        }
    }
}
