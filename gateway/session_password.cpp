// Signing in with a password the user types (the XEP-0050 "Sign in to Messenger" command)
// instead of a stored one: with registration.store_password: false nothing is stored, so
// each sign-in asks for it. The password lives in this Session only, is never logged, and is
// wiped on sign-out (last resource gone), on stop and when the Session goes away.
#include "gateway/jabber_stanzas.hpp"
#include "gateway/session.hpp"
#include "gateway/support/log.hpp"

#include <algorithm>

namespace gw {

void Session::ask_for_password() {
  state_ = State::offline;
  if (!password_asked_) {  // once per sign-in, not once per resource
    password_asked_ = true;
    log::info({"gw.session", user_.jid}, "no Messenger password stored: asking for it");
    to_jabber(jabber::notice(
        ctx_.domain, user_.jid,
        "To sign in to Messenger the gateway needs your Messenger password, which it does not store. Run the "
        "command \"Sign in to Messenger\" on " + ctx_.domain +
            " (in your client: ad-hoc commands / execute command) and enter it."));
  }
  show_gateway(false, "not signed in: run the command \"Sign in to Messenger\"");
}

void Session::sign_in_with(std::string password, std::function<void(xmpp::SignInOutcome)> done) {
  if (state_ == State::online) return done(xmpp::SignInOutcome::already_signed_in);
  if (ns_ || state_ == State::connecting || sign_in_done_) return done(xmpp::SignInOutcome::busy);
  forget_password();
  password_ = std::move(password);
  sign_in_done_ = std::move(done);
  log::info({"gw.session", user_.jid}, "signing in with a password typed into the sign-in command");
  reconnect_timer_.cancel();
  reconnect_attempts_ = 0;
  state_ = State::offline;
  login();
}

void Session::sign_in_finished(xmpp::SignInOutcome outcome) {
  if (outcome == xmpp::SignInOutcome::signed_in) password_asked_ = false;
  if (auto done = std::exchange(sign_in_done_, nullptr)) done(outcome);
}

void Session::forget_password() {
  std::fill(password_.begin(), password_.end(), '\0');
  password_.clear();
  password_asked_ = false;
}

}  // namespace gw
