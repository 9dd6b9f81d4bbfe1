/// A min-heap of deadlines with cancellable callbacks; the pure part of a loop's timers.
struct TimerQueue {
    private var heap: [(deadline: UInt64, id: UInt64)] = []
    private var callbacks: [UInt64: () -> Void] = [:]
    private var nextID: UInt64 = 1

    /// Timers scheduled and neither fired nor cancelled.
    var count: Int { callbacks.count }

    /// Adds `callback` to run at `deadline` (monotonic nanoseconds); returns its id.
    mutating func schedule(deadline: UInt64, _ callback: @escaping () -> Void) -> UInt64 {
        let id = nextID
        nextID += 1
        callbacks[id] = callback
        heap.append((deadline, id))
        siftUp(heap.count - 1)
        return id
    }

    /// Forgets the timer `id`; its heap entry is skipped when it surfaces.
    mutating func cancel(_ id: UInt64) {
        callbacks[id] = nil
    }

    /// The earliest live deadline, dropping cancelled entries from the top.
    mutating func earliestDeadline() -> UInt64? {
        while let top = heap.first {
            if callbacks[top.id] != nil { return top.deadline }
            popTop()
        }
        return nil
    }

    /// Removes and returns the callbacks due at `now`, earliest first.
    mutating func popExpired(now: UInt64) -> [() -> Void] {
        var due: [() -> Void] = []
        while let top = heap.first, top.deadline <= now {
            popTop()
            if let callback = callbacks.removeValue(forKey: top.id) { due.append(callback) }
        }
        return due
    }

    private mutating func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            if heap[parent].deadline <= heap[child].deadline { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            if left >= heap.count { return }
            var smallest = left
            if left + 1 < heap.count && heap[left + 1].deadline < heap[left].deadline { smallest = left + 1 }
            if heap[parent].deadline <= heap[smallest].deadline { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
