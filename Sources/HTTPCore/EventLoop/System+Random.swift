import CEpoll
import Glibc

extension System {
    /// `getrandom(2)` failed (it does not, once the kernel's pool is seeded, short of a bad buffer).
    public struct RandomError: Error, CustomStringConvertible {
        public var errno: Int32
        public var description: String { "getrandom failed: \(String(cString: strerror(errno)))" }
    }

    /// `count` bytes from the kernel's CSPRNG (`getrandom(2)`, which blocks only until the pool is first
    /// seeded at boot), for secrets such as API keys.
    public static func randomBytes(_ count: Int) throws(RandomError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { getrandom($0.baseAddress! + filled, count - filled, 0) }
            if result < 0 {
                if errno == EINTR { continue }
                throw RandomError(errno: errno)
            }
            filled += result
        }
        return bytes
    }
}
