// msngate: wiring only. Reads the config, opens storage and the password key, and runs the
// gateway on one io_context thread (DESIGN.md section 5). The domain logic lives elsewhere.
#include "config/settings.hpp"
#include "gateway/gateway.hpp"
#include "gateway/login_pacer.hpp"
#include "gateway/messenger_network.hpp"
#include "gateway/registrar.hpp"
#include "gateway/storage_runner.hpp"
#include "gateway/storage/storage.hpp"
#include "gateway/support/log.hpp"
#include "gateway/support/secret_box.hpp"
#include "xmpp/component.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/service.hpp"
#include "msnp/net/auth/nexus_ticket_provider.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

// What Escargot sends in `USR TWN S` (MSNP.md 10.3); the Passport login only needs its fields.
constexpr std::string_view escargot_challenge = "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1";

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

// Registration checks the password with a Passport 1.4 ticket only (HTTP, no notification
// server login), so registering never signs the user's other Messenger clients out.
gw::Registrar::CredentialCheck passport_check(std::shared_ptr<msnp::net::TicketProvider> tickets) {
  return [tickets](const std::string& passport, const std::string& password,
                   std::function<void(xmpp::RegistrationStatus)> done) {
    msnp::net::TicketRequest request{passport, password, std::string(escargot_challenge)};
    tickets->fetch(std::move(request), [done = std::move(done)](msnp::net::TicketResult r) {
      if (r.ok()) return done(xmpp::RegistrationStatus::ok);
      if (*r.error == msnp::net::AuthError::wrong_password) return done(xmpp::RegistrationStatus::rejected_credentials);
      gw::log::warn("gw.register", "cannot check Messenger credentials: {}", r.detail);
      done(xmpp::RegistrationStatus::unavailable);
    });
  };
}

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
    // Storage blocks: it is used from its one thread only (DESIGN.md section 5).
    gw::StorageRunner storage_runner{io.get_executor(), std::move(storage)};

    msnp::net::PassportSettings passport;
    passport.nexus_url = settings.msn.nexus_url;
    passport.allow_plain_http = settings.msn.allow_plain_http;
    passport.verify_certificates = settings.msn.verify_certificates;
    auto tickets = std::make_shared<msnp::net::NexusTicketProvider>(io, passport);
    gw::MsnpNetwork network{io, {settings.msn.server.host, settings.msn.server.port}, tickets};

    gw::Registrar registrar{io.get_executor(),
                            [&storage_runner](std::function<void(gw::Storage&)> work) {
                              storage_runner.write(std::move(work));
                            },
                            secrets, passport_check(tickets)};
    registrar.set_store_passwords(settings.registration.store_password);

    xmpp::ComponentSettings link;
    link.jid = settings.component.jid;
    link.host = settings.component.server;
    link.port = settings.component.port;
    link.secret = settings.component.secret;
    xmpp::Component component{io, link};

    xmpp::ServiceSettings service_settings;
    service_settings.domain = settings.component.jid;
    service_settings.version = MSNGATE_VERSION;
    service_settings.allowed_domains = settings.registration.allowed_domains;
    service_settings.stanzas_per_second = settings.gateway.stanzas_per_second;
    service_settings.stanza_burst = settings.gateway.stanza_burst;

    gw::LoginPacer pacer{io.get_executor(), settings.gateway.logins_per_second, settings.gateway.login_burst};
    std::unique_ptr<xmpp::Service> service;
    msnp::NsConfig ns_config{*msnp::Passport::parse("nobody@localhost")};
    ns_config.product = msnp::Product{settings.msn.challenge_product_id, settings.msn.challenge_product_key};
    gw::GatewayContext context{io.get_executor(),
                               [&component](xmpp::Stanza s) { component.send(std::move(s)); },
                               network,
                               storage_runner,
                               secrets,
                               settings.component.jid,
                               ns_config,
                               [&service](std::string_view to, bool available) {
                                 auto p = service->gateway_presence(to);
                                 if (!available) p.set_attr("type", "unavailable");
                                 return p;
                               }};
    context.pacer = &pacer;
    context.queue_expiry = std::chrono::seconds(settings.gateway.queue_expiry_seconds);
    gw::Gateway gateway{context};
    service = std::make_unique<xmpp::Service>(service_settings, component, registrar, gateway);

    int exit_code = 0;
    component.set_callbacks({
        [&](xmpp::Stanza s) { service->handle(std::move(s)); },
        [&] { service->on_link_up(); },
        [&] { service->on_link_down(); },
        [&](const std::string&) {  // already logged by the component, as an error
          exit_code = 1;
          io.stop();
        },
        [&] { io.stop(); },
    });

    boost::asio::steady_timer shutdown_grace{io};
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      gw::log::info("main", "signal {}: signing everyone out of Messenger and stopping", sig);
      gateway.stop();  // OUT on every notification server link
      // Give the OUTs a moment to reach the server, then close the stream; on_stopped ends the loop.
      shutdown_grace.expires_after(std::chrono::milliseconds(gateway.sessions() ? 500 : 0));
      shutdown_grace.async_wait([&](const boost::system::error_code&) { component.stop(); });
    });
    component.start();
    io.run();
    storage_runner.drain();  // storage work still queued finishes before the storage goes away
    gw::log::info("main", "stopped");
    return exit_code;
  } catch (const std::exception& e) {
    gw::log::error("main", "cannot start: {}", e.what());
    return 1;
  }
}
