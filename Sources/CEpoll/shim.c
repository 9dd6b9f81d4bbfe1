#include "CEpoll.h"

#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

int cepoll_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

int cepoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t tag) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = tag;
    return epoll_ctl(epfd, op, fd, &ev);
}

uint64_t cepoll_event_tag(const struct epoll_event *events, int index) {
    return events[index].data.u64;
}

uint32_t cepoll_event_mask(const struct epoll_event *events, int index) {
    return events[index].events;
}

int cepoll_event_size(void) {
    return (int)sizeof(struct epoll_event);
}

int cepoll_set_thread_name(pthread_t thread, const char *name) {
    return pthread_setname_np(thread, name);
}

long cepoll_recv(int fd, void *buffer, size_t length) {
    return syscall(SYS_recvfrom, fd, buffer, length, 0, NULL, NULL);
}

long cepoll_send(int fd, const void *buffer, size_t length, int flags) {
    return syscall(SYS_sendto, fd, buffer, length, flags, NULL, 0);
}

long cepoll_send2(int fd, const void *first, size_t first_length, const void *second, size_t second_length,
                  int flags) {
    struct iovec parts[2] = {
        {.iov_base = (void *)first, .iov_len = first_length},
        {.iov_base = (void *)second, .iov_len = second_length},
    };
    struct msghdr message = {.msg_iov = parts, .msg_iovlen = 2};
    return syscall(SYS_sendmsg, fd, &message, flags);
}

int cepoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) {
    // epoll_pwait with no signal mask is epoll_wait, and exists on every architecture.
    return (int)syscall(SYS_epoll_pwait, epfd, events, maxevents, timeout, NULL, (size_t)8);
}
