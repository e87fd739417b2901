#include "tests/msnp_server/raw_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <stdexcept>

namespace msnp_server::testing {

RawClient::RawClient(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    throw std::runtime_error("connect failed");
  }
}

RawClient::~RawClient() { close(); }

RawClient::RawClient(RawClient&& other) noexcept
    : fd_(other.fd_), buffer_(std::move(other.buffer_)), eof_(other.eof_) {
  other.fd_ = -1;
}

void RawClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void RawClient::send(std::string_view bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size() && fd_ >= 0) {
    auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server closed: reads will show it
    sent += static_cast<std::size_t>(n);
  }
}

bool RawClient::fill(std::chrono::steady_clock::time_point deadline) {
  if (eof_ || fd_ < 0) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char buf[8192];
  auto n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(buf, static_cast<std::size_t>(n));
  return true;
}

std::optional<std::string> RawClient::line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto eol = buffer_.find("\r\n");
    if (eol != std::string::npos) {
      auto out = buffer_.substr(0, eol);
      buffer_.erase(0, eol + 2);
      return out;
    }
    if (!fill(deadline)) return std::nullopt;
  }
}

std::optional<std::string> RawClient::bytes(std::size_t n, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (buffer_.size() < n)
    if (!fill(deadline)) return std::nullopt;
  auto out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return out;
}

std::optional<std::string> RawClient::payload_of(const std::string& head, std::chrono::milliseconds timeout) {
  const auto sp = head.rfind(' ');
  if (sp == std::string::npos) return std::nullopt;
  return bytes(std::stoul(head.substr(sp + 1)), timeout);
}

bool RawClient::closed_by_peer(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!eof_) {
    buffer_.clear();
    if (!fill(deadline) && !eof_) return false;
  }
  return true;
}

bool RawClient::quiet_for(std::chrono::milliseconds d) {
  if (!buffer_.empty()) return false;
  const auto before = buffer_.size();
  fill(std::chrono::steady_clock::now() + d);
  return buffer_.size() == before && !eof_;
}

HttpReply http_get(std::uint16_t port, const std::string& target, const std::string& authorization) {
  RawClient c(port);
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!authorization.empty()) req += "Authorization: " + authorization + "\r\n";
  c.send(req + "\r\n");
  HttpReply r;
  auto status = c.line();
  if (!status || status->size() < 12) return r;
  r.status = std::stoi(status->substr(9, 3));
  std::size_t length = 0;
  while (auto h = c.line()) {
    if (h->empty()) break;
    auto colon = h->find(':');
    if (colon == std::string::npos) continue;
    std::string name = h->substr(0, colon);
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string value = h->substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name == "content-length") length = std::stoul(value);
    r.headers[name] = value;
  }
  r.body = c.bytes(length).value_or("");
  return r;
}

std::string passport_header(const std::string& email, const std::string& password) {
  std::string enc;
  for (char c : email) enc += c == '@' ? std::string("%40") : std::string(1, c);
  return "Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=" + enc + ",pwd=" + password +
         ",ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1";
}

std::string from_pp(const std::string& info) {
  const auto start = info.find("from-PP='");
  if (start == std::string::npos) return {};
  const auto end = info.find('\'', start + 9);
  return end == std::string::npos ? std::string{} : info.substr(start + 9, end - start - 9);
}

}  // namespace msnp_server::testing
