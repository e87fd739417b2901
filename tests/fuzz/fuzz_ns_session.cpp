// libFuzzer target: NsSession (msnp/ns_session.hpp) fed whatever a hostile notification
// server can send. Input: [flags] then server->client wire bytes. The decoder turns them into
// commands; between commands time advances (on_tick) and, driven by the flags, the gateway
// makes requests whose arguments come from the fuzzed commands (names, groups, handles).
// Passport auth is answered whenever the session asks for it. Besides "no crash, no throw",
// every Send must be well-formed client wire (session_check.hpp).
#include <chrono>
#include <variant>

#include "msnp/codec.hpp"
#include "msnp/ns_session.hpp"
#include "tests/fuzz/session_check.hpp"

namespace {

void requests(msnp::NsSession& ns, const msnp::Command& c, unsigned which) {
  const auto who = msnp::Passport::parse(c.arg(1)).value_or(*msnp::Passport::parse("bob@example.com"));
  const std::string_view text = c.arg(2);
  const auto guid = msnp::Guid::parse(c.arg(3));
  switch (which % 16) {
    case 0: fuzz::check_sends(ns.add_contact(who, text)); break;
    case 1: fuzz::check_sends(ns.remove_contact(who, guid)); break;
    case 2: fuzz::check_sends(ns.block(who)); break;
    case 3: fuzz::check_sends(ns.unblock(who)); break;
    case 4: fuzz::check_sends(ns.add_group(text)); break;
    case 5: fuzz::check_sends(ns.remove_group(c.arg(1))); break;
    case 6: fuzz::check_sends(ns.rename_group(c.arg(1), text)); break;
    case 7: fuzz::check_sends(ns.add_contact_to_group(who, guid, c.arg(1))); break;
    case 8: fuzz::check_sends(ns.set_presence(msnp::Status::away, text)); break;
    case 9: fuzz::check_sends(ns.set_personal_message({std::string(text), std::string(c.arg(1))})); break;
    case 10: fuzz::check_sends(ns.set_friendly_name(text)); break;
    case 11: fuzz::check_sends(ns.set_contact_nickname(who, guid, text)); break;
    case 12: fuzz::check_sends(ns.set_privacy(which & 16)); break;
    case 13: fuzz::check_sends(ns.request_switchboard(which)); break;
    case 14: fuzz::check_sends(ns.add_to_list(msnp::List::block, who)); break;
    case 15: fuzz::check_sends(ns.remove_from_list(msnp::List::allow, who)); break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in{data, size};
  const auto flags = in.byte();
  msnp::NsConfig config{*msnp::Passport::parse("alice@example.com")};
  if (flags & 1) config.dialects = {msnp::Dialect::msnp11};
  if (flags & 2) config.sync_on_login = false;
  msnp::NsSession ns{config};
  msnp::Decoder d{msnp::Direction::server_to_client};
  msnp::Clock::time_point now{};
  fuzz::check_sends(ns.start());
  d.feed(in.rest());
  unsigned n = 0;
  while (auto c = d.next()) {
    if (c->name == "VER" && ns.dialect()) d.set_dialect(*ns.dialect());
    fuzz::check_sends(ns.on_command(*c));
    if (ns.state() == msnp::NsSession::State::awaiting_ticket) {
      if (flags & 4 && n % 3 == 0) fuzz::check_sends(ns.on_ticket_failed("no", n & 1));
      else fuzz::check_sends(ns.on_ticket("t=ticket&p=x"));
    }
    ++n;
    now += std::chrono::seconds((c->name[0] + c->args.size() * 13) % ((flags & 8) ? 200 : 20));
    fuzz::check_sends(ns.on_tick(now));
    if (flags & 16) requests(ns, *c, n + (flags >> 5));
    if (ns.state() == msnp::NsSession::State::closed && (flags & 32)) fuzz::check_sends(ns.start());
  }
  if (d.error() != msnp::DecodeError::none) fuzz::check_sends(ns.on_connection_lost(msnp::DisconnectReason::protocol_error));
  if (flags & 64) fuzz::check_sends(ns.logout());
  return 0;
}
