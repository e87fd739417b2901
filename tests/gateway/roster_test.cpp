#include "gateway/roster.hpp"

#include <catch2/catch.hpp>

namespace {
msnp::Passport P(const char* s) { return *msnp::Passport::parse(s); }
msnp::ContactListed listed(const char* who, const char* nick, std::uint8_t bits, std::vector<std::string> groups = {}) {
  return {P(who), nick, std::string("guid-") + who, msnp::ListMask{bits}, std::move(groups)};
}
}  // namespace

TEST_CASE("a synced list becomes contacts with group names", "[roster]") {
  gw::Roster r;
  r.begin_sync();
  r.apply(msnp::GroupListed{"Friends", "g1"});
  r.apply(listed("bob@example.com", "Bob", 1 | 2 | 8, {"g1"}));
  r.apply(listed("eve@example.com", "Eve", 8));
  const auto* bob = r.find(P("bob@example.com"));
  REQUIRE(bob);
  CHECK(bob->in_roster());
  CHECK(bob->groups == std::vector<std::string>{"Friends"});
  CHECK_FALSE(bob->awaiting_decision());
  CHECK(r.find(P("eve@example.com"))->awaiting_decision());
  CHECK_FALSE(r.find(P("eve@example.com"))->in_roster());
}

TEST_CASE("reconciliation finds what changed while the user was away", "[roster]") {
  gw::Roster r;
  r.begin_sync();
  r.apply(msnp::GroupListed{"Work", "g2"});
  r.apply(listed("bob@example.com", "Bob", 3));
  r.apply(listed("carol@example.com", "Carol", 3, {"g2"}));
  r.apply(listed("eve@example.com", "Eve", 8));  // RL only: not a roster item
  const std::vector<gw::ContactRecord> stored{
      {"bob@example.com", "Bob", "guid-bob@example.com", 3, {}},
      {"carol@example.com", "Carol", "x", 3, {}},  // groups changed
      {"dave@example.com", "Dave", "x", 3, {}},    // removed meanwhile
  };
  const auto ch = r.reconcile(stored);
  CHECK(ch.added.empty());
  CHECK(ch.changed == std::vector<msnp::Passport>{P("carol@example.com")});
  CHECK(ch.removed == std::vector<msnp::Passport>{P("dave@example.com")});
  CHECK(r.reconcile(r.records()).empty());  // nothing twice
  CHECK(r.reconcile({}).added.size() == 2);  // first login: everyone is new
}

TEST_CASE("list pushes and presence keep the roster current", "[roster]") {
  gw::Roster r;
  r.begin_sync();
  r.apply(listed("bob@example.com", "Bob", 3));
  CHECK(r.apply(msnp::ContactAdded{msnp::List::reverse, P("eve@example.com"), "Eve", "", "", true}) == P("eve@example.com"));
  CHECK(r.find(P("eve@example.com"))->awaiting_decision());
  r.apply(msnp::ContactAdded{msnp::List::allow, P("eve@example.com")});
  CHECK_FALSE(r.find(P("eve@example.com"))->awaiting_decision());
  CHECK(r.apply(msnp::ContactRemoved{msnp::List::forward, std::nullopt, "guid-bob@example.com"}) == P("bob@example.com"));
  CHECK_FALSE(r.find(P("bob@example.com"))->in_roster());

  msnp::ContactPresence online{P("eve@example.com"), msnp::Status::online, "Eve", 0, "", true};
  CHECK(r.apply(online));
  CHECK_FALSE(r.apply(online));  // unchanged: nothing to send
  CHECK(r.apply(msnp::PersonalMessage{P("eve@example.com"), "hi", ""}));
  CHECK_FALSE(r.apply(msnp::PersonalMessage{P("eve@example.com"), "hi", ""}));
  CHECK(r.mark_all_offline() == std::vector<msnp::Passport>{P("eve@example.com")});
}
