// Issue 6 parts 2 and 3: a lean closed-loop XMPP load client (libstrophe, one thread).
// K conversations; conversation i is sender s<i>@DOMAIN -> receiver r<i>@DOMAIN/bench, and the
// sender addresses either the receiver directly (--target direct: Prosody's own c2s rate) or
// the receiver's Messenger account through msngate (--target gateway: `m<i>%PASSPORT_DOMAIN@
// COMPONENT`, relayed Jabber -> Messenger -> Jabber). Each conversation keeps --window messages
// in flight; a message is complete when the receiver gets it. Bodies carry the send time
// (CLOCK_MONOTONIC, one machine), so latency is one way. --rate paces each conversation to
// rate/K messages per second (open loop within the window) for latency under partial load.
// Prints `MEASURE start` / `MEASURE end` around the measured window, then one line: `sent=.. received=.. seconds=.. rate=.. p50_us=.. p99_us=.. max_us=.. cpu_s=..`.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strophe.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::int64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 5222;
  std::string domain = "localhost";
  std::string target = "direct";
  std::string component = "msn.bench.local";
  std::string passport_domain = "example.com";
  int conversations = 1;
  int window = 1;
  double seconds = 5;
  double warmup = 1;
  double settle = 0.2;  // after connecting: the gateway signs the users in to Messenger
  double rate = 0;  // total messages per second; 0: as fast as the window allows
};

struct Run;
struct Client {
  Run* run = nullptr;
  xmpp_conn_t* conn = nullptr;
  int index = 0;
  bool sender = false;
  bool online = false;
};

struct Conversation {
  Client* sender = nullptr;
  std::string to;
  long in_flight = 0;
  long sent = 0;
  std::int64_t next_at = 0;  // pacing
};

struct Run {
  Options opt;
  xmpp_ctx_t* ctx = nullptr;
  std::vector<Client> clients;
  std::vector<Conversation> convs;
  int online = 0, failed = 0;
  bool measuring = false, done = false;
  long sent = 0, received = 0;
  std::vector<std::int64_t> latencies;
  std::int64_t interval_ns = 0;
};

int nodelay(xmpp_conn_t*, void* sock) {
  const int one = 1;
  setsockopt(*static_cast<int*>(sock), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return 0;
}

void send_one(Run& r, Conversation& c) {
  char body[96];
  std::snprintf(body, sizeof body, "bench %lld %ld %s", static_cast<long long>(now_ns()), c.sent,
                "the quick brown fox jumps over");
  xmpp_stanza_t* m = xmpp_message_new(r.ctx, "chat", c.to.c_str(), nullptr);
  xmpp_message_set_body(m, body);
  xmpp_send(c.sender->conn, m);
  xmpp_stanza_release(m);
  ++c.in_flight;
  ++c.sent;
  if (r.measuring) ++r.sent;
  if (r.interval_ns) c.next_at += r.interval_ns;
}

void pump(Run& r, Conversation& c) {
  if (r.done || !c.sender->online) return;
  const std::int64_t now = now_ns();
  while (c.in_flight < r.opt.window && (!r.interval_ns || c.next_at <= now)) send_one(r, c);
}

int on_message(xmpp_conn_t*, xmpp_stanza_t* st, void* ud) {
  auto* cl = static_cast<Client*>(ud);
  Run& r = *cl->run;
  char* text = xmpp_message_get_body(st);
  if (!text) return 1;
  long long sent_at = 0;
  if (std::sscanf(text, "bench %lld", &sent_at) == 1) {
    Conversation& c = r.convs[cl->index];
    if (c.in_flight > 0) --c.in_flight;
    if (r.measuring) {
      ++r.received;
      r.latencies.push_back(now_ns() - sent_at);
    }
    pump(r, c);
  }
  xmpp_free(r.ctx, text);
  return 1;
}

void on_conn(xmpp_conn_t* conn, xmpp_conn_event_t status, int, xmpp_stream_error_t*, void* ud) {
  auto* cl = static_cast<Client*>(ud);
  Run& r = *cl->run;
  if (status == XMPP_CONN_CONNECT) {
    xmpp_handler_add(conn, on_message, nullptr, "message", nullptr, cl);
    xmpp_stanza_t* p = xmpp_presence_new(r.ctx);
    xmpp_send(conn, p);  // available: the receiver gets chats to its full JID
    xmpp_stanza_release(p);
    if (r.opt.target == "gateway") {
      // Directed presence to the gateway: msngate signs this user in to Messenger.
      xmpp_stanza_t* d = xmpp_presence_new(r.ctx);
      xmpp_stanza_set_to(d, r.opt.component.c_str());
      xmpp_send(conn, d);
      xmpp_stanza_release(d);
    }
    cl->online = true;
    ++r.online;
  } else {
    if (!cl->online) ++r.failed;
    cl->online = false;
  }
}

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--port") o.port = static_cast<unsigned short>(std::atoi(v.c_str()));
    else if (k == "--domain") o.domain = v;
    else if (k == "--target") o.target = v;
    else if (k == "--component") o.component = v;
    else if (k == "--passport-domain") o.passport_domain = v;
    else if (k == "--conversations") o.conversations = std::atoi(v.c_str());
    else if (k == "--window") o.window = std::atoi(v.c_str());
    else if (k == "--seconds") o.seconds = std::atof(v.c_str());
    else if (k == "--warmup") o.warmup = std::atof(v.c_str());
    else if (k == "--rate") o.rate = std::atof(v.c_str());
    else if (k == "--settle") o.settle = std::atof(v.c_str());
    else return false;
  }
  return o.conversations > 0 && o.window > 0 && (o.target == "direct" || o.target == "gateway");
}

}  // namespace

int main(int argc, char** argv) {
  Run r;
  if (argc % 2 == 0 || !parse(argc, argv, r.opt)) {
    std::fprintf(stderr, "usage: %s [--port P] [--target direct|gateway] [--conversations K] [--window W] "
                         "[--seconds S] [--warmup S] [--rate MSG_PER_S] [--domain D] [--component C]\n", argv[0]);
    return 2;
  }
  const Options& o = r.opt;
  xmpp_initialize();
  r.ctx = xmpp_ctx_new(nullptr, nullptr);
  const int k = o.conversations;
  r.clients.resize(2 * k);
  r.convs.resize(k);
  if (o.rate > 0) r.interval_ns = std::int64_t(1e9 * k / o.rate);
  for (int i = 0; i < 2 * k; ++i) {
    Client& c = r.clients[i];
    c.run = &r;
    c.index = i % k;
    c.sender = i < k;
    c.conn = xmpp_conn_new(r.ctx);
    std::string jid(c.sender ? "s" : "r");
    jid.append(std::to_string(c.index)).append("@").append(o.domain).append("/bench");
    xmpp_conn_set_jid(c.conn, jid.c_str());
    xmpp_conn_set_pass(c.conn, "pw");
    xmpp_conn_set_flags(c.conn, XMPP_CONN_FLAG_DISABLE_TLS | XMPP_CONN_FLAG_DISABLE_SM);
    xmpp_conn_set_sockopt_callback(c.conn, nodelay);
    if (xmpp_connect_client(c.conn, o.host.c_str(), o.port, on_conn, &c) != XMPP_EOK) ++r.failed;
  }
  for (int i = 0; i < k; ++i) {
    r.convs[i].sender = &r.clients[i];
    std::string to(o.target == "direct" ? "r" : "m");
    to.append(std::to_string(i));
    if (o.target == "direct") to.append("@").append(o.domain).append("/bench");
    else to.append("%").append(o.passport_domain).append("@").append(o.component);
    r.convs[i].to = std::move(to);
  }
  // Connect everyone (bounded), then give the gateway time to sign the users in.
  const std::int64_t connect_deadline = now_ns() + 30'000'000'000;
  while (r.online + r.failed < 2 * k && now_ns() < connect_deadline) xmpp_run_once(r.ctx, 10);
  if (r.online < 2 * k) {
    std::fprintf(stderr, "relay_client: %d of %d clients online\n", r.online, 2 * k);
    return 1;
  }
  const std::int64_t settle = now_ns() + std::int64_t(o.settle * 1e9);
  while (now_ns() < settle) xmpp_run_once(r.ctx, 10);

  const std::int64_t start = now_ns();
  for (auto& c : r.convs) {
    c.next_at = start;
    pump(r, c);
  }
  const std::int64_t measure_from = start + std::int64_t(o.warmup * 1e9);
  const std::int64_t end = measure_from + std::int64_t(o.seconds * 1e9);
  double cpu0 = 0;
  while (now_ns() < end) {
    xmpp_run_once(r.ctx, 1);
    if (!r.measuring && now_ns() >= measure_from) {
      r.measuring = true;
      cpu0 = cpu_seconds();
      std::printf("MEASURE start\n");  // the driver samples the servers' CPU here
      std::fflush(stdout);
    }
    if (r.interval_ns)
      for (auto& c : r.convs) pump(r, c);
  }
  const double cpu = cpu_seconds() - cpu0;
  r.done = true;
  std::printf("MEASURE end\n");
  std::fflush(stdout);
  std::sort(r.latencies.begin(), r.latencies.end());
  auto pct = [&](double p) -> long long {
    if (r.latencies.empty()) return -1;
    return r.latencies[std::min(r.latencies.size() - 1, std::size_t(p * double(r.latencies.size())))] / 1000;
  };
  std::printf("sent=%ld received=%ld seconds=%.3f rate=%.1f p50_us=%lld p99_us=%lld max_us=%lld cpu_s=%.3f\n",
              r.sent, r.received, o.seconds, double(r.received) / o.seconds, pct(0.5), pct(0.99),
              r.latencies.empty() ? -1LL : r.latencies.back() / 1000, cpu);
  for (auto& c : r.clients) xmpp_disconnect(c.conn);
  const std::int64_t close_deadline = now_ns() + 2'000'000'000;
  while (now_ns() < close_deadline) {
    xmpp_run_once(r.ctx, 10);
    bool any = false;
    for (auto& c : r.clients) any = any || c.online;
    if (!any) break;
  }
  for (auto& c : r.clients) xmpp_conn_release(c.conn);
  xmpp_ctx_free(r.ctx);
  xmpp_shutdown();
  return r.received > 0 ? 0 : 3;
}
