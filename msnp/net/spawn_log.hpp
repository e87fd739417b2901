#pragma once
// The completion handler every co_spawn in msnp_net gets (DESIGN.md section 4: `detached`
// drops exceptions; this logs them). Internal to msnp_net.
#include <exception>
#include <string>

namespace msnp::net {

struct LogFailure {
  std::string what;  // "msnp.ns read loop"
  void operator()(std::exception_ptr ep) const;
};

}  // namespace msnp::net
