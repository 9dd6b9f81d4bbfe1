/// A reader of the protobuf binary wire format over one buffer: tags, varints, fixed-width values and
/// length-delimited ranges, each checked against the end of its enclosing message. It never copies and never
/// reads past `end`; malformed input is a `ProtoWireError`, never a trap.
struct ProtoWireCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index: Int
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = bytes
        index = range.lowerBound
        end = range.upperBound
    }

    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    var isAtEnd: Bool { index >= end }

    /// The next field's number and wire type.
    mutating func tag() throws(ProtoWireError) -> (field: UInt64, type: WireType) {
        let key = try varint()
        guard let type = WireType(rawValue: key & 7), key >> 3 > 0 else {
            throw ProtoWireError(reason: "invalid field tag \(key)")
        }
        return (key >> 3, type)
    }

    mutating func varint() throws(ProtoWireError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < end, shift < 64 else { throw ProtoWireError(reason: "truncated or overlong varint") }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func fixed64() throws(ProtoWireError) -> UInt64 {
        guard end - index >= 8 else { throw ProtoWireError(reason: "truncated fixed64") }
        var value: UInt64 = 0
        for offset in (0..<8).reversed() { value = value << 8 | UInt64(bytes[index + offset]) }
        index += 8
        return value
    }

    /// The range of a length-delimited value, moving past it.
    mutating func lengthDelimited() throws(ProtoWireError) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - index) else { throw ProtoWireError(reason: "length \(length) past the end") }
        let range = index..<index + Int(length)
        index = range.upperBound
        return range
    }

    /// Moves past field `field` of `type`, which the reader does not use: an unknown field, or a known one sent
    /// with another wire type, which swift-protobuf also keeps as unknown rather than refusing the message.
    mutating func skip(_ type: WireType, field: UInt64) throws(ProtoWireError) {
        switch type {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed32:
            guard end - index >= 4 else { throw ProtoWireError(reason: "truncated fixed32") }
            index += 4
        case .startGroup: try skipGroup(field)
        case .endGroup: throw ProtoWireError(reason: "an end-group tag outside its group")
        }
    }

    /// Moves past the fields of group `field` (OTLP has none, but the wire format allows them as unknown fields)
    /// and its end tag. Groups nest and each end tag must close the innermost open group, as swift-protobuf
    /// requires; open groups are kept in an array, not on the stack, so deep nesting cannot overflow it.
    private mutating func skipGroup(_ field: UInt64) throws(ProtoWireError) {
        var open = [field]
        while let innermost = open.last {
            let (inner, type) = try tag()
            switch type {
            case .startGroup: open.append(inner)
            case .endGroup:
                guard inner == innermost else { throw ProtoWireError(reason: "group \(innermost) ends as \(inner)") }
                open.removeLast()
            default: try skip(type, field: inner)
            }
        }
    }

    /// The big-endian value of up to 8 bytes in `range`.
    func bigEndian(_ range: Range<Int>) -> UInt64 {
        var value: UInt64 = 0
        for position in range.prefix(8) { value = value << 8 | UInt64(bytes[position]) }
        return value
    }
}

/// Why a binary body is not an `ExportTraceServiceRequest`.
struct ProtoWireError: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
