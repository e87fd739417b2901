#include "tests/xmpp/fake_component_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/sha.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace xmpp::testing {

namespace {

std::string sha1_hex(const std::string& s) {
  unsigned char d[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  std::string hex;
  char buf[3];
  for (unsigned char c : d) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    hex += buf;
  }
  return hex;
}

bool write_all(int fd, const std::string& data) {
  std::size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

FakeComponentServer::FakeComponentServer(std::string secret, std::string domain)
    : secret_(std::move(secret)), domain_(std::move(domain)) {
  open_listener();
  thread_ = std::thread([this] { run(); });
}

FakeComponentServer::~FakeComponentServer() {
  stop_ = true;
  thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void FakeComponentServer::open_listener() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port_);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 4) != 0)
    throw std::runtime_error("fake server: bind/listen failed");
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
}

void FakeComponentServer::set_listening(bool on) { listening_ = on; }

void FakeComponentServer::send(std::string xml) {
  std::lock_guard lk(mu_);
  outbox_.push_back(std::move(xml));
}

void FakeComponentServer::drop() { drop_ = true; }

std::string FakeComponentServer::received() {
  std::lock_guard lk(mu_);
  return received_;
}

void FakeComponentServer::run() {
  while (!stop_) {
    if (!listening_) {
      if (listen_fd_ >= 0) {
        ::close(listen_fd_);  // refuse connections, like a killed server
        listen_fd_ = -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    if (listen_fd_ < 0) open_listener();  // same port again (SO_REUSEADDR)
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    serve(fd);
    ::close(fd);
  }
}

void FakeComponentServer::serve(int fd) {
  drop_ = false;
  const std::string stream_id = "s" + std::to_string(connections_.load());
  std::string in;
  bool header_sent = false, authed = false;
  char buf[4096];
  while (!stop_ && !drop_ && listening_) {
    if (authed) {
      std::deque<std::string> out;
      {
        std::lock_guard lk(mu_);
        out.swap(outbox_);
      }
      for (const auto& x : out)
        if (!write_all(fd, x)) return;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    in.append(buf, static_cast<std::size_t>(n));
    if (!header_sent && in.find("<stream:stream") != std::string::npos && in.find('>', in.find("<stream:stream")) != std::string::npos) {
      header_sent = true;
      in.erase(0, in.find('>', in.find("<stream:stream")) + 1);
      write_all(fd, "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
                    "xmlns:stream='http://etherx.jabber.org/streams' id='" + stream_id + "' from='" + domain_ + "'>");
    }
    if (header_sent && !authed) {
      const auto end = in.find("</handshake>");
      if (end == std::string::npos) continue;
      const auto start = in.find('>', in.find("<handshake")) + 1;  // may carry an xmlns
      const std::string digest = in.substr(start, end - start);
      in.erase(0, end + 12);
      if (digest != sha1_hex(stream_id + secret_)) {
        ++refused_;
        write_all(fd, "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                      "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Given token does not match calculated token</text>"
                      "</stream:error></stream:stream>");
        return;
      }
      authed = true;
      ++handshakes_;
      write_all(fd, "<handshake/>");
    }
    if (authed && !in.empty()) {
      {
        std::lock_guard lk(mu_);
        received_ += in;
      }
      // Answer idle pings like a server would (XEP-0199), unless told not to.
      for (auto pos = in.find("urn:xmpp:ping"); answer_pings_ && pos != std::string::npos;
           pos = in.find("urn:xmpp:ping", pos + 1)) {
        const auto id_at = in.rfind(" id=", pos);  // libstrophe quotes with ", we with '
        if (id_at == std::string::npos) break;
        const auto id_end = in.find(in[id_at + 4], id_at + 5);
        write_all(fd, "<iq type='result' from='test' to='" + domain_ + "' id='" + in.substr(id_at + 5, id_end - id_at - 5) + "'/>");
      }
      if (in.find("</stream:stream>") != std::string::npos) {
        ++closed_streams_;
        write_all(fd, "</stream:stream>");
        return;
      }
      in.clear();
    }
  }
}

}  // namespace xmpp::testing
