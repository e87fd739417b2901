// gw::Session's side of zero loss, over a fake Messenger network, a real io_context and the
// durable queue on SQLite :memory: behind the StorageRunner: kept while reconnecting and sent
// after the sign-in (receipt to the resource that sent it, then forgotten), kept while the
// XMPP link is down, kept at shutdown.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <optional>
#include <thread>
#include <vector>

#include "gateway/outbound_queue.hpp"
#include "gateway/session.hpp"
#include "tests/gateway/test_context.hpp"
#include "gateway/storage/storage.hpp"

using namespace std::chrono_literals;

namespace {

struct FakeNs : gw::NsLink {
  int requests = 0;
  void request(std::function<msnp::NsOutputs(msnp::NsSession&)>) override { ++requests; }
  void close() override {}
};

struct FakeSb : gw::SbLink {
  int requests = 0;
  void request(std::function<msnp::SbOutputs(msnp::SbSession&)>) override { ++requests; }
  void close() override {}
};

struct FakeNetwork : gw::MessengerNetwork {
  gw::NsEvents ns_events;
  gw::SbEvents sb_events;
  std::shared_ptr<FakeSb> sb;
  std::shared_ptr<gw::NsLink> login(gw::MessengerLogin, gw::NsEvents e) override {
    ns_events = std::move(e);
    return std::make_shared<FakeNs>();
  }
  std::shared_ptr<gw::SbLink> open_switchboard(std::string, std::uint16_t, msnp::SbSession, gw::SbEvents e) override {
    sb_events = std::move(e);
    sb = std::make_shared<FakeSb>();
    return sb;
  }
};

const msnp::Passport bob = *msnp::Passport::parse("bob@example.com");

struct Fixture {
  boost::asio::io_context io;
  FakeNetwork network;
  gw::StorageRunner storage{io.get_executor(), gw::open_storage("sqlite://:memory:")};
  gw::OutboundQueue queue{io.get_executor(), storage};
  gw::SecretBox box{gw::SecretBox::Key{7}};
  std::vector<xmpp::Stanza> sent;
  gw::GatewayContext ctx = gw::testing::test_context(io.get_executor(), network, storage, box, sent);
  std::unique_ptr<gw::Session> session;

  Fixture() {
    ctx.queue = &queue;
    ctx.xmpp_up = true;
    session = std::make_unique<gw::Session>(
        ctx, gw::UserRecord{"alice@example.org", "alice@example.com", box.seal("alicepass", "alice@example.org"), false, 1});
  }
  // Runs what is ready, waiting a little for answers from the storage thread.
  void settle() {
    for (int i = 0; i < 5; ++i) {
      io.restart();
      if (io.run_for(10ms) == 0) std::this_thread::sleep_for(2ms);
    }
  }
  void messenger(msnp::NsOutput out) {
    network.ns_events(out);
    settle();
  }
  void online() {
    session->user_available(*xmpp::Jid::parse("alice@example.org/home"), xmpp::Stanza{"presence"});
    settle();
    messenger(msnp::LoggedIn{*msnp::Passport::parse("alice@example.com")});
    messenger(msnp::ListSynced{});
    REQUIRE(session->state() == gw::Session::State::online);
  }
  std::vector<gw::QueuedMessage> stored() {
    std::optional<std::vector<gw::QueuedMessage>> out;
    queue.load("alice@example.org", [&](std::vector<gw::QueuedMessage> q) { out = std::move(q); });
    for (int i = 0; i < 100 && !out; ++i) settle();
    REQUIRE(out);
    return *out;
  }
  std::size_t count(std::string_view name, std::string_view type) const {
    std::size_t n = 0;
    for (const auto& s : sent) n += s.name() == name && s.type() == type;
    return n;
  }
};

xmpp::Stanza chat(std::string id, std::string body) {
  xmpp::Stanza m{"message"};
  m.set_attr("from", "alice@example.org/home").set_attr("to", "bob%example.com@msn.test").set_attr("type", "chat");
  m.set_attr("id", id);
  m.add("body").set_text(body);
  m.add("request", "urn:xmpp:receipts");
  return m;
}

}  // namespace

TEST_CASE("session: a message sent while reconnecting is kept, sent after the sign-in, then forgotten",
          "[gateway][session][queue]") {
  Fixture f;
  f.online();
  f.messenger(msnp::Disconnected{msnp::DisconnectReason::connection_lost});
  f.session->message(bob, chat("m1", "while away"));
  f.settle();
  CHECK(f.count("message", "error") == 0);  // not bounced
  auto q = f.stored();
  REQUIRE(q.size() == 1);
  CHECK(q[0].direction == gw::Direction::to_msn);
  CHECK(q[0].peer == "bob@example.com");
  CHECK(q[0].sender == "alice@example.org/home");
  CHECK(q[0].wants_receipt);

  // Signed in again: the kept message asks for a switchboard and goes out on it.
  f.session->user_available(*xmpp::Jid::parse("alice@example.org/home"), xmpp::Stanza{"presence"});
  f.settle();
  f.messenger(msnp::LoggedIn{*msnp::Passport::parse("alice@example.com")});
  f.messenger(msnp::ListSynced{});
  f.messenger(msnp::SwitchboardGranted{1, "127.0.0.1", 1863, "cookie"});
  REQUIRE(f.network.sb);
  CHECK(f.network.sb->requests == 1);
  f.network.sb_events(msnp::MessageDelivered{msnp::MessageId{1}});
  f.settle();
  CHECK(f.stored().empty());
  REQUIRE(f.count("message", "chat") >= 1);
  const auto& receipt = f.sent.back();
  CHECK(receipt.attr("to") == "alice@example.org/home");
  REQUIRE(receipt.child("received", "urn:xmpp:receipts"));
  CHECK(receipt.child("received", "urn:xmpp:receipts")->attr("id") == "m1");
}

TEST_CASE("session: a Messenger message while the XMPP link is down is kept and sent when it is back",
          "[gateway][session][queue]") {
  Fixture f;
  f.online();
  f.ctx.xmpp_up = false;
  const auto before = f.sent.size();
  f.session->chat_to_jabber(bob, "hello while the link is down");
  f.settle();
  CHECK(f.sent.size() == before);
  auto q = f.stored();
  REQUIRE(q.size() == 1);
  CHECK(q[0].direction == gw::Direction::to_xmpp);
  f.ctx.xmpp_up = true;
  f.session->link_up();
  f.settle();
  REQUIRE(f.sent.size() == before + 1);
  CHECK(f.sent.back().child_text("body") == "hello while the link is down");
  CHECK(f.sent.back().attr("from") == "bob%example.com@msn.test");
  CHECK(f.stored().empty());
}

TEST_CASE("session: at shutdown what is unconfirmed is kept, not bounced", "[gateway][session][queue]") {
  Fixture f;
  f.online();
  f.session->message(bob, chat("m2", "waiting for a switchboard"));
  f.settle();
  f.ctx.stopping = true;
  f.session->stop(true);
  f.settle();
  CHECK(f.count("message", "error") == 0);
  auto q = f.stored();
  REQUIRE(q.size() == 1);
  CHECK(q[0].body == "waiting for a switchboard");
  CHECK(q[0].stanza_id == "m2");
}

TEST_CASE("session: a Messenger server that stays down is told once, not at every retry", "[gateway][session]") {
  Fixture f;
  f.online();
  f.messenger(msnp::Disconnected{msnp::DisconnectReason::connection_lost});
  const auto before = f.sent.size();
  for (int i = 0; i < 3; ++i) f.messenger(msnp::LoginFailed{0, "connection refused", false});
  CHECK(f.sent.size() == before);  // retries are quiet
  CHECK(f.session->state() == gw::Session::State::offline);
  // back online, then a fresh failure series is told again
  f.messenger(msnp::LoggedIn{*msnp::Passport::parse("alice@example.com")});
  f.messenger(msnp::ListSynced{});
  REQUIRE(f.session->state() == gw::Session::State::online);
  f.session->user_unavailable(*xmpp::Jid::parse("alice@example.org/home"));
  f.settle();
  f.session->user_available(*xmpp::Jid::parse("alice@example.org/home"), xmpp::Stanza{"presence"});
  f.settle();
  const auto again = f.sent.size();
  f.messenger(msnp::LoginFailed{0, "connection refused", false});
  CHECK(f.count("presence", "error") >= 1);
  CHECK(f.sent.size() > again);
}

TEST_CASE("session: a kept message that expires while being delivered bounces if the delivery fails",
          "[gateway][session][queue]") {
  Fixture f;
  f.online();
  f.messenger(msnp::Disconnected{msnp::DisconnectReason::connection_lost});
  f.session->message(bob, chat("m3", "old news"));
  f.settle();
  auto q = f.stored();
  REQUIRE(q.size() == 1);
  // Signed in again: the kept message is handed to its conversation (waiting for a switchboard).
  f.session->user_available(*xmpp::Jid::parse("alice@example.org/home"), xmpp::Stanza{"presence"});
  f.settle();
  f.messenger(msnp::LoggedIn{*msnp::Passport::parse("alice@example.com")});
  f.messenger(msnp::ListSynced{});
  // The expiry sweep took it from storage meanwhile: nothing yet, it is being delivered.
  f.session->expired(q[0]);
  f.settle();
  CHECK(f.count("message", "error") == 0);
  // The delivery fails with the connection: it must end bounced, not vanish.
  f.messenger(msnp::Disconnected{msnp::DisconnectReason::connection_lost});
  REQUIRE(f.count("message", "error") == 1);
  CHECK(f.sent.back().child_text("body") == "old news");
  CHECK(f.sent.back().attr("id") == "m3");
}

TEST_CASE("session: while the password is awaited a message bounces at once, it is not kept",
          "[gateway][session][queue][password]") {
  Fixture f;
  gw::Session carol{f.ctx, gw::UserRecord{"carol@example.org", "carol@example.com", "", false, 1}};
  carol.user_available(*xmpp::Jid::parse("carol@example.org/home"), xmpp::Stanza{"presence"});
  f.settle();
  auto m = chat("c1", "before signing in");
  m.set_attr("from", "carol@example.org/home");
  carol.message(bob, m);
  f.settle();
  REQUIRE(f.count("message", "error") == 1);
  CHECK(f.sent.back().child_text("body") == "before signing in");
  std::optional<std::vector<gw::QueuedMessage>> kept;
  f.queue.load("carol@example.org", [&](std::vector<gw::QueuedMessage> q) { kept = std::move(q); });
  for (int i = 0; i < 100 && !kept; ++i) f.settle();
  REQUIRE(kept);
  CHECK(kept->empty());
}

TEST_CASE("session: a Session stopped for good (registration changed or removed) bounces what it holds",
          "[gateway][session][queue]") {
  Fixture f;
  f.online();
  f.session->message(bob, chat("m4", "waiting for a switchboard"));
  f.settle();
  f.session->stop();
  f.settle();
  REQUIRE(f.count("message", "error") == 1);
  CHECK(f.sent.back().child_text("body") == "waiting for a switchboard");
  CHECK(f.stored().empty());
}
