#pragma once
// xmpp::Component: the XEP-0114 link to the XMPP server, over libstrophe, driven by the Asio
// io_context (one thread). It survives the server: reconnects with exponential backoff and
// jitter, keeps stanzas sent while the link is down (bounded, oldest dropped first) and sends
// them in order after the handshake, pings the server when the link is idle (XEP-0199), and
// keeps libstrophe's socket below FD_SETSIZE on every (re)connect. A refused handshake
// (wrong secret) is fatal: one clear error line and no retry loop.
// XEP-0114 has no TLS: keep the link on loopback or a private network.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "xmpp/stanza.hpp"
#include "xmpp/stanza_sink.hpp"

namespace boost::asio {
class io_context;
}

namespace xmpp {

struct ComponentSettings {
  std::string jid;                 // the component domain, e.g. msn.example.org
  std::string host = "127.0.0.1";
  std::uint16_t port = 5347;
  std::string secret;
  std::string server_domain;       // pinged when idle; "" = jid without its first label
  std::chrono::milliseconds idle_ping{std::chrono::seconds(60)};
  std::chrono::milliseconds ping_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds backoff_initial{std::chrono::seconds(1)};
  std::chrono::milliseconds backoff_max{std::chrono::seconds(60)};
  std::size_t max_queued = 1000;   // stanzas kept while disconnected
  std::size_t reserved_fds = 4;    // low descriptors held for libstrophe's select()
};

enum class LinkState { idle, connecting, connected, waiting, stopped };

class Component final : public StanzaSink {
 public:
  struct Callbacks {
    std::function<void(Stanza)> on_stanza;  // every inbound stanza but our ping replies (moved in)
    std::function<void()> on_connected;            // handshake done, queue flushed
    std::function<void()> on_disconnected;         // link lost; a reconnect is scheduled
    std::function<void(const std::string&)> on_fatal;  // gave up (wrong secret): stopped
    std::function<void()> on_stopped;              // stop() finished
  };

  Component(boost::asio::io_context& io, ComponentSettings settings);
  ~Component() override;
  Component(const Component&) = delete;
  Component& operator=(const Component&) = delete;

  void set_callbacks(Callbacks cb);
  void start();
  // Closes the stream gracefully (</stream:stream>), bounded by a 3 s guard.
  void stop();

  // Sends now when connected, else queues. Stanzas without 'from' get the component JID.
  void send(Stanza s) override;

  LinkState state() const;
  std::size_t queued() const;       // kept while disconnected, not yet handed to libstrophe
  std::size_t dropped() const;      // discarded because the queue was full
  int socket_fd() const;            // libstrophe's socket, -1 when none
  unsigned connects() const;        // successful handshakes so far
  const ComponentSettings& settings() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace xmpp
