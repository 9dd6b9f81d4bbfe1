import Synchronization

/// A fixed set of running event loops.
public final class EventLoopGroup: Sendable {
    /// The loops, each with its own thread.
    public let loops: [EventLoop]
    private let nextIndex = Atomic<Int>(0)

    /// Creates and starts `count` loops.
    public init(count: Int) throws(IOError) {
        precondition(count > 0, "an event loop group needs at least one loop")
        var loops: [EventLoop] = []
        for index in 0..<count {
            loops.append(try EventLoop(index: index))
        }
        self.loops = loops
        for loop in loops { loop.start() }
    }

    /// The next loop in round-robin order.
    public func next() -> EventLoop {
        let index = nextIndex.add(1, ordering: .relaxed).oldValue
        return loops[index % loops.count]
    }

    /// Stops every loop and waits for their threads.
    public func shutdown() {
        for loop in loops { loop.stopAndJoin() }
    }
}
