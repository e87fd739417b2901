#pragma once
// msngate's configuration: plain structs with their defaults, filled once from YAML by
// load() and then passed around by const&. No globals (DESIGN.md section 6).
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace config {

// A configuration that cannot be used. The message names the file, line and key path:
// "config.yaml:12: msn.server: expected host:port".
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};

// XEP-0114 link to the XMPP server. The link has no TLS: keep it on loopback or a private net.
struct Component {
  std::string jid;                 // the component's domain, e.g. msn.example.org (required)
  std::string server = "127.0.0.1";
  std::uint16_t port = 5347;
  std::string secret;              // shared secret of the component (required)
};

enum class Protocol { msnp12 };    // MSNP18 comes later

struct Msn {
  HostPort server{"127.0.0.1", 1863};       // notification server (or dispatch server)
  Protocol protocol = Protocol::msnp12;
  std::string nexus_url = "https://127.0.0.1/rdr/pprdr.asp";  // Passport 1.4 Nexus (TWN)
  std::string rst_url = "https://127.0.0.1/RST.srf";          // SOAP RST (SSO, MSNP15+)
  bool allow_plain_http = false;   // permit http:// login URLs (a local test server)
  bool verify_certificates = true; // TLS certificate verification for login URLs
  std::string challenge_product_id = "PROD0101{0RM?UBW";  // CHL/QRY (MSNP11 algorithm)
  std::string challenge_product_key = "CFHUR$52U_{VIX5T";
};

struct Storage {
  std::string url;                 // sqlite:///abs/path.db (default under data_dir) or postgresql://...
};

struct Secrets {
  std::filesystem::path key_file;  // default <data_dir>/secret.key, created 0600 if missing
};

struct Log {
  std::string level = "info";      // trace, debug, info, warn, error, off
};

struct Registration {
  std::vector<std::string> allowed_domains;  // empty: users of any XMPP domain may register
  // false: the Messenger password is never stored; the user gives it at each sign-in
  // (an ad-hoc command form) and it lives only in memory for that session.
  bool store_password = true;
};

// Gateway behaviour.
struct Gateway {
  double logins_per_second = 150;  // pacing of Messenger logins (e.g. after a restart)
  std::uint32_t login_burst = 20;  // logins allowed at once before pacing applies
  // Chat messages accepted but not yet deliverable (network down, restart) wait in the
  // durable queue this long, then are bounced to their sender.
  std::uint32_t queue_expiry_seconds = 3600;
  // Per-user stanza rate limit (token bucket, per bare JID): sustained rate and burst.
  // Stanzas beyond it are refused with a resource-constraint error.
  std::uint32_t stanzas_per_second = 50;
  std::uint32_t stanza_burst = 200;
};

struct Settings {
  std::filesystem::path data_dir;  // default "data" next to the config file
  Component component;
  Msn msn;
  Storage storage;
  Secrets secrets;
  Log log;
  Registration registration;
  Gateway gateway;
};

// Reads and validates a YAML file. Relative paths are taken from the file's folder.
Settings load(const std::filesystem::path& file);
// The same from text; `name` is what error messages call the file, `base` resolves paths.
Settings parse(const std::string& yaml, const std::string& name, const std::filesystem::path& base);

std::string to_string(Protocol p);

}  // namespace config
