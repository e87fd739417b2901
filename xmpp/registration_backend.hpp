#pragma once
// The seam between XEP-0077 registration (xmpp/) and where registrations live (gateway/:
// gw::Registrar over gw::Storage). xmpp/ never includes gateway/ headers; the gateway
// implements this. Calls return at once and answer later through `done`, which the backend
// must invoke exactly once, on the io thread (storage work runs on its own thread pool).
#include <functional>
#include <string>
#include <vector>

#include "xmpp/jid.hpp"

namespace xmpp {

enum class RegistrationStatus {
  ok,
  not_registered,        // lookup/remove: no such user
  rejected_credentials,  // the Messenger server refused the username/password
  unavailable,           // storage or Messenger temporarily unreachable: try again later
  failed,                // anything else
};

struct LookupResult {
  RegistrationStatus status = RegistrationStatus::failed;
  std::string username;  // the registered Messenger address, when status == ok
};

struct RegisterResult {
  RegistrationStatus status = RegistrationStatus::failed;
  bool created = false;  // a new registration (not a password or address change)
};

struct RemoveResult {
  RegistrationStatus status = RegistrationStatus::failed;
  std::vector<std::string> contacts;  // Passports the user had: their JIDs unsubscribe too
};

class RegistrationBackend {
 public:
  virtual ~RegistrationBackend() = default;

  virtual void lookup(const Jid& user, std::function<void(LookupResult)> done) = 0;
  // Registers `user` (bare JID) with a Messenger address (already normalised) and password,
  // or changes them when the user is registered already.
  virtual void register_user(const Jid& user, std::string username, std::string password,
                             std::function<void(RegisterResult)> done) = 0;
  // Deletes everything stored about `user`.
  virtual void remove_user(const Jid& user, std::function<void(RemoveResult)> done) = 0;
  // Every registered bare JID (the gateway announces its presence to them on each connect).
  virtual void registered_users(std::function<void(std::vector<Jid>)> done) = 0;
};

}  // namespace xmpp
