// gw::Session signing in with a typed password (registration.store_password: false): a fake
// Messenger network records each login and lets the test answer it; real io_context, SQLite
// :memory: behind the StorageRunner, and the SecretBox.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <optional>
#include <vector>

#include "gateway/session.hpp"
#include "tests/gateway/test_context.hpp"
#include "gateway/storage/storage.hpp"

using namespace std::chrono_literals;
using xmpp::SignInOutcome;

namespace {

struct FakeNs : gw::NsLink {
  int requests = 0;
  bool closed = false;
  void request(std::function<msnp::NsOutputs(msnp::NsSession&)>) override { ++requests; }
  void close() override { closed = true; }
};

struct FakeNetwork : gw::MessengerNetwork {
  std::vector<std::string> passwords;  // one per login attempt
  gw::NsEvents events;
  std::shared_ptr<gw::NsLink> login(gw::MessengerLogin login, gw::NsEvents e) override {
    passwords.push_back(login.password);
    events = std::move(e);
    return std::make_shared<FakeNs>();
  }
  std::shared_ptr<gw::SbLink> open_switchboard(std::string, std::uint16_t, msnp::SbSession, gw::SbEvents) override {
    return nullptr;
  }
};

struct Fixture {
  boost::asio::io_context io;
  FakeNetwork network;
  gw::StorageRunner storage{io.get_executor(), gw::open_storage("sqlite://:memory:")};
  gw::SecretBox box{gw::SecretBox::Key{7}};
  std::vector<xmpp::Stanza> sent;
  gw::GatewayContext ctx = gw::testing::test_context(io.get_executor(), network, storage, box, sent);
  // Registered without a stored password.
  gw::Session session{ctx, gw::UserRecord{"alice@example.org", "alice@example.com", "", false, 1}};
  std::optional<SignInOutcome> outcome;

  void settle() {
    io.restart();
    io.run_for(20ms);
  }
  void available(const std::string& resource) {
    session.user_available(*xmpp::Jid::parse("alice@example.org/" + resource), xmpp::Stanza{"presence"});
    settle();
  }
  void sign_in(const std::string& pw) {
    outcome.reset();
    session.sign_in_with(pw, [this](SignInOutcome o) { outcome = o; });
    settle();
  }
  void messenger(msnp::NsOutput out) {
    network.events(out);
    settle();
  }
  std::size_t notices() const {
    std::size_t n = 0;
    for (const auto& s : sent) n += s.name() == "message" && s.child_text("body").find("Sign in to Messenger") != std::string::npos;
    return n;
  }
};

}  // namespace

TEST_CASE("session: no stored password -> asked once, no login", "[gateway][session][password]") {
  Fixture f;
  f.available("home");
  CHECK(f.network.passwords.empty());
  CHECK(f.notices() == 1);
  REQUIRE_FALSE(f.sent.empty());
  const auto& p = f.sent.back();
  CHECK(p.name() == "presence");
  CHECK(p.type() == "unavailable");
  CHECK(p.child_text("status").find("Sign in to Messenger") != std::string::npos);
  f.available("phone");  // another resource: shown offline too, not asked again
  CHECK(f.notices() == 1);
  CHECK(f.network.passwords.empty());
}

TEST_CASE("session: the typed password signs in, is used for reconnects, and is forgotten offline",
          "[gateway][session][password]") {
  Fixture f;
  f.available("home");
  f.sign_in("typed");
  REQUIRE(f.network.passwords == std::vector<std::string>{"typed"});
  CHECK_FALSE(f.outcome);  // waits for Messenger
  f.messenger(msnp::LoggedIn{*msnp::Passport::parse("alice@example.com")});
  f.messenger(msnp::ListSynced{});
  CHECK(f.outcome == SignInOutcome::signed_in);
  CHECK(f.session.state() == gw::Session::State::online);
  f.sign_in("again");
  CHECK(f.outcome == SignInOutcome::already_signed_in);
  // the last resource goes: signed out, the password forgotten; back online: asked again
  f.session.user_unavailable(*xmpp::Jid::parse("alice@example.org/home"));
  f.messenger(msnp::Disconnected{msnp::DisconnectReason::logged_out});
  const auto notices = f.notices();
  f.available("home");
  CHECK(f.notices() == notices + 1);
  CHECK(f.network.passwords.size() == 1);
}

TEST_CASE("session: a wrong typed password is refused and forgotten", "[gateway][session][password]") {
  Fixture f;
  f.available("home");
  f.sign_in("wrong");
  f.messenger(msnp::LoginFailed{911, "authentication failed", true});
  CHECK(f.outcome == SignInOutcome::wrong_password);
  CHECK(f.session.state() != gw::Session::State::online);
  // not retried with it: a new sign-in asks again
  f.session.user_unavailable(*xmpp::Jid::parse("alice@example.org/home"));
  const auto notices = f.notices();
  f.available("home");
  CHECK(f.network.passwords.size() == 1);
  CHECK(f.notices() == notices + 1);
}

TEST_CASE("session: a sign-in under way answers busy; stop fails the pending one", "[gateway][session][password]") {
  Fixture f;
  f.available("home");
  f.sign_in("typed");
  std::optional<SignInOutcome> second;
  f.session.sign_in_with("other", [&](SignInOutcome o) { second = o; });
  CHECK(second == SignInOutcome::busy);
  f.session.stop();
  CHECK(f.outcome == SignInOutcome::failed);
}

TEST_CASE("session: a server that drops each sign-in at once is retried ever later; after a lasting session, soon",
          "[gateway][session][reconnect]") {
  Fixture f;
  f.ctx.first_retry = 200ms;  // waits 150-250 ms, then 300-500, 600-1000 (+-25 % jitter)
  auto logins_after = [&](std::chrono::milliseconds d) {
    f.io.restart();
    f.io.run_for(d);
    return f.network.passwords.size();
  };
  auto login_within = [&](std::size_t n, std::chrono::milliseconds limit) {  // bounded: a slow machine only waits longer
    for (auto waited = 0ms; f.network.passwords.size() < n && waited < limit; waited += 10ms) logins_after(10ms);
    return f.network.passwords.size() == n;
  };
  auto session_ends = [&] {
    f.messenger(msnp::LoggedIn{*msnp::Passport::parse("alice@example.com")});
    f.messenger(msnp::ListSynced{});
    f.messenger(msnp::Disconnected{msnp::DisconnectReason::connection_lost});
  };
  f.available("home");
  f.sign_in("typed");
  REQUIRE(f.network.passwords.size() == 1);
  session_ends();
  REQUIRE(login_within(2, 3000ms));  // the first retry, 150-250 ms

  // Dropped right after signing in each time (e.g. something the server sends then that we
  // refuse): the wait doubles with each such drop in a row instead of staying at the first.
  session_ends();
  REQUIRE(login_within(3, 3000ms));  // 300-500 ms
  session_ends();
  CHECK(logins_after(400ms) == 3);   // 600-1000 ms (always the first retry's: 150-250)
  REQUIRE(login_within(4, 3000ms));

  // A session that lasted (stable_session) starts the wait over.
  f.ctx.stable_session = 0s;
  session_ends();
  CHECK(login_within(5, 800ms));  // 150-250 ms (not starting over: 1200-2000)
}
