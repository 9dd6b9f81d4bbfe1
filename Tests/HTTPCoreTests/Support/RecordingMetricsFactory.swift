import CoreMetrics
import Glibc
import HTTPCore

/// A swift-metrics backend that remembers every handle it made and what was recorded into it, so tests
/// can count handle creations (none per request) and read values by label and dimensions.
///
/// The metrics system can be bootstrapped once per process: tests share `RecordingMetricsFactory.shared`
/// and look only at handles their own server made. Servers make their handles on their loops' threads, and
/// every test server has loops of its own, so the thread that made a handle tells whose it is even while
/// other tests' servers (a parallel run) count the same series.
final class RecordingMetricsFactory: MetricsFactory, Sendable {
    final class Handle: CounterHandler, RecorderHandler, TimerHandler, MeterHandler, Sendable {
        let label: String
        let dimensions: [String: String]
        /// The thread that asked for this handle.
        let thread = pthread_self()
        private let state = LockedValue((count: 0, total: 0.0))

        init(label: String, dimensions: [(String, String)]) {
            self.label = label
            self.dimensions = Dictionary(dimensions, uniquingKeysWith: { $1 })
        }

        /// Calls recorded, and the sum of their values (the last value for `set`).
        var values: (count: Int, total: Double) { state.withLock { $0 } }

        private func add(_ value: Double) { state.withLock { $0 = ($0.count + 1, $0.total + value) } }
        func increment(by amount: Int64) { add(Double(amount)) }
        func reset() { state.withLock { $0 = (0, 0) } }
        func record(_ value: Int64) { add(Double(value)) }
        func record(_ value: Double) { add(value) }
        func recordNanoseconds(_ duration: Int64) { add(Double(duration)) }
        func set(_ value: Int64) { state.withLock { $0 = ($0.count + 1, Double(value)) } }
        func set(_ value: Double) { state.withLock { $0 = ($0.count + 1, value) } }
        func increment(by amount: Double) { add(amount) }
        func decrement(by amount: Double) { add(-amount) }
    }

    private let made = LockedValue<[Handle]>([])

    /// The process's backend, bootstrapped on first use.
    static let shared: RecordingMetricsFactory = {
        let factory = RecordingMetricsFactory()
        MetricsSystem.bootstrap(factory)
        return factory
    }()

    /// Every handle made so far for `label`.
    func handles(_ label: String) -> [Handle] { made.withLock { $0.filter { $0.label == label } } }

    /// The handles for `label` made on `loops`: one server's. A thread id can be reused once its thread has
    /// ended, so a stopped server's handles may be included too; nothing records into those any more, so
    /// tests compare values before and after, as they must anyway.
    func handles(_ label: String, on loops: [EventLoop]) -> [Handle] {
        let threads = Set(loops.map { $0.submitAndWait { pthread_self() } })
        return handles(label).filter { threads.contains($0.thread) }
    }

    private func make(_ label: String, _ dimensions: [(String, String)]) -> Handle {
        let handle = Handle(label: label, dimensions: dimensions)
        made.withLock { $0.append(handle) }
        return handle
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { make(label, dimensions) }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        make(label, dimensions)
    }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { make(label, dimensions) }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { make(label, dimensions) }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
}
