#include "config/settings.hpp"

#include "config/yaml_reader.hpp"

#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

namespace config {
namespace {

// RFC 1035-ish host names and IPv4 literals; no spaces, slashes or '@' (a JID domain part).
bool plausible_domain(const std::string& s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.') return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) return false;
  return true;
}

std::optional<HostPort> parse_host_port(const std::string& s) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  HostPort hp{s.substr(0, colon), 0};
  const std::string port = s.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const int p = std::stoi(port);
  if (p < 1 || p > 65535 || !plausible_domain(hp.host)) return std::nullopt;
  hp.port = static_cast<std::uint16_t>(p);
  return hp;
}

bool is_http_url(const std::string& s, bool allow_plain) {
  return (s.rfind("https://", 0) == 0 && s.size() > 8) || (allow_plain && s.rfind("http://", 0) == 0 && s.size() > 7);
}

std::filesystem::path absolute_from(const std::filesystem::path& base, const std::filesystem::path& p) {
  return (p.is_absolute() ? p : base / p).lexically_normal();
}

void read_component(YamlReader r, Component& c) {
  c.jid = r.required_string("jid");
  if (!plausible_domain(c.jid)) r.fail("jid", "expected a domain such as msn.example.org");
  if (auto v = r.string("server")) {
    if (!plausible_domain(*v)) r.fail("server", "expected a host name or address");
    c.server = *v;
  }
  if (auto v = r.integer("port", 1, 65535)) c.port = static_cast<std::uint16_t>(*v);
  c.secret = r.required_string("secret");
  r.reject_unknown_keys();
}

void read_msn(YamlReader r, Msn& m) {
  if (auto v = r.string("server")) {
    auto hp = parse_host_port(*v);
    if (!hp) r.fail("server", "expected host:port");
    m.server = *hp;
  }
  if (auto v = r.string("protocol")) {
    if (*v != "MSNP12") r.fail("protocol", "unsupported protocol \"" + *v + "\" (supported: MSNP12)");
    m.protocol = Protocol::msnp12;
  }
  if (auto v = r.boolean("allow_plain_http")) m.allow_plain_http = *v;
  if (auto v = r.boolean("verify_certificates")) m.verify_certificates = *v;
  const char* url_rule = m.allow_plain_http ? "expected an http:// or https:// URL" : "expected an https:// URL (or set msn.allow_plain_http)";
  if (auto v = r.string("nexus_url")) {
    if (!is_http_url(*v, m.allow_plain_http)) r.fail("nexus_url", url_rule);
    m.nexus_url = *v;
  }
  if (auto v = r.string("rst_url")) {
    if (!is_http_url(*v, m.allow_plain_http)) r.fail("rst_url", url_rule);
    m.rst_url = *v;
  }
  if (auto v = r.string("challenge_product_id")) {
    if (v->size() != 16) r.fail("challenge_product_id", "expected 16 characters");
    m.challenge_product_id = *v;
  }
  if (auto v = r.string("challenge_product_key")) {
    if (v->size() != 16) r.fail("challenge_product_key", "expected 16 characters");
    m.challenge_product_key = *v;
  }
  r.reject_unknown_keys();
}

void read_storage(YamlReader r, Storage& s, const std::filesystem::path& data_dir) {
  if (auto v = r.string("url")) {
    if (v->rfind("sqlite://", 0) == 0) {
      const std::string path = v->substr(9);
      if (path == ":memory:") s.url = *v;
      else if (path.empty() || path.front() != '/') r.fail("url", "expected sqlite:///absolute/path.db");
      else s.url = *v;
    } else if (v->rfind("postgresql://", 0) == 0 || v->rfind("postgres://", 0) == 0) {
      s.url = *v;
    } else {
      r.fail("url", "expected sqlite:///absolute/path.db or postgresql://...");
    }
  } else {
    s.url = "sqlite://" + (data_dir / "msngate.db").string();
  }
  r.reject_unknown_keys();
}

}  // namespace

std::string to_string(Protocol p) {
  switch (p) {
    case Protocol::msnp12: return "MSNP12";
  }
  return "?";
}

Settings parse(const std::string& yaml, const std::string& name, const std::filesystem::path& base) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw Error(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) throw Error(name + ":1: the file is empty; component.jid and component.secret are required");
  YamlReader top{name, root};
  Settings s;
  s.data_dir = absolute_from(base, top.string("data_dir").value_or("data"));
  read_component(top.section("component"), s.component);
  read_msn(top.section("msn"), s.msn);
  read_storage(top.section("storage"), s.storage, s.data_dir);
  {
    auto r = top.section("secrets");
    s.secrets.key_file = absolute_from(base, r.string("key_file").value_or((s.data_dir / "secret.key").string()));
    r.reject_unknown_keys();
  }
  {
    auto r = top.section("log");
    if (auto v = r.string("level")) {
      if (*v != "trace" && *v != "debug" && *v != "info" && *v != "warn" && *v != "error" && *v != "off")
        r.fail("level", "expected one of trace, debug, info, warn, error, off");
      s.log.level = *v;
    }
    r.reject_unknown_keys();
  }
  {
    auto r = top.section("registration");
    if (auto v = r.string_list("allowed_domains")) {
      for (const auto& d : *v)
        if (!plausible_domain(d)) r.fail("allowed_domains", "\"" + d + "\" is not a domain");
      s.registration.allowed_domains = *v;
    }
    if (auto v = r.boolean("store_password")) s.registration.store_password = *v;
    r.reject_unknown_keys();
  }
  {
    auto r = top.section("gateway");
    if (auto v = r.integer("logins_per_second", 1, 100000)) s.gateway.logins_per_second = static_cast<double>(*v);
    if (auto v = r.integer("login_burst", 1, 100000)) s.gateway.login_burst = static_cast<std::uint32_t>(*v);
    if (auto v = r.integer("queue_expiry_seconds", 1, 30 * 86400)) s.gateway.queue_expiry_seconds = static_cast<std::uint32_t>(*v);
    if (auto v = r.integer("stanzas_per_second", 1, 10000000)) s.gateway.stanzas_per_second = static_cast<std::uint32_t>(*v);
    if (auto v = r.integer("stanza_burst", 1, 10000000)) s.gateway.stanza_burst = static_cast<std::uint32_t>(*v);
    r.reject_unknown_keys();
  }
  top.reject_unknown_keys();
  return s;
}

Settings load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot read the configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  const auto base = std::filesystem::absolute(file).parent_path();
  return parse(text.str(), file.string(), base);
}

}  // namespace config
