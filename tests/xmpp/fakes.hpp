#pragma once
// Test doubles for xmpp::Service: a sink that records what would go on the wire, a
// registration backend over a map (answers immediately or when told), and an events recorder.
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "xmpp/gateway_events.hpp"
#include "xmpp/registration_backend.hpp"
#include "xmpp/stanza_sink.hpp"

namespace xmpp::testing {

struct RecordingSink : StanzaSink {
  std::vector<Stanza> sent;
  void send(Stanza s) override { sent.push_back(std::move(s)); }
  std::vector<Stanza> take() { return std::exchange(sent, {}); }
};

struct MapBackend : RegistrationBackend {
  std::map<std::string, std::pair<std::string, std::string>> users;  // bare jid -> (passport, password)
  std::map<std::string, std::vector<std::string>> contacts;
  bool deferred = false;  // hold answers until run_pending()
  RegistrationStatus register_status = RegistrationStatus::ok;
  std::deque<std::function<void()>> pending;

  void answer(std::function<void()> f) {
    if (deferred)
      pending.push_back(std::move(f));
    else
      f();
  }
  void run_pending() {
    while (!pending.empty()) {
      auto f = std::move(pending.front());
      pending.pop_front();
      f();
    }
  }
  void lookup(const Jid& user, std::function<void(LookupResult)> done) override {
    const auto it = users.find(user.to_string());
    LookupResult r = it == users.end() ? LookupResult{RegistrationStatus::not_registered, {}}
                                       : LookupResult{RegistrationStatus::ok, it->second.first};
    answer([done, r] { done(r); });
  }
  void register_user(const Jid& user, std::string username, std::string password,
                     std::function<void(RegisterResult)> done) override {
    if (register_status != RegistrationStatus::ok) {
      answer([done, s = register_status] { done({s, false}); });
      return;
    }
    const bool created = !users.count(user.to_string());
    users[user.to_string()] = {username, password};
    answer([done, created] { done({RegistrationStatus::ok, created}); });
  }
  void remove_user(const Jid& user, std::function<void(RemoveResult)> done) override {
    const bool had = users.erase(user.to_string()) > 0;
    RemoveResult r{had ? RegistrationStatus::ok : RegistrationStatus::not_registered, contacts[user.to_string()]};
    contacts.erase(user.to_string());
    answer([done, r] { done(r); });
  }
  void registered_users(std::function<void(std::vector<Jid>)> done) override {
    std::vector<Jid> out;
    for (const auto& [jid, _] : users) out.push_back(*Jid::parse(jid));
    answer([done, out] { done(out); });
  }
};

struct RecordingEvents : GatewayEvents {
  std::vector<std::string> log;
  bool take_iqs = false;
  void on_link_up() override { log.push_back("link-up"); }
  void on_link_down() override { log.push_back("link-down"); }
  void on_message(const Jid& user, const std::string& passport, Stanza m) override {
    log.push_back("message " + user.to_string() + " -> " + passport + " " + m.child_text("body"));
  }
  void on_user_presence(const Jid& user, PresenceKind kind, const Stanza&) override {
    log.push_back("user-presence " + user.to_string() + " " + std::string{presence_type_name(kind)});
  }
  void on_contact_presence(const Jid& user, const std::string& passport, PresenceKind kind, const Stanza&) override {
    log.push_back("contact-presence " + user.to_string() + " -> " + passport + " " +
                  std::string{presence_type_name(kind)});
  }
  bool on_iq(const Jid& user, const std::string& passport, const Stanza& iq) override {
    log.push_back("iq " + std::string{iq.type()} + " " + user.to_string() + " -> " + passport);
    return take_iqs;
  }
  void on_registered(const Jid& user, const std::string& username, bool created) override {
    log.push_back("registered " + user.to_string() + " " + username + (created ? " new" : " changed"));
  }
  void on_unregistered(const Jid& user) override { log.push_back("unregistered " + user.to_string()); }
  SignInOutcome sign_in_outcome = SignInOutcome::failed;
  void sign_in(const Jid& user, std::string password, std::function<void(SignInOutcome)> done) override {
    log.push_back("sign-in " + user.to_string() + " " + password);
    done(sign_in_outcome);
  }
};

}  // namespace xmpp::testing
