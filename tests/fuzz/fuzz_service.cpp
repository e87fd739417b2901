// libFuzzer target: the gateway's stanza handling, xmpp::Service::handle (disco, register,
// gateway, version, ping, presence and address checks) with the recording fakes of
// tests/xmpp/fakes.hpp. Input: [flags] then NUL-separated XML stanzas (NUL cannot occur in
// XML). The flags make the registration backend answer late, pre-register the sender, restrict
// allowed domains, toggle the link and shrink the stanza rate limit (on a fixed clock, so a
// run replays the same way). Invariant besides "no crash": every stanza the
// service sends is addressed (to= is a JID) and serialises to XML that parses back.
#include "gateway/support/log.hpp"
#include "tests/fuzz/fuzz_input.hpp"
#include "tests/xmpp/fakes.hpp"
#include "xmpp/service.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  gw::log::set_level(gw::log::Level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in{data, size};
  const auto flags = in.byte();
  xmpp::testing::RecordingSink sink;
  xmpp::testing::MapBackend backend;
  xmpp::testing::RecordingEvents events;
  backend.deferred = flags & 1;
  if (flags & 2) backend.users["alice@example.org"] = {"alice@example.com", "pw"};
  if (flags & 4) backend.register_status = xmpp::RegistrationStatus::unavailable;
  events.take_iqs = flags & 8;
  xmpp::ServiceSettings settings;
  settings.domain = "msn.example.org";
  if (flags & 16) settings.allowed_domains = {"example.org"};
  if (flags & 128) {
    settings.stanzas_per_second = 1;
    settings.stanza_burst = 3;
  }
  xmpp::Service service{settings, sink, backend, events, [] { return xmpp::Service::Clock::time_point{}; }};
  if (flags & 32) service.on_link_up();
  unsigned n = 0;
  for (const auto xml : fuzz::split(in.rest(), std::string_view("\0", 1))) {
    if (const auto s = xmpp::Stanza::parse(xml)) service.handle(*s);
    if (++n % 3 == 0) backend.run_pending();
    if ((flags & 64) && n % 5 == 0) service.on_link_down();
  }
  backend.run_pending();
  for (const auto& out : sink.sent) {
    FUZZ_CHECK(xmpp::Jid::parse(out.to()).has_value());
    const auto again = xmpp::Stanza::parse(out.to_string());
    FUZZ_CHECK(again.has_value());
  }
  return 0;
}
