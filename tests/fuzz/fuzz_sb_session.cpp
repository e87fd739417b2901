// libFuzzer target: SbSession (msnp/sb_session.hpp), outgoing or invited, fed whatever a
// hostile switchboard can send. Input: [flags] then server->client wire bytes. Between
// commands time advances and, driven by the flags, the gateway sends text (with fuzzed
// content, long enough to split), typing, nudges and invitations. Every Send must be
// well-formed client wire (session_check.hpp).
#include <chrono>

#include "msnp/codec.hpp"
#include "msnp/sb_session.hpp"
#include "tests/fuzz/session_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in{data, size};
  const auto flags = in.byte();
  msnp::SbConfig config{*msnp::Passport::parse("alice@example.com")};
  if (flags & 1) config.dialect = msnp::Dialect::msnp11;
  config.max_queued = 4;
  auto sb = (flags & 2) ? msnp::SbSession::invited(config, "123.456", "11752013")
                        : msnp::SbSession::outgoing(config, "123.456", {*msnp::Passport::parse("bob@example.com")});
  msnp::Decoder d{msnp::Direction::server_to_client};
  msnp::SbSession::Clock::time_point now{};
  fuzz::check_sends(sb.start());
  d.feed(in.rest());
  std::uint64_t id = 0;
  while (auto c = d.next()) {
    fuzz::check_sends(sb.on_command(*c));
    now += std::chrono::seconds((c->name[0] + c->args.size() * 11) % ((flags & 4) ? 200 : 20));
    fuzz::check_sends(sb.on_tick(now));
    if (flags & 8) {
      switch (id % 5) {
        case 0: fuzz::check_sends(sb.send_text(msnp::MessageId{id}, c->payload.value_or(std::string(c->arg(1))))); break;
        case 1: fuzz::check_sends(sb.send_typing()); break;
        case 2: fuzz::check_sends(sb.send_nudge(msnp::MessageId{id})); break;
        case 3:
          if (auto who = msnp::Passport::parse(c->arg(0))) fuzz::check_sends(sb.invite(*who));
          break;
        case 4: {
          msnp::TextFormat f;
          f.font = std::string(c->arg(1));
          fuzz::check_sends(sb.send_text(msnp::MessageId{id}, std::string(3000, 'x'), f));
          break;
        }
      }
      ++id;
    }
  }
  if (flags & 16) fuzz::check_sends(sb.leave());
  fuzz::check_sends(sb.on_connection_lost());
  return 0;
}
