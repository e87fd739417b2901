#include "gateway/support/log.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <unistd.h>

namespace {
// Runs f with stderr redirected into a temporary file and returns what was written.
template <class F>
std::string capture_stderr(F f) {
  std::fflush(stderr);
  FILE* tmp = std::tmpfile();
  const int saved = ::dup(2);
  ::dup2(::fileno(tmp), 2);
  f();
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::string out;
  std::rewind(tmp);
  for (int c; (c = std::fgetc(tmp)) != EOF;) out.push_back(static_cast<char>(c));
  std::fclose(tmp);
  return out;
}
}  // namespace

TEST_CASE("a log line has level, component, user and message", "[log]") {
  gw::log::set_level(gw::log::Level::info);
  const auto out = capture_stderr([] {
    gw::log::info({"gw.session", "alice@example.org"}, "logged in to {}", "msn");
    gw::log::debug("gw", "not shown at info");
  });
  CHECK(out.find(" info  gw.session user=alice@example.org logged in to msn\n") != std::string::npos);
  CHECK(out.find("not shown") == std::string::npos);
}

TEST_CASE("network text cannot forge log lines", "[log]") {
  gw::log::set_level(gw::log::Level::info);
  const auto out = capture_stderr([] { gw::log::warn("msnp", "got {}", "evil\r\nerror fake line\x1b[31m"); });
  CHECK(out.find("evil\\r\\nerror fake line\\x1b[31m\n") != std::string::npos);
  CHECK(std::count(out.begin(), out.end(), '\n') == 1);
}

TEST_CASE("levels parse by name", "[log]") {
  CHECK(gw::log::parse_level("trace") == gw::log::Level::trace);
  CHECK(gw::log::parse_level("off") == gw::log::Level::off);
  CHECK_FALSE(gw::log::parse_level("loud"));
  CHECK(gw::log::mask("hunter2") == "<hidden>");
}
