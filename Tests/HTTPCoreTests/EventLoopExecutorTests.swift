import Glibc
import HTTPCore
import Testing

/// The loops as Swift executors: pinned actors and preferring tasks stay on the loop's thread.
struct EventLoopExecutorTests {
    actor Pinned {
        let loop: EventLoop
        let otherLoop: EventLoop
        init(loop: EventLoop, otherLoop: EventLoop) {
            self.loop = loop
            self.otherLoop = otherLoop
        }
        nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

        /// For each resumption: (on its own loop, on the group's other loop). Both are asked from inside the
        /// actor, so a hop to the wrong loop thread shows as (false, true).
        func onLoopAcrossAwaits() async -> [Placement] {
            var seen = [placement]
            for _ in 0..<5 {
                await Task.yield()
                try? await Task.sleep(for: .milliseconds(1))
                seen.append(placement)
            }
            return seen
        }

        private var placement: Placement { Placement(ownLoop: loop.inEventLoop, otherLoop: otherLoop.inEventLoop) }
    }

    struct Placement: Equatable, Sendable {
        var ownLoop: Bool
        var otherLoop: Bool
    }

    @Test func pinnedActorRunsOnItsLoopAcrossAwaits() async throws {
        let group = try EventLoopGroup(count: 2)
        defer { group.shutdown() }
        let actor = Pinned(loop: group.loops[1], otherLoop: group.loops[0])
        let seen = await actor.onLoopAcrossAwaits()
        #expect(seen == Array(repeating: Placement(ownLoop: true, otherLoop: false), count: 6))
    }

    @Test func taskWithLoopPreferenceRunsNonisolatedCodeOnTheLoop() async throws {
        let group = try EventLoopGroup(count: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let onLoop = await Task(executorPreference: loop) {
            await nonisolatedWork(loop)
        }.value
        #expect(onLoop)
    }

    @Test func scheduledTimersFireOnTheLoopRepeatedly() async throws {
        let group = try EventLoopGroup(count: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let fired = await withCheckedContinuation { (continuation: CheckedContinuation<[Bool], Never>) in
            loop.execute {
                var seen: [Bool] = []
                func tick() {
                    seen.append(loop.inEventLoop)
                    if seen.count == 3 {
                        continuation.resume(returning: seen)
                    } else {
                        loop.schedule(after: .milliseconds(5), tick)
                    }
                }
                loop.schedule(after: .milliseconds(5), tick)
            }
        }
        #expect(fired == [true, true, true])
    }

    @Test func executeFromAnotherThreadWakesTheLoop() async throws {
        let group = try EventLoopGroup(count: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let results = await withTaskGroup(of: Bool.self) { tasks in
            for _ in 0..<100 {
                tasks.addTask {
                    await withCheckedContinuation { continuation in
                        loop.execute { continuation.resume(returning: loop.inEventLoop) }
                    }
                }
            }
            return await tasks.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 100)
        #expect(results.allSatisfy { $0 })
    }
}

private func nonisolatedWork(_ loop: EventLoop) async -> Bool {
    await Task.yield()
    return loop.inEventLoop
}
