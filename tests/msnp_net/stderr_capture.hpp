#pragma once
// Captures what the log facade writes to stderr (fd 2) while alive, for tests that check
// what is NOT logged (passwords, tickets, cookies).
#include <string>

namespace msnp_net_test {

class StderrCapture {
 public:
  StderrCapture();   // redirects fd 2 to a temporary file
  ~StderrCapture();  // restores fd 2 (if text() was not called) and removes the file
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;
  // Restores fd 2 and returns everything written meanwhile.
  std::string text();

 private:
  void restore();
  std::string path_;
  int saved_ = -1;
};

}  // namespace msnp_net_test
