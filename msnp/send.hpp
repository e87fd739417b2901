#pragma once
// The one output both session kinds share: bytes the adapter must write to the
// socket, in order, exactly as given.
#include <string>

namespace msnp {

struct Send {
  std::string bytes;
  bool operator==(const Send&) const = default;
};

}  // namespace msnp
