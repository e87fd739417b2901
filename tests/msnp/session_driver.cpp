#include "tests/msnp/session_driver.hpp"

#include <catch2/catch.hpp>

namespace testing_msnp {

std::vector<msnp::Command> commands(std::string_view wire, msnp::Direction dir) {
  msnp::Decoder d{dir};
  d.feed(wire);
  std::vector<msnp::Command> out;
  while (auto c = d.next()) out.push_back(std::move(*c));
  REQUIRE(d.error() == msnp::DecodeError::none);
  REQUIRE(d.buffered() == 0);
  return out;
}

msnp::Command cmd(std::string line) {
  if (line.find("\r\n") == std::string::npos) line += "\r\n";
  auto all = commands(line);
  REQUIRE(all.size() == 1);
  return all.front();
}

msnp::Passport pp(std::string_view s) {
  auto p = msnp::Passport::parse(s);
  REQUIRE(p);
  return *p;
}

}  // namespace testing_msnp
