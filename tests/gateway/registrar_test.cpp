#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <optional>
#include <thread>

#include "gateway/registrar.hpp"

using namespace std::chrono_literals;
using xmpp::Jid;
using xmpp::RegistrationStatus;

namespace {

struct Fixture {
  boost::asio::io_context io;
  boost::asio::thread_pool pool{1};
  std::unique_ptr<gw::Storage> db = gw::open_storage("sqlite://:memory:");
  gw::SecretBox box{gw::SecretBox::Key{1, 2, 3}};
  std::thread::id storage_thread;
  gw::Registrar reg{io.get_executor(),
                    [this](std::function<void(gw::Storage&)> work) {
                      boost::asio::post(pool, [this, work = std::move(work)] {
                        storage_thread = std::this_thread::get_id();
                        work(*db);
                      });
                    },
                    box};

  ~Fixture() { pool.join(); }

  // Runs the io context until `slot` is filled (answers arrive via the storage thread).
  template <class T>
  T wait(std::optional<T>& slot) {
    for (int i = 0; i < 500 && !slot; ++i) {
      io.restart();
      if (io.run_for(10ms) == 0) std::this_thread::sleep_for(2ms);  // nothing posted back yet
    }
    REQUIRE(slot);
    return *slot;
  }
  xmpp::RegisterResult do_register(const std::string& jid, const std::string& user, const std::string& pw) {
    std::optional<xmpp::RegisterResult> r;
    reg.register_user(*Jid::parse(jid), user, pw, [&](xmpp::RegisterResult x) { r = x; });
    return wait(r);
  }
  xmpp::LookupResult lookup(const std::string& jid) {
    std::optional<xmpp::LookupResult> r;
    reg.lookup(*Jid::parse(jid), [&](xmpp::LookupResult x) { r = x; });
    return wait(r);
  }
  xmpp::RemoveResult remove(const std::string& jid) {
    std::optional<xmpp::RemoveResult> r;
    reg.remove_user(*Jid::parse(jid), [&](xmpp::RemoveResult x) { r = x; });
    return wait(r);
  }
  std::optional<gw::UserRecord> stored(const std::string& jid) {
    std::optional<std::optional<gw::UserRecord>> r;
    boost::asio::post(pool, [&] { r = db->find_user(jid); });  // storage is used from its thread only
    for (int i = 0; i < 500 && !r; ++i) std::this_thread::sleep_for(2ms);
    REQUIRE(r);
    return *r;
  }
};

}  // namespace

TEST_CASE("registrar: register, look up, change, remove", "[gateway][registrar]") {
  Fixture f;
  CHECK(f.lookup("alice@example.org").status == RegistrationStatus::not_registered);

  auto r = f.do_register("alice@example.org", "alice@hotmail.com", "s3cret");
  CHECK(r.status == RegistrationStatus::ok);
  CHECK(r.created);
  CHECK(f.storage_thread != std::this_thread::get_id());
  auto l = f.lookup("alice@example.org");
  CHECK(l.status == RegistrationStatus::ok);
  CHECK(l.username == "alice@hotmail.com");

  auto rec = f.stored("alice@example.org");
  REQUIRE(rec);
  CHECK(rec->sealed_password.find("s3cret") == std::string::npos);  // encrypted at rest
  CHECK(f.box.open(rec->sealed_password, "alice@example.org") == "s3cret");
  const auto registered_at = rec->registered_at;
  CHECK(registered_at > 0);

  r = f.do_register("alice@example.org", "alice@hotmail.com", "n3w");
  CHECK(r.status == RegistrationStatus::ok);
  CHECK_FALSE(r.created);
  rec = f.stored("alice@example.org");
  CHECK(f.box.open(rec->sealed_password, "alice@example.org") == "n3w");
  CHECK(rec->registered_at == registered_at);

  std::optional<std::vector<Jid>> users;
  f.reg.registered_users([&](std::vector<Jid> u) { users = u; });
  CHECK(f.wait(users) == std::vector<Jid>{*Jid::parse("alice@example.org")});

  boost::asio::post(f.pool, [&] { f.db->save_contact("alice@example.org", {"bob@example.com", "Bob", "", 3, {}}); });
  auto removed = f.remove("alice@example.org");
  CHECK(removed.status == RegistrationStatus::ok);
  CHECK(removed.contacts == std::vector<std::string>{"bob@example.com"});
  CHECK_FALSE(f.stored("alice@example.org"));
  CHECK(f.remove("alice@example.org").status == RegistrationStatus::not_registered);
}

TEST_CASE("registrar: another Messenger account forgets the old contact list", "[gateway][registrar]") {
  Fixture f;
  f.do_register("alice@example.org", "alice@hotmail.com", "pw");
  boost::asio::post(f.pool, [&] { f.db->save_contact("alice@example.org", {"bob@example.com", "Bob", "", 3, {}}); });
  CHECK_FALSE(f.do_register("alice@example.org", "alice2@hotmail.com", "pw").created);
  std::optional<std::size_t> n;
  boost::asio::post(f.pool, [&] { n = f.db->contacts("alice@example.org").size(); });
  for (int i = 0; i < 500 && !n; ++i) std::this_thread::sleep_for(2ms);
  CHECK(n == 0u);
}

TEST_CASE("registrar: the credential check can refuse", "[gateway][registrar]") {
  Fixture f;
  std::string checked;
  f.reg.set_credential_check([&](const std::string& p, const std::string& pw, auto done) {
    checked = p + ":" + pw;
    done(pw == "right" ? RegistrationStatus::ok : RegistrationStatus::rejected_credentials);
  });
  CHECK(f.do_register("a@x.org", "a@hotmail.com", "wrong").status == RegistrationStatus::rejected_credentials);
  CHECK(checked == "a@hotmail.com:wrong");
  CHECK_FALSE(f.stored("a@x.org"));
  CHECK(f.do_register("a@x.org", "a@hotmail.com", "right").status == RegistrationStatus::ok);
  CHECK(f.stored("a@x.org"));
}

TEST_CASE("registrar: with store_password false the password is checked, never stored", "[gateway][registrar]") {
  Fixture f;
  f.reg.set_store_passwords(false);
  std::string checked;
  f.reg.set_credential_check([&](const std::string& p, const std::string& pw, auto done) {
    checked = pw;
    done(pw == "right" ? RegistrationStatus::ok : RegistrationStatus::rejected_credentials);
  });
  CHECK(f.do_register("a@x.org", "a@hotmail.com", "wrong").status == RegistrationStatus::rejected_credentials);
  CHECK_FALSE(f.stored("a@x.org"));
  CHECK(f.do_register("a@x.org", "a@hotmail.com", "right").status == RegistrationStatus::ok);
  CHECK(checked == "right");
  const auto u = f.stored("a@x.org");
  REQUIRE(u);
  CHECK(u->passport == "a@hotmail.com");
  CHECK(u->sealed_password.empty());
  // passwords stored before the switch are erased when it is made (at start-up)
  Fixture g;
  CHECK(g.do_register("b@x.org", "b@hotmail.com", "pw").status == RegistrationStatus::ok);
  CHECK(g.do_register("c@x.org", "c@hotmail.com", "pw").status == RegistrationStatus::ok);
  CHECK_FALSE(g.stored("b@x.org")->sealed_password.empty());
  g.reg.set_store_passwords(false);
  CHECK(g.stored("b@x.org")->sealed_password.empty());
  CHECK(g.stored("c@x.org")->sealed_password.empty());
  CHECK(g.stored("c@x.org")->passport == "c@hotmail.com");  // the registration itself stays
  CHECK(g.do_register("b@x.org", "b@hotmail.com", "pw").status == RegistrationStatus::ok);
  CHECK(g.stored("b@x.org")->sealed_password.empty());
}
