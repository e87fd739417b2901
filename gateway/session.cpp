#include "gateway/session.hpp"

#include "gateway/jabber_stanzas.hpp"
#include "gateway/presence_map.hpp"
#include "gateway/support/log.hpp"
#include "gateway/support/overloaded.hpp"
#include "xmpp/contact_address.hpp"

#include <algorithm>
#include <random>
#include <utility>

namespace gw {
namespace {
constexpr auto max_backoff = std::chrono::seconds(300);

std::chrono::milliseconds backoff(std::chrono::milliseconds first, int attempt) {
  // 2 s, 4 s, 8 s ... capped, with +-25 % jitter so that many users do not retry in step.
  static thread_local std::mt19937 rng{std::random_device{}()};
  const auto base = std::min<std::chrono::milliseconds>(first * (1 << std::min(attempt, 8)), max_backoff);
  std::uniform_real_distribution<double> jitter(0.75, 1.25);
  return std::chrono::milliseconds(static_cast<long>(base.count() * jitter(rng)));
}
}  // namespace

Session::Session(GatewayContext& ctx, UserRecord user, const std::map<std::string, std::string>& settings)
    : ctx_(ctx), user_(std::move(user)), disco_timer_(ctx.executor), reconnect_timer_(ctx.executor),
      grace_timer_(ctx.executor) {
  if (auto it = settings.find("stay_connected"); it != settings.end()) stay_connected_ = it->second == "true";
}

Session::~Session() {
  *alive_ = false;
  sign_in_finished(xmpp::SignInOutcome::failed);
  forget_password();
  conversations_.clear();
  if (ns_) ns_->close();
}

std::string Session::contact_jid(const msnp::Passport& p) const {
  auto jid = xmpp::contact_jid(p.str(), ctx_.domain);
  return jid ? jid->to_string() : p.str() + "@" + ctx_.domain;
}

void Session::ns(std::function<msnp::NsOutputs(msnp::NsSession&)> f) {
  if (ns_) ns_->request(std::move(f));
}

void Session::login() {
  if (ns_ || state_ == State::connecting) return;
  state_ = State::connecting;
  if (!ctx_.pacer) return connect_now();
  ctx_.pacer->schedule([this, alive = alive_] {
    if (*alive && state_ == State::connecting && !ns_) connect_now();
  });
}

void Session::connect_now() {
  const auto account = msnp::Passport::parse(user_.passport);
  if (!has_password()) return ask_for_password();
  std::string password = password_;
  try {
    if (password.empty()) password = ctx_.secrets.open(user_.sealed_password, user_.jid);
  } catch (const SecretError& e) {
    log::error({"gw.session", user_.jid}, "cannot log in: {}", e.what());
    state_ = State::failed;
    to_jabber(jabber::notice(ctx_.domain, user_.jid, "Cannot sign in to Messenger: the stored password cannot be read. Please register again."));
    return show_gateway(false, "stored password unreadable");
  }
  if (!account) {
    state_ = State::failed;
    to_jabber(jabber::notice(ctx_.domain, user_.jid, "Cannot sign in to Messenger: the registered address is not valid. Please register again."));
    return show_gateway(false, "invalid Messenger address");
  }
  state_ = State::connecting;
  synced_ = reconciled_ = false;
  stored_contacts_.reset();
  ctx_.storage.run([jid = user_.jid](Storage& s) { return s.contacts(jid); },
                   [this, alive = alive_](std::optional<std::vector<ContactRecord>> stored) {
                     if (!*alive) return;
                     stored_contacts_ = stored.value_or(std::vector<ContactRecord>{});
                     if (synced_ && !reconciled_) reconcile(*std::exchange(stored_contacts_, std::nullopt));
                   });
  auto config = ctx_.ns_config;
  config.account = *account;
  log::info({"gw.session", user_.jid}, "signing in to Messenger as {}", account->str());
  ns_ = ctx_.network.login(MessengerLogin{std::move(config), std::move(password)},
                           [this, alive = alive_](const msnp::NsOutput& out) {
                             if (*alive) on_ns(out);
                           });
}

void Session::on_ns(const msnp::NsOutput& out) {
  std::visit(Overloaded{
                 [&](const msnp::LoggedIn&) { on_logged_in(); },
                 [&](const msnp::LoginFailed& f) { on_login_failed(f); },
                 [&](const msnp::GroupListed& g) { roster_.apply(g); },
                 [&](const msnp::ContactListed& c) { roster_.apply(c); },
                 [&](const msnp::ListSynced&) { on_synced(); },
                 [&](const msnp::GroupAdded& g) { roster_.apply(g); },
                 [&](const msnp::GroupRemoved& g) { roster_.apply(g); },
                 [&](const msnp::GroupRenamed& g) { roster_.apply(g); },
                 [&](const msnp::ContactAdded& a) {
                   if (auto who = roster_.apply(a)) contact_added(a, *who);
                 },
                 [&](const msnp::ContactRemoved& r) {
                   if (auto who = roster_.apply(r)) contact_removed(r, *who);
                 },
                 [&](const msnp::ContactPresence& p) {
                   roster_.apply(p);
                   if (Contact* c = roster_.find(p.passport)) send_contact_presence(*c);
                 },
                 [&](const msnp::PersonalMessage& m) {
                   roster_.apply(m);
                   if (Contact* c = roster_.find(m.passport)) send_contact_presence(*c);
                 },
                 [&](const msnp::SwitchboardGranted& g) {
                   auto node = switchboard_requests_.extract(g.tag);
                   if (!node.empty()) conversation(node.mapped()).switchboard_granted(g);
                 },
                 [&](const msnp::SwitchboardInvite& i) { conversation(i.inviter).invited(i); },
                 [&](const msnp::RequestFailed& f) { on_request_failed(f); },
                 [&](const msnp::Disconnected& d) { on_disconnected(d); },
                 [](const auto&) {},
             },
             out);
}

void Session::on_logged_in() {
  log::info({"gw.session", user_.jid}, "signed in to Messenger");
  roster_.begin_sync();
  reconnect_attempts_ = 0;
  signed_in_at_ = std::chrono::steady_clock::now();
}

void Session::on_synced() {
  synced_ = true;
  roster_.end_sync();
  state_ = State::online;
  grace_timer_.cancel();
  published_.reset();
  publish_own_presence();  // the server sends ILN (contacts' presence) only after our first CHG
  show_gateway(true);
  sign_in_finished(xmpp::SignInOutcome::signed_in);
  restore(true);  // what was kept while Messenger was away goes first
  ctx_.storage.write([jid = user_.jid](Storage& s) { s.set_was_online(jid, true); });
  // The stored list is needed only until it is reconciled: not kept for the whole session.
  if (stored_contacts_ && !reconciled_) reconcile(*std::exchange(stored_contacts_, std::nullopt));
  // Someone added the user while they were away: ask now (MSNP has no offline notice).
  for (const auto& c : roster_.contacts())
    if (c.awaiting_decision()) to_jabber(jabber::subscription(contact_jid(c.passport), user_.jid, "subscribe", c.nickname()));
}

void Session::on_login_failed(const msnp::LoginFailed& f) {
  ns_.reset();
  const bool wrong_password = f.fatal && (f.code == 911 || f.code == 0);
  const bool typed = !password_.empty();
  log::warn({"gw.session", user_.jid}, "Messenger login failed ({}): {}", f.code, f.reason);
  std::string text = !wrong_password ? "Messenger sign-in failed: " + f.reason
                     : typed ? "Messenger sign-in failed: wrong password. Run \"Sign in to Messenger\" again."
                             : "Messenger sign-in failed: wrong address or password. Register again with the right password.";
  if (wrong_password) forget_password();
  sign_in_finished(wrong_password ? xmpp::SignInOutcome::wrong_password : xmpp::SignInOutcome::failed);
  if (!f.fatal && reconnect_attempts_ > 0) {
    // Retrying while the server stays down: the user heard of it at the first failure (or
    // sees the contacts go offline); one notice per retry would flood their client.
    state_ = State::offline;
    return schedule_reconnect();
  }
  to_jabber(jabber::notice(ctx_.domain, user_.jid, text));
  xmpp::Stanza p{"presence"};
  p.set_attr("from", ctx_.domain).set_attr("to", user_.jid).set_attr("type", "error");
  auto& e = p.add("error");
  e.set_attr("type", f.fatal ? "auth" : "wait");
  e.add(f.fatal ? "not-authorized" : "remote-server-timeout", "urn:ietf:params:xml:ns:xmpp-stanzas");
  e.add("text", "urn:ietf:params:xml:ns:xmpp-stanzas").set_text(text);
  to_jabber(std::move(p));
  if (f.fatal) {
    state_ = State::failed;
    went_offline("sign-in failed");
  } else {
    state_ = State::offline;
    schedule_reconnect();
  }
}

void Session::on_disconnected(const msnp::Disconnected& d) {
  ns_.reset();
  sign_in_finished(xmpp::SignInOutcome::failed);
  using R = msnp::DisconnectReason;
  switch (d.reason) {
    case R::logged_out:
      state_ = State::offline;
      return went_offline("signed out");
    case R::other_login:
      state_ = State::signed_in_elsewhere;
      log::info({"gw.session", user_.jid}, "signed in elsewhere (OUT OTH)");
      to_jabber(jabber::notice(ctx_.domain, user_.jid,
                               "Your Messenger account was signed in from another location, so the gateway "
                               "signed out. Send your presence again (go offline and online) to sign back in."));
      return went_offline("signed in elsewhere");
    default:
      break;
  }
  log::warn({"gw.session", user_.jid}, "Messenger connection lost ({}); reconnecting", static_cast<int>(d.reason));
  // Dropped again soon after signing in: the server does not take us (something it sends then
  // that we refuse, say). Each such drop in a row doubles the wait, or it would loop every 2 s.
  if (signed_in_at_)
    quick_drops_ = std::chrono::steady_clock::now() - *signed_in_at_ < ctx_.stable_session ? quick_drops_ + 1 : 0;
  signed_in_at_.reset();
  state_ = State::offline;
  // Unconfirmed messages are kept and sent again after the reconnect (a few may then arrive
  // twice: those Messenger delivered whose ACK was lost with the connection).
  drop_conversations(true, xmpp::Condition::recipient_unavailable, "the Messenger connection was lost");
  // Contacts stay shown for a grace period: a quick reconnect should not flood the roster.
  grace_timer_.wait(ctx_.offline_grace, [this, alive = alive_](const boost::system::error_code& ec) {
    if (!ec && *alive && state_ != State::online) went_offline("Messenger connection lost");
  });
  schedule_reconnect();
}

void Session::on_request_failed(const msnp::RequestFailed& f) {
  log::info({"gw.session", user_.jid}, "Messenger refused a request on {}: {} {}", f.subject, f.code, f.reason);
  using K = msnp::RequestKind;
  if (f.kind == K::switchboard) {
    auto node = switchboard_requests_.extract(f.tag);
    if (node.empty()) return;
    const bool hidden = f.code == 913;
    conversation(node.mapped())
        .switchboard_refused(xmpp::Condition::service_unavailable,
                             hidden ? "Messenger does not allow chats while you appear offline" : "Messenger refused to open a conversation");
  } else if (f.kind == K::add_to_list && f.list == msnp::List::forward) {
    if (auto p = msnp::Passport::parse(f.subject)) {
      to_jabber(jabber::subscription(contact_jid(*p), user_.jid, "unsubscribed"));
      to_jabber(jabber::notice(ctx_.domain, user_.jid, "Could not add " + f.subject + " on Messenger: " + f.reason));
    }
  }
}

void Session::schedule_reconnect() {
  if (!wants_session()) return;
  const auto delay = backoff(ctx_.first_retry, reconnect_attempts_++ + std::max(quick_drops_ - 1, 0));
  reconnect_timer_.wait(delay, [this, alive = alive_](const boost::system::error_code& ec) {
    if (!ec && *alive && wants_session() && state_ == State::offline) login();
  });
}

void Session::went_offline(std::string_view why) {
  grace_timer_.cancel();
  drop_conversations(ctx_.stopping, xmpp::Condition::recipient_unavailable, "not signed in to Messenger");
  conversations_.clear();
  switchboard_requests_.clear();
  for (const auto& p : roster_.mark_all_offline())
    if (Contact* c = roster_.find(p)) send_contact_presence(*c);
  roster_.forget_presence_sent();
  published_.reset();
  show_gateway(false, why);
}

void Session::show_gateway(bool available, std::string_view status) {
  for (const auto& [full, _] : resources_) {
    auto p = ctx_.gateway_presence(full, available);
    if (!available && !status.empty()) p.add("status").set_text(status);
    to_jabber(std::move(p));
  }
}

Conversation& Session::conversation(const msnp::Passport& contact) {
  auto& slot = conversations_[contact];
  if (!slot) slot = std::make_unique<Conversation>(ctx_.executor, *this, contact);
  return *slot;
}

bool Session::request_switchboard(const msnp::Passport& contact) {
  if (!ns_ || state_ != State::online) return false;
  const auto tag = next_tag_++;
  switchboard_requests_.emplace(tag, contact);
  ns([tag](msnp::NsSession& s) { return s.request_switchboard(tag); });
  return true;
}

std::shared_ptr<SbLink> Session::open_switchboard(std::string host, std::uint16_t port, msnp::SbSession session,
                                                  SbEvents events) {
  return ctx_.network.open_switchboard(std::move(host), port, std::move(session), std::move(events));
}

msnp::SbConfig Session::switchboard_config() const {
  msnp::SbConfig c{*msnp::Passport::parse(user_.passport)};
  return c;
}

void Session::stop(bool keep_messages) {
  // Kept for the next start, or (registration changed or removed: this Session goes away now)
  // bounced, never left to vanish with it.
  drop_conversations(keep_messages, xmpp::Condition::recipient_unavailable,
                     keep_messages ? "the gateway is stopping" : "the Messenger session ended: the registration was changed or removed");
  resources_.clear();
  stay_connected_ = false;
  sign_in_finished(xmpp::SignInOutcome::failed);
  forget_password();
  reconnect_timer_.cancel();
  if (ns_) ns([](msnp::NsSession& s) { return s.logout(); });
}

}  // namespace gw
