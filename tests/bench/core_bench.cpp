// Part 5 of issue 6: the sans-IO core on one core. Measures, in CPU time of this thread (the
// machine is shared, so wall time would count other people's builds):
//   - msnp::Decoder throughput over the server->client bytes of tests/transcripts/msnp12.txt,
//     fed in 4 KiB reads as a socket would deliver them;
//   - Jabber -> Messenger: an XMPP <message/> (XML text) -> xmpp::Stanza -> body -> CRLF text
//     -> SbSession::send_text -> the MSG bytes, plus the ACK the switchboard answers with;
//   - Messenger -> Jabber: MSG bytes -> Decoder -> SbSession -> MessageReceived ->
//     gw::jabber::chat(...) -> serialized XML;
// each next to a baseline measured in the same run: copying the same bytes into a fresh
// std::string. Output: tab-separated rows `part  metric  value  note` (scripts/bench.sh
// prints them as one table). `--smoke` runs each for a few milliseconds and only checks
// that every path produces what it should (exit 1 otherwise), for the test suite.
#include <time.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/jabber_stanzas.hpp"
#include "msnp/codec.hpp"
#include "msnp/message.hpp"
#include "msnp/sb_session.hpp"
#include "xmpp/contact_address.hpp"
#include "tests/msnp/transcript.hpp"
#include "xmpp/stanza.hpp"

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// Runs `op` in batches until `budget` CPU seconds have passed; returns operations per CPU second.
double rate(double budget, const std::function<void()>& op) {
  std::size_t batch = 16, done = 0;
  const double start = thread_cpu_seconds();
  double now = start;
  while (now - start < budget) {
    for (std::size_t i = 0; i < batch; ++i) op();
    done += batch;
    now = thread_cpu_seconds();
    if (batch < 65536) batch *= 2;
  }
  return double(done) / (now - start);
}

void row(const char* part, const std::string& metric, const std::string& value, const std::string& note) {
  std::printf("%s\t%s\t%s\t%s\n", part, metric.c_str(), value.c_str(), note.c_str());
}

std::string fixed(double v, int digits = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Every server -> client command of the recorded Escargot session (both users' NS and SB
// connections, payloads reassembled by the tests' transcript reader), in recorded order.
std::string decoder_corpus() {
  std::string out;
  const auto transcript = testing_msnp::Transcript::load("msnp12.txt");
  for (const auto& e : transcript.entries())
    if (e.kind == testing_msnp::Entry::Kind::server && !e.truncated) out += e.wire();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  bool smoke = false;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--smoke") == 0) smoke = true;
  const double budget = smoke ? 0.02 : 1.0;
  std::vector<std::string> failures;

  // --- Decoder throughput ---------------------------------------------------------------
  const std::string corpus = decoder_corpus();
  std::size_t commands_per_pass = 0;
  {
    msnp::Decoder d(msnp::Direction::server_to_client);
    d.feed(corpus);
    while (d.next()) ++commands_per_pass;
    if (d.error() != msnp::DecodeError::none || d.buffered() != 0 || commands_per_pass < 20)
      failures.push_back("decoder corpus did not decode cleanly (" + std::to_string(commands_per_pass) + " commands)");
  }
  msnp::Decoder decoder(msnp::Direction::server_to_client);
  std::size_t decoded = 0;
  const double passes = rate(budget, [&] {
    for (std::size_t off = 0; off < corpus.size(); off += 4096) {
      decoder.feed(std::string_view(corpus).substr(off, 4096));
      while (auto c = decoder.next()) ++decoded;
    }
  });
  if (decoder.error() != msnp::DecodeError::none) failures.push_back("decoder error during the run");
  const double copies = rate(budget, [&] {
    std::string copy(corpus);
    asm volatile("" : : "r"(copy.data()) : "memory");
  });
  const double mib = double(corpus.size()) / (1024.0 * 1024.0);
  row("5 core", "decoder MiB/s (msnp12 transcript, 4 KiB reads)", fixed(passes * mib, 1),
      fixed(passes * double(commands_per_pass) / 1e6, 2) + " M commands/s; std::string copy " +
          fixed(copies * mib, 0) + " MiB/s");

  // --- Jabber -> Messenger ------------------------------------------------------------------
  const std::string domain = "msn.bench.local";
  const std::string user_jid = "alice@bench.local";
  const std::string stanza_xml =
      "<message xmlns='jabber:component:accept' from='alice@bench.local/desk' "
      "to='bob%example.com@msn.bench.local' type='chat' id='m42'><body>Hello Bob, are we still on "
      "for lunch tomorrow?\nBring the slides.</body><active "
      "xmlns='http://jabber.org/protocol/chatstates'/></message>";
  auto sb = msnp::SbSession::outgoing(msnp::SbConfig{*msnp::Passport::parse("alice@example.com")}, "ck", {});
  msnp::Decoder sb_in(msnp::Direction::server_to_client);
  auto feed_sb = [&](std::string_view bytes, msnp::SbOutputs& into) {
    sb_in.feed(bytes);
    while (auto c = sb_in.next()) {
      auto outs = sb.on_command(*c);
      for (auto& o : outs) into.push_back(std::move(o));
    }
  };
  {
    msnp::SbOutputs ignored = sb.start();
    feed_sb("USR 1 OK alice@example.com Alice\r\nJOI bob@example.com Bob 0\r\n", ignored);
  }
  std::uint64_t next_id = 1;
  std::size_t msg_bytes = 0;
  std::string last_msg;
  auto to_messenger = [&] {
    auto stanza = xmpp::Stanza::parse(stanza_xml);
    if (!stanza) return;
    const std::string text = gw::jabber::to_msn_text(stanza->child_text("body"));
    auto outs = sb.send_text(msnp::MessageId{next_id++}, text);
    for (auto& o : outs) {
      if (auto* s = std::get_if<msnp::Send>(&o)) {
        msg_bytes += s->bytes.size();
        last_msg = std::move(s->bytes);
      }
    }
    // The switchboard's ACK completes the message (ack mode A); without it in_flight_ grows.
    const auto sp1 = last_msg.find(' '), sp2 = last_msg.find(' ', sp1 + 1);
    msnp::SbOutputs acks;
    feed_sb("ACK " + last_msg.substr(sp1 + 1, sp2 - sp1 - 1) + "\r\n", acks);
  };
  to_messenger();
  if (last_msg.rfind("MSG ", 0) != 0 || last_msg.find("Bring the slides.") == std::string::npos ||
      last_msg.find("tomorrow?\r\nBring") == std::string::npos)
    failures.push_back("Jabber -> Messenger did not produce the MSG: " + last_msg.substr(0, 80));
  const double j2m = rate(budget, to_messenger);
  const double j2m_copy = rate(budget, [&] {
    std::string a(stanza_xml), b(last_msg);
    asm volatile("" : : "r"(a.data()), "r"(b.data()) : "memory");
  });
  row("5 core", "Jabber->Messenger msg/s (XML -> Stanza -> MSG bytes, + ACK)", fixed(j2m),
      "target >= 200000; " + fixed(j2m_copy / j2m, 0) + "x the cost of copying the same bytes");
  // Where that time goes: the XML parse (expat, one parser per thread reset per call; msngate
  // itself gets stanzas from the stream's parser) versus the Messenger side.
  const double parse_only = rate(budget, [&] {
    auto st = xmpp::Stanza::parse(stanza_xml);
    asm volatile("" : : "r"(&st) : "memory");
  });
  const auto parsed = xmpp::Stanza::parse(stanza_xml);
  const double msn_side = rate(budget, [&] {
    const std::string text = gw::jabber::to_msn_text(parsed->child_text("body"));
    auto outs = sb.send_text(msnp::MessageId{next_id++}, text);
    const std::string& bytes = std::get<msnp::Send>(outs.front()).bytes;
    const auto sp1 = bytes.find(' '), sp2 = bytes.find(' ', sp1 + 1);
    msnp::SbOutputs acks;
    feed_sb("ACK " + bytes.substr(sp1 + 1, sp2 - sp1 - 1) + "\r\n", acks);
  });
  row("5 core", "  of which xmpp::Stanza::parse (expat) alone, per s", fixed(parse_only),
      fixed(1e6 / parse_only, 2) + " us per parse of " + std::to_string(stanza_xml.size()) + " bytes");
  row("5 core", "  of which Stanza -> MSG bytes + ACK alone, per s", fixed(msn_side),
      fixed(1e6 / msn_side, 2) + " us per message");

  // --- Messenger -> Jabber ------------------------------------------------------------------
  const std::string payload =
      msnp::build_text_payload("Sure! 12:30 at the usual place.\r\nSee you there.", std::nullopt);
  const std::string wire = "MSG bob@example.com Bob " + std::to_string(payload.size()) + "\r\n" + payload;
  std::string last_xml;
  auto to_jabber = [&] {
    msnp::SbOutputs outs;
    feed_sb(wire, outs);
    for (auto& o : outs) {
      if (auto* m = std::get_if<msnp::MessageReceived>(&o)) {
        const auto from = xmpp::contact_jid(m->from.str(), domain);
        if (!from) continue;
        last_xml = gw::jabber::chat(from->to_string(), user_jid, gw::jabber::to_xmpp_text(m->text)).to_string();
      }
    }
  };
  to_jabber();
  if (last_xml.find("bob%example.com@msn.bench.local") == std::string::npos ||
      last_xml.find("<body>Sure! 12:30 at the usual place.\nSee you there.</body>") == std::string::npos)
    failures.push_back("Messenger -> Jabber did not produce the chat stanza: " + last_xml);
  const double m2j = rate(budget, to_jabber);
  const double m2j_copy = rate(budget, [&] {
    std::string a(wire), b(last_xml);
    asm volatile("" : : "r"(a.data()), "r"(b.data()) : "memory");
  });
  row("5 core", "Messenger->Jabber msg/s (MSG bytes -> decode -> chat stanza XML)", fixed(m2j),
      "target >= 200000; " + fixed(m2j_copy / m2j, 0) + "x the cost of copying the same bytes");

  for (const auto& f : failures) std::fprintf(stderr, "core_bench: FAIL: %s\n", f.c_str());
  return failures.empty() ? 0 : 1;
}
