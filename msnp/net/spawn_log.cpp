#include "msnp/net/spawn_log.hpp"

#include "gateway/support/log.hpp"

namespace msnp::net {

void LogFailure::operator()(std::exception_ptr ep) const {
  if (!ep) return;
  try {
    std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    gw::log::error("msnp.net", "{} failed: {}", what, e.what());
  } catch (...) {
    gw::log::error("msnp.net", "{} failed with a non-standard exception", what);
  }
}

}  // namespace msnp::net
