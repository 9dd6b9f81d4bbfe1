/// An object registered with an event loop's epoll instance. It is used only on that loop's thread.
public protocol EventLoopSelectable: AnyObject {
    /// Called on the loop thread with the epoll event mask. `EPOLLERR`/`EPOLLHUP` arrive already folded into
    /// `EPOLLIN | EPOLLOUT`, so the normal read and write paths discover the error in one place.
    func handleEvent(_ events: UInt32)
}
