#include "tests/msnp_net/stderr_capture.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace msnp_net_test {

StderrCapture::StderrCapture() {
  char path[] = "/tmp/msnp_net_stderr_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  path_ = path;
  std::fflush(stderr);
  saved_ = dup(2);
  dup2(fd, 2);
  close(fd);
}

void StderrCapture::restore() {
  if (saved_ < 0) return;
  std::fflush(stderr);
  dup2(saved_, 2);
  close(saved_);
  saved_ = -1;
}

StderrCapture::~StderrCapture() {
  restore();
  std::remove(path_.c_str());
}

std::string StderrCapture::text() {
  restore();
  std::ifstream in(path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace msnp_net_test
