/// Carries a loop-confined value into a `Sendable` closure that will run on that loop.
///
/// The value is only reachable through `value`, which traps off the loop, so the unchecked conformance
/// never lets two threads touch it.
struct LoopBound<Value>: @unchecked Sendable {
    private let wrapped: Value
    private let loop: EventLoop

    init(_ value: Value, on loop: EventLoop) {
        loop.assertInLoop()
        self.wrapped = value
        self.loop = loop
    }

    /// The index of the loop the value belongs to; readable from any thread.
    var loopIndex: Int { loop.index }

    var value: Value {
        loop.assertInLoop()
        return wrapped
    }
}
