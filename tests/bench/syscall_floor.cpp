// Issue 6, part 2: the syscall floor of the relay, measured in the same run as msngate. The
// least any gateway must do per message relayed Jabber -> Messenger -> Jabber, and nothing
// else: one process (the relay, measured) reads stanza-sized frames from one "XMPP server"
// TCP connection, sends each as a MSG-sized frame on "switchboard" A_i, reads the ACK on A_i
// and the frame on B_i, and writes what came back to the XMPP connection in one send per loop
// iteration. Level-triggered epoll, one recv per readiness, no re-arming, no parsing, no
// allocation on the path. Two forked helpers play the XMPP server (--window messages in
// flight per conversation, paced to --rate messages/s in total) and the Messenger switchboard server
// (ACK on A_i, the frame on B_i); their CPU is not counted. relay_bench.py runs it at the
// conversations and rate msngate reached and prints msngate's us/message as a ratio to it.
// Prints one line: `relayed=.. seconds=.. rate=.. cpu_s=.. us_per_msg=.. syscalls_per_msg=..`.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// Sizes of what msngate sees in the relay benchmark: the sender's <message/> from Prosody, the
// MSG on the switchboard, the server's ACK, the <message/> to the receiver.
constexpr std::size_t kStanzaIn = 270, kMsg = 160, kAck = 8, kStanzaOut = 211;

long g_syscalls = 0;  // the relay's own, on the message path

std::int64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

[[noreturn]] void die(const char* what) {
  std::perror(what);
  std::exit(2);
}

int listener(std::uint16_t& port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), len) != 0 || listen(fd, 4096) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    die("listen");
  port = ntohs(a.sin_port);
  return fd;
}

void no_delay(int fd) {
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int connect_to(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) die("connect");
  no_delay(fd);
  return fd;
}

void send_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ++g_syscalls;
    const ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
    if (k <= 0) std::exit(0);  // the other side has gone: the run is over
    p += k;
    n -= std::size_t(k);
  }
}

std::string frame(std::size_t size, std::uint32_t conv) {
  std::string f(size, 'x');
  std::memcpy(f.data(), &conv, sizeof conv);
  return f;
}

std::uint32_t conv_of(const char* p) {
  std::uint32_t c;
  std::memcpy(&c, p, sizeof c);
  return c;
}

// One socket's byte stream cut into fixed-size frames.
struct Framer {
  std::string buf;
  // Reads once (level-triggered: there is data); calls f(frame) per complete frame. false: EOF.
  template <class F>
  bool read(int fd, std::size_t size, F&& f) {
    char tmp[64 * 1024];
    ++g_syscalls;
    const ssize_t n = recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf.append(tmp, std::size_t(n));
    std::size_t at = 0;
    for (; buf.size() - at >= size; at += size) f(buf.data() + at);
    buf.erase(0, at);
    return true;
  }
};

int add(int ep, int fd, std::uint64_t tag) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = tag;
  return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

// The Messenger switchboard server: ACK on A_i, the frame forwarded on B_i.
void switchboard_server(int lfd, int k) {
  std::vector<int> a(k), b(k);
  const int ep = epoll_create1(0);
  for (int i = 0; i < 2 * k; ++i) {
    const int fd = accept(lfd, nullptr, nullptr);
    std::uint32_t hello = 0;
    if (fd < 0 || recv(fd, &hello, sizeof hello, MSG_WAITALL) != sizeof hello) die("switchboard accept");
    no_delay(fd);
    ((hello & 1) ? b : a)[hello >> 1] = fd;
    if (!(hello & 1)) add(ep, fd, hello >> 1);
  }
  std::vector<Framer> in(k);
  const std::string ack = frame(kAck, 0);
  epoll_event evs[256];
  for (;;) {
    const int n = epoll_wait(ep, evs, 256, -1);
    for (int e = 0; e < n; ++e) {
      const auto i = std::size_t(evs[e].data.u64);
      if (!in[i].read(a[i], kMsg, [&](const char* f) {
            send_all(a[i], ack.data(), ack.size());
            send_all(b[i], f, kMsg);
          }))
        std::exit(0);
    }
  }
}

// The XMPP server: `window` messages in flight per conversation, paced to `rate` in total.
void xmpp_server(int lfd, int k, int window, double rate) {
  const int fd = accept(lfd, nullptr, nullptr);
  if (fd < 0) die("xmpp accept");
  no_delay(fd);
  const std::int64_t interval = rate > 0 ? std::int64_t(1e9 * k / rate) : 0;
  std::vector<std::int64_t> next(k, now_ns());
  std::vector<int> in_flight(k, 0);
  std::vector<std::string> frames;
  for (int i = 0; i < k; ++i) frames.push_back(frame(kStanzaIn, std::uint32_t(i)));
  Framer in;
  for (;;) {
    const std::int64_t now = now_ns();
    std::int64_t wake = now + 1000000000;
    for (int i = 0; i < k; ++i) {
      while (in_flight[i] < window && next[i] <= now) {
        send_all(fd, frames[i].data(), kStanzaIn);  // one write per stanza, as Prosody
        ++in_flight[i];
        next[i] = std::max(next[i] + interval, now);
      }
      if (in_flight[i] < window) wake = std::min(wake, next[i]);
    }
    pollfd p{fd, POLLIN, 0};
    const std::int64_t wait = std::max<std::int64_t>(0, wake - now_ns());
    const timespec ts{time_t(wait / 1000000000), long(wait % 1000000000)};
    if (ppoll(&p, 1, &ts, nullptr) > 0 && !in.read(fd, kStanzaOut, [&](const char* f) { --in_flight[conv_of(f) % k]; }))
      std::exit(0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int k = 1, window = 1;
  double seconds = 5, warmup = 1, rate = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    if (key == "--conversations") k = std::atoi(argv[i + 1]);
    else if (key == "--seconds") seconds = std::atof(argv[i + 1]);
    else if (key == "--warmup") warmup = std::atof(argv[i + 1]);
    else if (key == "--rate") rate = std::atof(argv[i + 1]);
    else if (key == "--window") window = std::atoi(argv[i + 1]);
  }
  if (k < 1 || window < 1 || seconds <= 0) {
    std::fprintf(stderr, "usage: %s [--conversations K] [--window W] [--seconds S] [--warmup S] [--rate MSG_PER_S]\n",
                 argv[0]);
    return 2;
  }
  std::uint16_t sb_port = 0, xmpp_port = 0;
  const int sb_listen = listener(sb_port), xmpp_listen = listener(xmpp_port);
  const pid_t sb = fork();
  if (sb == 0) switchboard_server(sb_listen, k);
  const pid_t xs = fork();
  if (xs == 0) xmpp_server(xmpp_listen, k, window, rate);
  close(sb_listen);
  close(xmpp_listen);

  // The relay.
  std::vector<int> a(k), b(k);
  const int ep = epoll_create1(0);
  for (int i = 0; i < k; ++i) {
    for (std::uint32_t side = 0; side < 2; ++side) {
      const int fd = connect_to(sb_port);
      const std::uint32_t hello = std::uint32_t(i) << 1 | side;
      send_all(fd, reinterpret_cast<const char*>(&hello), sizeof hello);
      (side ? b : a)[i] = fd;
      add(ep, fd, std::uint64_t(i) << 1 | side);
    }
  }
  const int xmpp = connect_to(xmpp_port);
  constexpr std::uint64_t kXmppTag = ~std::uint64_t{0};
  add(ep, xmpp, kXmppTag);
  std::vector<Framer> from_a(k), from_b(k);
  Framer from_xmpp;
  std::vector<std::string> msgs, stanzas;
  for (int i = 0; i < k; ++i) {
    msgs.push_back(frame(kMsg, std::uint32_t(i)));
    stanzas.push_back(frame(kStanzaOut, std::uint32_t(i)));
  }
  std::string out;
  long relayed = 0, relayed0 = 0, syscalls0 = 0;
  double cpu0 = 0;
  const std::int64_t start = now_ns(), measure_from = start + std::int64_t(warmup * 1e9),
                     end = measure_from + std::int64_t(seconds * 1e9);
  bool measuring = false;
  epoll_event evs[256];
  for (std::int64_t now = start; now < end; now = now_ns()) {
    if (!measuring && now >= measure_from) {
      measuring = true;
      cpu0 = cpu_seconds();
      relayed0 = relayed;
      syscalls0 = g_syscalls;
    }
    ++g_syscalls;
    const int n = epoll_wait(ep, evs, 256, 100);
    for (int e = 0; e < n; ++e) {
      const std::uint64_t tag = evs[e].data.u64;
      if (tag == kXmppTag) {
        from_xmpp.read(xmpp, kStanzaIn, [&](const char* f) {
          const auto i = conv_of(f) % std::uint32_t(k);
          send_all(a[i], msgs[i].data(), kMsg);
        });
      } else if (tag & 1) {
        from_b[tag >> 1].read(b[tag >> 1], kMsg, [&](const char*) {
          out += stanzas[tag >> 1];
          ++relayed;
        });
      } else {
        from_a[tag >> 1].read(a[tag >> 1], kAck, [](const char*) {});
      }
    }
    if (!out.empty()) {
      send_all(xmpp, out.data(), out.size());
      out.clear();
    }
  }
  const double cpu = cpu_seconds() - cpu0;
  const long n = relayed - relayed0;
  kill(sb, SIGTERM);
  kill(xs, SIGTERM);
  waitpid(sb, nullptr, 0);
  waitpid(xs, nullptr, 0);
  std::printf("relayed=%ld seconds=%.3f rate=%.1f cpu_s=%.3f us_per_msg=%.2f syscalls_per_msg=%.2f\n", n, seconds,
              double(n) / seconds, cpu, n > 0 ? cpu / double(n) * 1e6 : -1.0,
              n > 0 ? double(g_syscalls - syscalls0) / double(n) : -1.0);
  return n > 0 ? 0 : 3;
}
