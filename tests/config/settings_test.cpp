#include "config/settings.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {
config::Settings parse(const std::string& yaml) { return config::parse(yaml, "config.yaml", "/etc/msngate"); }

// The message of the config::Error that parsing `yaml` throws.
std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const config::Error& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string minimal = "component:\n  jid: msn.example.org\n  secret: s3cret\n";
}  // namespace

TEST_CASE("the example configuration loads and says what it shows", "[config]") {
  const auto s = config::load(std::string(MSNGATE_SOURCE_DIR) + "/config/example.yaml");
  CHECK(s.component.jid == "msn.example.org");
  CHECK(s.component.port == 5347);
  CHECK(s.msn.server.host == "127.0.0.1");
  CHECK(s.msn.server.port == 1863);
  CHECK(s.msn.protocol == config::Protocol::msnp12);
  CHECK(s.storage.url == "sqlite:///var/lib/msngate/msngate.db");
  CHECK(s.secrets.key_file == std::string(MSNGATE_SOURCE_DIR) + "/config/data/secret.key");
  CHECK(s.log.level == "info");
  CHECK(s.registration.allowed_domains.empty());
  CHECK(s.gateway.logins_per_second == 150);
  CHECK(s.gateway.login_burst == 20);
  CHECK(s.gateway.queue_expiry_seconds == 3600);
  CHECK(s.gateway.stanzas_per_second == 50);
  CHECK(s.gateway.stanza_burst == 200);
  CHECK(s.registration.store_password);
}

TEST_CASE("defaults fill everything that is not required", "[config]") {
  const auto s = parse(minimal);
  CHECK(s.component.server == "127.0.0.1");
  CHECK(s.data_dir == "/etc/msngate/data");
  CHECK(s.storage.url == "sqlite:///etc/msngate/data/msngate.db");
  CHECK(s.secrets.key_file == "/etc/msngate/data/secret.key");
  CHECK(s.msn.challenge_product_id == "PROD0101{0RM?UBW");
  CHECK(s.msn.verify_certificates);
  CHECK_FALSE(s.msn.allow_plain_http);
}

TEST_CASE("a full configuration is read into the structs", "[config]") {
  const auto s = parse(minimal +
                       "msn:\n  server: ms.example.net:1864\n  allow_plain_http: true\n"
                       "  nexus_url: http://127.0.0.1:8081/rdr/pprdr.asp\n"
                       "storage:\n  url: postgresql://gw@127.0.0.1:5433/msngate\n"
                       "log:\n  level: debug\nregistration:\n  allowed_domains: [example.org, example.net]\n");
  CHECK(s.msn.server.host == "ms.example.net");
  CHECK(s.msn.server.port == 1864);
  CHECK(s.msn.nexus_url == "http://127.0.0.1:8081/rdr/pprdr.asp");
  CHECK(s.storage.url == "postgresql://gw@127.0.0.1:5433/msngate");
  CHECK(s.log.level == "debug");
  CHECK(s.registration.allowed_domains == std::vector<std::string>{"example.org", "example.net"});
}

TEST_CASE("bad configurations name the file, the line and the key", "[config]") {
  CHECK(error_of("component: [unclosed\n") .rfind("config.yaml:", 0) == 0);  // YAML syntax
  CHECK(error_of("") == "config.yaml:1: the file is empty; component.jid and component.secret are required");
  CHECK(error_of("- a\n- b\n") == "config.yaml:1: (top level): expected a mapping of keys");
  CHECK(error_of("component:\n  secret: x\n") == "config.yaml:2: component.jid: required");
  CHECK(error_of("component:\n  jid: msn.example.org\n") == "config.yaml:2: component.secret: required");
  CHECK(error_of(minimal + "msn:\n  server: nohost\n") == "config.yaml:5: msn.server: expected host:port");
  CHECK(error_of(minimal + "msn:\n  server: host:99999\n") == "config.yaml:5: msn.server: expected host:port");
  CHECK(error_of(minimal + "  port: fifty\n") ==
        "config.yaml:4: component.port: expected a whole number, got \"fifty\"");
  CHECK(error_of(minimal + "  port: 70000\n") == "config.yaml:4: component.port: expected a number from 1 to 65535");
  CHECK(error_of(minimal + "  prot: 5\n") == "config.yaml:4: component.prot: unknown key");
  CHECK(error_of(minimal + "colour: blue\n") == "config.yaml:4: colour: unknown key");
  CHECK(error_of(minimal + "msn:\n  protocol: MSNP99\n") ==
        "config.yaml:5: msn.protocol: unsupported protocol \"MSNP99\" (supported: MSNP12)");
  CHECK(error_of(minimal + "msn:\n  nexus_url: http://x/rdr\n") ==
        "config.yaml:5: msn.nexus_url: expected an https:// URL (or set msn.allow_plain_http)");
  CHECK(error_of(minimal + "storage:\n  url: mysql://x\n") ==
        "config.yaml:5: storage.url: expected sqlite:///absolute/path.db or postgresql://...");
  CHECK(error_of(minimal + "storage:\n  url: sqlite://relative.db\n") ==
        "config.yaml:5: storage.url: expected sqlite:///absolute/path.db");
  CHECK(error_of(minimal + "log:\n  level: loud\n") ==
        "config.yaml:5: log.level: expected one of trace, debug, info, warn, error, off");
  CHECK(error_of(minimal + "msn: 5\n") == "config.yaml:4: msn: expected a mapping of keys");
  CHECK(error_of(minimal + "msn:\n  allow_plain_http: maybe\n") ==
        "config.yaml:5: msn.allow_plain_http: expected true or false, got \"maybe\"");
  CHECK(error_of("component:\n  jid: user@msn.example.org\n  secret: x\n") ==
        "config.yaml:2: component.jid: expected a domain such as msn.example.org");
  CHECK(error_of(minimal + "gateway:\n  logins_per_second: 0\n") ==
        "config.yaml:5: gateway.logins_per_second: expected a number from 1 to 100000");
  CHECK(error_of(minimal + "gateway:\n  queue_expiry_seconds: -5\n") ==
        "config.yaml:5: gateway.queue_expiry_seconds: expected a number from 1 to 2592000");
  CHECK(error_of(minimal + "registration:\n  store_password: maybe\n") ==
        "config.yaml:5: registration.store_password: expected true or false, got \"maybe\"");
  CHECK(error_of(minimal + "registration:\n  allowed_domains: example.org\n") ==
        "config.yaml:5: registration.allowed_domains: expected a list of strings");
  CHECK(error_of(minimal + "component:\n  jid: again\n") == "config.yaml:4: component: duplicate key");
}

TEST_CASE("a missing file is a clear error", "[config]") {
  CHECK_THROWS_WITH(config::load("/nonexistent/msngate.yaml"),
                    "/nonexistent/msngate.yaml: cannot read the configuration file");
}
