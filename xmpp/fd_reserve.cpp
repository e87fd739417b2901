#include "xmpp/fd_reserve.hpp"

#include <fcntl.h>
#include <sys/select.h>
#include <unistd.h>

#include <algorithm>

namespace xmpp {

bool selectable_fd(int fd) { return fd >= 0 && fd < FD_SETSIZE; }

FdReserve::FdReserve(std::size_t count) : count_(count) { refill(); }

FdReserve::~FdReserve() {
  for (int fd : fds_) ::close(fd);
}

bool FdReserve::release_one() {
  if (fds_.empty()) return false;
  auto highest = std::max_element(fds_.begin(), fds_.end());
  ::close(*highest);
  fds_.erase(highest);
  return true;
}

void FdReserve::refill() {
  while (fds_.size() < count_) {
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    if (!selectable_fd(fd)) {
      ::close(fd);
      return;
    }
    fds_.push_back(fd);
  }
}

}  // namespace xmpp
