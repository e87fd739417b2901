#pragma once
// gw::Registrar: xmpp::RegistrationBackend over gw::Storage. Who is registered, with which
// Messenger address, and the Messenger password sealed with the SecretBox (AES-GCM, the bare
// JID as associated data). Storage calls block, so they run through `offload` on the one
// storage thread (DESIGN.md section 5); answers come back on the io executor.
//
// The seam for checking credentials against the Messenger server: a CredentialCheck, called
// on the io thread before anything is stored. Until the gateway core provides one (a trial
// Messenger login), registrations are stored unverified, and the log says so.
#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>
#include <string>

#include "gateway/storage/storage.hpp"
#include "gateway/support/secret_box.hpp"
#include "xmpp/registration_backend.hpp"

namespace gw {

class Registrar final : public xmpp::RegistrationBackend {
 public:
  // Runs `work` on the storage thread (the one thread that uses the Storage object).
  using Offload = std::function<void(std::function<void(Storage&)> work)>;
  // Answers ok, rejected_credentials or unavailable, on the io thread, exactly once.
  using CredentialCheck = std::function<void(const std::string& passport, const std::string& password,
                                             std::function<void(xmpp::RegistrationStatus)> done)>;

  Registrar(boost::asio::any_io_executor io, Offload offload, SecretBox secrets, CredentialCheck check = {});

  void set_credential_check(CredentialCheck check) { check_ = std::move(check); }
  // registration.store_password: false -- the password is still checked, then dropped, and
  // passwords stored while the setting was true are erased (the setting promises that
  // nothing is stored). Queued on the storage thread before any later storage work.
  void set_store_passwords(bool store);

  void lookup(const xmpp::Jid& user, std::function<void(xmpp::LookupResult)> done) override;
  void register_user(const xmpp::Jid& user, std::string username, std::string password,
                     std::function<void(xmpp::RegisterResult)> done) override;
  void remove_user(const xmpp::Jid& user, std::function<void(xmpp::RemoveResult)> done) override;
  void registered_users(std::function<void(std::vector<xmpp::Jid>)> done) override;

 private:
  void store(const xmpp::Jid& user, std::string username, std::string password,
             std::function<void(xmpp::RegisterResult)> done);
  // Runs `work` (Storage& -> R) on the storage thread and `done(R)` on the io executor;
  // a StorageError becomes `on_error`.
  template <class R, class Work, class Done>
  void run(Work work, Done done, R on_error);

  boost::asio::any_io_executor io_;
  Offload offload_;
  SecretBox secrets_;
  CredentialCheck check_;
  bool store_passwords_ = true;
};

}  // namespace gw
