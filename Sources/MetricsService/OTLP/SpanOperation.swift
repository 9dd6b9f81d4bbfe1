/// What `gen_ai.operation.name` makes of a span, the only use the mapping has for it: an agent span is one run, a
/// tool span names its tool. Classified straight from the value's bytes by `OTLPWireReader`, so the operation
/// never becomes a `String` there.
enum SpanOperation: Sendable, Equatable {
    /// `invoke_agent` or `invoke_workflow`.
    case agent
    /// `execute_tool`.
    case tool
    /// Any other operation, or none.
    case other

    private static let invokeAgent = Array("invoke_agent".utf8)
    private static let invokeWorkflow = Array("invoke_workflow".utf8)
    private static let executeTool = Array("execute_tool".utf8)

    /// The operation named by `utf8` (a text attribute's bytes).
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        func named(_ name: [UInt8]) -> Bool { name.withUnsafeBufferPointer { $0.hasSameBytes(as: bytes) } }
        if named(Self.invokeAgent) || named(Self.invokeWorkflow) {
            self = .agent
        } else if named(Self.executeTool) {
            self = .tool
        } else {
            self = .other
        }
    }

    /// The operation named by `text`; `.other` for nil (an attribute that is not a text).
    init(_ text: String?) {
        switch text {
        case "invoke_agent", "invoke_workflow": self = .agent
        case "execute_tool": self = .tool
        default: self = .other
        }
    }
}
