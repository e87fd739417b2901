// msngate: wiring only. Reads the config, opens storage and the password key, and runs the
// gateway on one io_context thread (DESIGN.md section 5). The domain logic lives elsewhere.
#include "config/settings.hpp"
#include "gateway/registrar.hpp"
#include "gateway/storage/storage.hpp"
#include "gateway/support/log.hpp"
#include "gateway/support/secret_box.hpp"
#include "xmpp/component.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

constexpr std::string_view usage =
    "Usage: msngate [--config FILE] [--check-config] [--version] [--help]\n"
    "\n"
    "msngate is an XMPP component (XEP-0114) that lets Jabber users use the MSN Messenger\n"
    "network. It attaches to an XMPP server (Prosody, ejabberd, Openfire) as a component and\n"
    "holds a Messenger session for each registered user.\n"
    "\n"
    "  --config FILE    the YAML configuration (default: msngate.yaml); see config/example.yaml\n"
    "  --check-config   load and validate the configuration, print a summary and exit\n"
    "  --version        print the version and exit\n"
    "  --help           print this text and exit\n"
    "\n"
    "Exit status: 0 after a clean stop (SIGTERM, SIGINT), 2 for a configuration error,\n"
    "1 for any other start-up failure, or when the XMPP server refuses the component secret.\n";

// Until the gateway core (gw::Gateway) is wired in, nothing reaches Messenger: say so to
// whoever writes to a contact instead of dropping their message, and answer nothing else.
class NoMessengerYet final : public xmpp::GatewayEvents {
 public:
  explicit NoMessengerYet(xmpp::StanzaSink& out) : out_(out) {}
  void on_message(const xmpp::Jid&, const std::string& passport, const xmpp::Stanza& m) override {
    if (!passport.empty() && xmpp::may_answer_with_error(m))
      out_.send(xmpp::make_error(m, xmpp::Condition::service_unavailable, "this msngate does not reach Messenger yet"));
  }
  void on_user_presence(const xmpp::Jid&, xmpp::PresenceKind, const xmpp::Stanza&) override {}
  void on_contact_presence(const xmpp::Jid&, const std::string&, xmpp::PresenceKind, const xmpp::Stanza&) override {}
  bool on_iq(const xmpp::Jid&, const std::string&, const xmpp::Stanza&) override { return false; }
  void on_registered(const xmpp::Jid&, const std::string&, bool) override {}
  void on_unregistered(const xmpp::Jid&) override {}

 private:
  xmpp::StanzaSink& out_;
};

struct Options {
  std::string config = "msngate.yaml";
  bool check_only = false;
};

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--version") {
      std::printf("msngate %s\n", MSNGATE_VERSION);
      return 0;
    } else if (a == "--help" || a == "-h") {
      std::fwrite(usage.data(), 1, usage.size(), stdout);
      return 0;
    } else if (a == "--config" && i + 1 < argc) {
      opt.config = argv[++i];
    } else if (a == "--check-config") {
      opt.check_only = true;
    } else {
      std::fprintf(stderr, "msngate: unknown argument %s\n%s", argv[i], usage.data());
      return 2;
    }
  }

  config::Settings settings;
  try {
    settings = config::load(opt.config);
  } catch (const config::Error& e) {
    std::fprintf(stderr, "msngate: configuration error: %s\n", e.what());
    return 2;
  }
  gw::log::set_level(*gw::log::parse_level(settings.log.level));
  if (opt.check_only) {
    std::printf("configuration OK: component %s via %s:%u, Messenger %s at %s:%u, storage %s\n",
                settings.component.jid.c_str(), settings.component.server.c_str(), settings.component.port,
                config::to_string(settings.msn.protocol).c_str(), settings.msn.server.host.c_str(),
                settings.msn.server.port, settings.storage.url.rfind("postgres", 0) == 0 ? "postgresql" : settings.storage.url.c_str());
    return 0;
  }

  try {
    const auto secrets = gw::SecretBox::load_or_create(settings.secrets.key_file);
    auto storage = gw::open_storage(settings.storage.url);
    gw::log::info("main", "msngate {} starting: component {} at {}:{}, storage schema v{}", MSNGATE_VERSION,
                  settings.component.jid, settings.component.server, settings.component.port,
                  storage->schema_version());

    boost::asio::io_context io;
    // Storage blocks: it is used from this one thread only (DESIGN.md section 5).
    boost::asio::thread_pool storage_pool{1};
    gw::Registrar registrar{io.get_executor(),
                            [&storage_pool, db = storage.get()](std::function<void(gw::Storage&)> work) {
                              boost::asio::post(storage_pool, [db, work = std::move(work)] { work(*db); });
                            },
                            secrets};

    xmpp::ComponentSettings link;
    link.jid = settings.component.jid;
    link.host = settings.component.server;
    link.port = settings.component.port;
    link.secret = settings.component.secret;
    xmpp::Component component{io, link};
    NoMessengerYet events{component};
    xmpp::ServiceSettings service_settings;
    service_settings.domain = settings.component.jid;
    service_settings.version = MSNGATE_VERSION;
    service_settings.allowed_domains = settings.registration.allowed_domains;
    xmpp::Service service{service_settings, component, registrar, events};

    int exit_code = 0;
    component.set_callbacks({
        [&](const xmpp::Stanza& s) { service.handle(s); },
        [&] { service.on_link_up(); },
        [&] { service.on_link_down(); },
        [&](const std::string&) {  // already logged by the component, as an error
          exit_code = 1;
          io.stop();
        },
        [&] { io.stop(); },
    });

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      gw::log::info("main", "signal {}: stopping", sig);
      component.stop();  // </stream:stream>, then on_stopped stops the loop
    });
    component.start();
    io.run();
    storage_pool.join();  // storage work still queued finishes before the storage goes away
    gw::log::info("main", "stopped");
    return exit_code;
  } catch (const std::exception& e) {
    gw::log::error("main", "cannot start: {}", e.what());
    return 1;
  }
}
