#include "gateway/registrar.hpp"

#include <boost/asio/post.hpp>
#include <chrono>

#include "gateway/support/log.hpp"

namespace gw {

namespace asio = boost::asio;
using xmpp::RegistrationStatus;

Registrar::Registrar(asio::any_io_executor io, Offload offload, SecretBox secrets, CredentialCheck check)
    : io_(std::move(io)), offload_(std::move(offload)), secrets_(secrets), check_(std::move(check)) {}

template <class R, class Work, class Done>
void Registrar::run(Work work, Done done, R on_error) {
  offload_([io = io_, work = std::move(work), done = std::move(done), on_error = std::move(on_error)](Storage& db) mutable {
    R result = on_error;
    try {
      result = work(db);
    } catch (const StorageError& e) {
      log::error("gw.registrar", "storage: {}", e.what());
    } catch (const std::exception& e) {
      log::error("gw.registrar", "{}", e.what());
    }
    asio::post(io, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
  });
}

void Registrar::set_store_passwords(bool store) {
  store_passwords_ = store;
  if (store) return;
  offload_([](Storage& db) {
    try {
      int erased = 0;
      for (auto user : db.users()) {
        if (user.sealed_password.empty()) continue;
        user.sealed_password.clear();
        db.save_user(user);
        ++erased;
      }
      if (erased > 0)
        log::info("gw.registrar", "registration.store_password is false: erased the stored Messenger passwords of {} users", erased);
    } catch (const std::exception& e) {
      log::error("gw.registrar", "cannot erase the stored passwords (registration.store_password is false): {}", e.what());
    }
  });
}

void Registrar::lookup(const xmpp::Jid& user, std::function<void(xmpp::LookupResult)> done) {
  run(
      [jid = user.bare_string()](Storage& db) {
        const auto u = db.find_user(jid);
        return u ? xmpp::LookupResult{RegistrationStatus::ok, u->passport}
                 : xmpp::LookupResult{RegistrationStatus::not_registered, {}};
      },
      std::move(done), xmpp::LookupResult{RegistrationStatus::unavailable, {}});
}

void Registrar::register_user(const xmpp::Jid& user, std::string username, std::string password,
                              std::function<void(xmpp::RegisterResult)> done) {
  if (!check_) {
    log::warn(log::Where{"gw.registrar", user.bare_string()},
              "storing {} without checking the password against Messenger (no credential check wired)", username);
    return store(user, std::move(username), std::move(password), std::move(done));
  }
  auto passport = username;
  auto secret = password;
  check_(passport, secret,
         [this, user, username = std::move(username), password = std::move(password),
          done = std::move(done)](RegistrationStatus status) mutable {
           if (status != RegistrationStatus::ok) return done({status, false});
           store(user, std::move(username), std::move(password), std::move(done));
         });
}

void Registrar::store(const xmpp::Jid& user, std::string username, std::string password,
                      std::function<void(xmpp::RegisterResult)> done) {
  // Sealed here, on the io thread, so the plaintext never travels to the storage thread.
  const std::string jid = user.bare_string();
  std::string sealed;  // empty: no password stored (the user types it at each sign-in)
  try {
    if (store_passwords_) sealed = secrets_.seal(password, jid);
  } catch (const std::exception& e) {
    log::error(log::Where{"gw.registrar", jid}, "cannot seal the password: {}", e.what());
    return done({RegistrationStatus::failed, false});
  }
  run(
      [jid, username = std::move(username), sealed = std::move(sealed)](Storage& db) {
        const auto existing = db.find_user(jid);
        UserRecord rec;
        rec.jid = jid;
        rec.passport = username;
        rec.sealed_password = sealed;
        rec.was_online = existing && existing->was_online && existing->passport == username;
        rec.registered_at = existing ? existing->registered_at
                                     : std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count();
        db.save_user(rec);
        // Another Messenger account: the old contact list means nothing for the new one.
        if (existing && existing->passport != username) db.replace_contacts(jid, {});
        return xmpp::RegisterResult{RegistrationStatus::ok, !existing};
      },
      std::move(done), xmpp::RegisterResult{RegistrationStatus::unavailable, false});
}

void Registrar::remove_user(const xmpp::Jid& user, std::function<void(xmpp::RemoveResult)> done) {
  run(
      [jid = user.bare_string()](Storage& db) {
        xmpp::RemoveResult r;
        for (const auto& c : db.contacts(jid)) r.contacts.push_back(c.passport);
        r.status = db.remove_user(jid) ? RegistrationStatus::ok : RegistrationStatus::not_registered;
        if (r.status != RegistrationStatus::ok) r.contacts.clear();
        return r;
      },
      std::move(done), xmpp::RemoveResult{RegistrationStatus::unavailable, {}});
}

void Registrar::registered_users(std::function<void(std::vector<xmpp::Jid>)> done) {
  run(
      [](Storage& db) {
        std::vector<xmpp::Jid> out;
        for (const auto& u : db.users())
          if (auto j = xmpp::Jid::parse(u.jid)) out.push_back(*j);
        return out;
      },
      std::move(done), std::vector<xmpp::Jid>{});
}

}  // namespace gw
