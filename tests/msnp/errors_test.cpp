#include "msnp/errors.hpp"

#include <catch2/catch.hpp>

TEST_CASE("numeric errors are classified as in MSNP.md 9.1", "[msnp][errors]") {
  using msnp::ErrorScope;
  for (int code : {201, 205, 207, 208, 215, 216, 217, 219, 224, 713, 715, 731, 800, 913, 920}) {
    INFO(code);
    CHECK(msnp::error_scope(code) == ErrorScope::per_request);
  }
  for (int code : {500, 501, 540, 600, 601, 700, 710, 711, 712, 714, 717, 910, 911, 921, 928}) {
    INFO(code);
    CHECK(msnp::error_scope(code) == ErrorScope::fatal);
  }
  CHECK(msnp::describe_error(911) == "authentication failed");
  CHECK(msnp::describe_error(217) == "user offline or not accepting messages");
  CHECK(msnp::describe_error(999) == "unknown error");
  CHECK(msnp::is_credentials_error(911));
  CHECK_FALSE(msnp::is_credentials_error(600));
}
