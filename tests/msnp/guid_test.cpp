#include "msnp/guid.hpp"

#include <catch2/catch.hpp>

TEST_CASE("a GUID goes back to the server as the server wrote it", "[msnp][guid]") {
  for (const char* text : {"342c195b-67e2-43ab-bf07-43685a992cbe", "0A1B1111-2222-3333-4444-5555666677FF",
                           "00000000-0000-0000-0000-000000000000"}) {
    const auto g = msnp::Guid::parse(text);
    REQUIRE(g);
    CHECK(g->str() == text);
  }
  CHECK(msnp::Guid::parse("0a1B1111-2222-3333-4444-555566667777")->str() == "0a1b1111-2222-3333-4444-555566667777");
  CHECK(*msnp::Guid::parse("0a1b1111-2222-3333-4444-555566667777") != *msnp::Guid::parse("0a1b1111-2222-3333-4444-555566667778"));
}

TEST_CASE("anything but 8-4-4-4-12 hex digits is not a GUID", "[msnp][guid]") {
  for (const char* text : {"", "guid-bob@example.com", "342c195b-67e2-43ab-bf07-43685a992cb", "342c195b-67e2-43ab-bf07-43685a992cbe0",
                           "342c195b+67e2-43ab-bf07-43685a992cbe", "342c195g-67e2-43ab-bf07-43685a992cbe",
                           "342c195b-67e2-43ab-bf07-43685a992c-e"})
    CHECK_FALSE(msnp::Guid::parse(text));
}
