// The syscalls Swift cannot reach through Glibc: epoll, eventfd, timerfd, accept4 and getrandom, and the
// hot socket calls without glibc's cancellation-point wrappers.
// Only declarations and tiny wrappers live here; all logic is in Swift.
#ifndef CEPOLL_H
#define CEPOLL_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/random.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <pthread.h>

/// `accept4` needs `_GNU_SOURCE`, which Swift's Glibc module does not define.
int cepoll_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

/// Registers (`op` = EPOLL_CTL_ADD/MOD) `fd` for `events`, tagging the event with `tag`
/// (the selector's registration id), which Swift reads back as `u64`.
int cepoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t tag);

/// Reads the tag and event mask of `events[index]`; `epoll_event` is packed and awkward from Swift.
uint64_t cepoll_event_tag(const struct epoll_event *events, int index);
uint32_t cepoll_event_mask(const struct epoll_event *events, int index);

/// The size of one `epoll_event`, for allocating arrays from Swift.
int cepoll_event_size(void);

/// `recv`, `send` and `epoll_wait` through `syscall(2)`, which Swift cannot call (it is variadic). Unlike
/// glibc's wrappers these are no cancellation points, so each call skips the asynchronous-cancellation
/// enable/disable pair around the syscall; the loops never cancel threads. Return and `errno` as the
/// wrappers'.
long cepoll_recv(int fd, void *buffer, size_t length);
long cepoll_send(int fd, const void *buffer, size_t length, int flags);
/// `sendmsg` of two buffers, `first` then `second`.
long cepoll_send2(int fd, const void *first, size_t first_length, const void *second, size_t second_length,
                  int flags);
int cepoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);

/// Names a thread (`pthread_setname_np` needs `_GNU_SOURCE`).
int cepoll_set_thread_name(pthread_t thread, const char *name);

#endif
