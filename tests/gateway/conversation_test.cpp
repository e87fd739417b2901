// Conversation's side of zero loss: when the Messenger session goes away, unconfirmed
// messages are handed back to be kept (or bounce), queued ones are settled, notices from
// the gateway are never bounced to the user.
#include "gateway/conversation.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

namespace {

struct FakeSbLink final : gw::SbLink {
  int requests = 0;
  void request(std::function<msnp::SbOutputs(msnp::SbSession&)>) override { ++requests; }
  void close() override {}
};

struct FakeHost final : gw::ConversationHost {
  int switchboard_requests = 0;
  std::shared_ptr<FakeSbLink> link;  // set: open_switchboard gives it
  std::vector<xmpp::Stanza> to_user;
  std::vector<std::pair<std::string, std::optional<std::int64_t>>> kept;  // body, queue id
  std::vector<std::int64_t> settled_ids;
  std::string jid = "alice@example.org";

  bool request_switchboard(const msnp::Passport&) override {
    ++switchboard_requests;
    return true;  // granted later (never, here)
  }
  std::shared_ptr<gw::SbLink> open_switchboard(std::string, std::uint16_t, msnp::SbSession, gw::SbEvents) override {
    return link;
  }
  msnp::SbConfig switchboard_config() const override { return msnp::SbConfig{*msnp::Passport::parse("alice@example.com")}; }
  void to_jabber(xmpp::Stanza s) override { to_user.push_back(std::move(s)); }
  void chat_to_jabber(const msnp::Passport&, std::string) override {}
  void keep(const msnp::Passport&, const xmpp::Stanza& m, std::optional<std::int64_t> id) override {
    kept.emplace_back(m.child_text("body"), id);
  }
  void settled(std::int64_t id) override { settled_ids.push_back(id); }
  std::string contact_jid(const msnp::Passport& p) const override { return p.str() + "@msn.example.org"; }
  const std::string& user_jid() const override { return jid; }
};

xmpp::Stanza chat(std::string body) {
  xmpp::Stanza m{"message"};
  m.set_attr("from", "alice@example.org/pc").set_attr("to", "bob%example.com@msn.example.org").set_attr("type", "chat");
  m.add("body").set_text(body);
  return m;
}

}  // namespace

TEST_CASE("a lost Messenger session hands unconfirmed messages back to be kept, in order", "[gateway][conversation]") {
  boost::asio::io_context io;
  FakeHost host;
  gw::Conversation c{io.get_executor(), host, *msnp::Passport::parse("bob@example.com")};
  c.send(chat("one"));
  c.send(chat("two"), 42);
  c.notice("msngate: something for bob");
  CHECK(host.switchboard_requests == 1);
  c.abandon(xmpp::Condition::recipient_unavailable, "the Messenger connection was lost", true);
  REQUIRE(host.kept.size() == 2);
  CHECK(host.kept[0].first == "one");
  CHECK_FALSE(host.kept[0].second.has_value());
  CHECK(host.kept[1].first == "two");
  CHECK(host.kept[1].second.value_or(0) == 42);
  CHECK(host.to_user.empty());  // nothing bounced, the notice neither
  CHECK(host.settled_ids.empty());
  CHECK(c.idle());
}

TEST_CASE("without keeping, unconfirmed messages bounce with their body and queued ones settle", "[gateway][conversation]") {
  boost::asio::io_context io;
  FakeHost host;
  gw::Conversation c{io.get_executor(), host, *msnp::Passport::parse("bob@example.com")};
  c.send(chat("from the queue"), 7);
  c.notice("msngate: not bounced to the user");
  c.abandon(xmpp::Condition::recipient_unavailable, "not signed in to Messenger");
  CHECK(host.kept.empty());
  REQUIRE(host.to_user.size() == 1);
  CHECK(host.to_user[0].type() == "error");
  CHECK(host.to_user[0].child_text("body") == "from the queue");
  CHECK(host.settled_ids == std::vector<std::int64_t>{7});
}

TEST_CASE("messages waiting for the contact to join do not ask for more switchboards", "[gateway][conversation]") {
  boost::asio::io_context io;
  FakeHost host;
  host.link = std::make_shared<FakeSbLink>();
  gw::Conversation c{io.get_executor(), host, *msnp::Passport::parse("bob@example.com")};
  c.send(chat("first"));
  REQUIRE(host.switchboard_requests == 1);
  c.switchboard_granted(msnp::SwitchboardGranted{1, "127.0.0.1", 1864, "cookie"});
  // A backlog larger than the pre-join window: the rest waits here for JOI, on this switchboard.
  for (int i = 0; i < 60; ++i) c.send(chat("backlog " + std::to_string(i)));
  CHECK(host.switchboard_requests == 1);
  CHECK(host.link->requests > 0);
  CHECK(host.to_user.empty());
}
