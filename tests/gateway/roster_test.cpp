#include "gateway/roster.hpp"

#include <catch2/catch.hpp>

namespace {
msnp::Passport P(const char* s) { return *msnp::Passport::parse(s); }
// A GUID per contact, from its first letter.
std::string guid_of(const char* who) { return std::string(8, who[0]) + "-2222-3333-4444-555566667777"; }
msnp::ContactListed listed(const char* who, const char* nick, std::uint8_t bits, std::vector<std::string> groups = {}) {
  return {P(who), nick, guid_of(who), msnp::ListMask{bits}, std::move(groups)};
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
  CHECK(r.group_names(*bob) == std::vector<std::string>{"Friends"});
  CHECK(bob->nickname() == "Bob");
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
      {"bob@example.com", "Bob", guid_of("bob"), 3, {}},
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
  CHECK(r.apply(msnp::ContactRemoved{msnp::List::forward, std::nullopt, guid_of("bob")}) == P("bob@example.com"));
  CHECK_FALSE(r.find(P("bob@example.com"))->in_roster());

  msnp::ContactPresence online{P("eve@example.com"), msnp::Status::online, "Eve", 0, "", true};
  CHECK(r.apply(online));
  CHECK_FALSE(r.apply(online));  // unchanged: nothing to send
  CHECK(r.apply(msnp::PersonalMessage{P("eve@example.com"), "hi", ""}));
  CHECK_FALSE(r.apply(msnp::PersonalMessage{P("eve@example.com"), "hi", ""}));
  CHECK(r.mark_all_offline() == std::vector<msnp::Passport>{P("eve@example.com")});
}

TEST_CASE("contacts stay in Passport order and keep their GUID", "[roster]") {
  gw::Roster r;
  r.begin_sync();
  r.apply(listed("dave@example.com", "Dave", 3));
  r.apply(listed("bob@example.com", "Bob", 3));
  r.apply(listed("carol@example.com", "Carol", 3));
  r.end_sync();
  std::vector<std::string> order;
  for (const auto& c : r.contacts()) order.push_back(c.passport.str());
  CHECK(order == std::vector<std::string>{"bob@example.com", "carol@example.com", "dave@example.com"});
  const auto records = r.records();
  REQUIRE(records.size() == 3);
  CHECK(records[1].guid == guid_of("carol"));
  CHECK(r.apply(msnp::ContactAdded{msnp::List::forward, std::nullopt, "", guid_of("dave"), ""}) == P("dave@example.com"));
}

TEST_CASE("group changes reach every member through the group table", "[roster]") {
  gw::Roster r;
  r.begin_sync();
  r.apply(msnp::GroupListed{"Friends", "g1"});
  r.apply(msnp::GroupListed{"Work", "g2"});
  r.apply(listed("bob@example.com", "Bob", 3, {"g1", "g2"}));
  r.apply(listed("carol@example.com", "Carol", 3, {"g2"}));
  r.apply(msnp::GroupRenamed{"g2", "Office"});
  CHECK(r.group_names(*r.find(P("bob@example.com"))) == std::vector<std::string>{"Friends", "Office"});
  r.apply(msnp::GroupRemoved{"g1"});
  CHECK(r.group_names(*r.find(P("bob@example.com"))) == std::vector<std::string>{"Office"});
  r.apply(msnp::GroupAdded{"Family", "g3"});  // takes the free slot: no one is in it
  CHECK(r.group_names(*r.find(P("bob@example.com"))) == std::vector<std::string>{"Office"});
  r.apply(msnp::ContactAdded{msnp::List::forward, std::nullopt, "", guid_of("carol"), "g3"});
  CHECK(r.group_names(*r.find(P("carol@example.com"))) == std::vector<std::string>{"Office", "Family"});
  r.apply(msnp::ContactRemoved{msnp::List::forward, P("carol@example.com"), "", "g2"});
  CHECK(r.group_names(*r.find(P("carol@example.com"))) == std::vector<std::string>{"Family"});
}

TEST_CASE("a new friendly name keeps the personal message, and the other way round", "[roster]") {
  gw::Roster r;
  r.begin_sync();
  r.apply(listed("bob@example.com", "Bob", 3));
  CHECK(r.apply(msnp::PersonalMessage{P("bob@example.com"), "at work", "Music\\01\\0{0} - {1}\\0Artist\\0Song\\0"}));
  CHECK(r.apply(msnp::ContactPresence{P("bob@example.com"), msnp::Status::away, "Bobby", 0, "", true}));
  const auto* bob = r.find(P("bob@example.com"));
  CHECK(bob->nickname() == "Bobby");
  CHECK(bob->texts.psm() == "at work");
  CHECK(bob->texts.current_media() == "Music\\01\\0{0} - {1}\\0Artist\\0Song\\0");
  CHECK(r.apply(msnp::PersonalMessage{P("bob@example.com"), "", ""}));
  CHECK(bob->nickname() == "Bobby");
  CHECK(bob->texts.psm().empty());
  CHECK(bob->texts.current_media().empty());
}
