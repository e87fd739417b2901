#pragma once
// libstrophe waits with select(): a socket numbered >= FD_SETSIZE (1024) corrupts memory
// (strophe/libstrophe#166, XMPP.md). A gateway holding thousands of Messenger sockets would
// hand libstrophe a high number on reconnect, so we keep a few low descriptors (opened on
// /dev/null at start-up, when numbers are still low) and give one back right before
// libstrophe's socket() call, which takes the lowest free number.
#include <cstddef>
#include <vector>

namespace xmpp {

class FdReserve {
 public:
  explicit FdReserve(std::size_t count);
  ~FdReserve();
  FdReserve(const FdReserve&) = delete;
  FdReserve& operator=(const FdReserve&) = delete;

  // Closes the highest reserved descriptor so that the next socket() can take it (or a lower
  // free one). Returns false when the reserve is empty.
  bool release_one();
  // Reopens /dev/null until `count` low descriptors are held again; descriptors that come
  // back at or above FD_SETSIZE are not kept (they would not help).
  void refill();
  std::size_t held() const { return fds_.size(); }

 private:
  std::size_t count_;
  std::vector<int> fds_;
};

// True when libstrophe's select() can take this descriptor.
bool selectable_fd(int fd);

}  // namespace xmpp
