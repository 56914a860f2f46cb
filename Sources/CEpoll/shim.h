// Linux's readiness notification (epoll) and eventfd, which Swift's Glibc module does not expose.
// Headers only: nothing to link.
#include <sys/epoll.h>
#include <sys/eventfd.h>
