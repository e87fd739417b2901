#include "msnp/net/auth/nexus_ticket_provider.hpp"

#include "gateway/support/log.hpp"
#include "msnp/net/auth/http_get.hpp"
#include "msnp/net/auth/passport_headers.hpp"
#include "msnp/net/auth/tls_context.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <optional>
#include <stdexcept>

namespace msnp::net {
namespace asio = boost::asio;

namespace {
constexpr std::string_view kLog = "msnp.auth";
}

struct NexusTicketProvider::State {
  asio::io_context& io;
  PassportSettings settings;
  Url nexus;
  std::shared_ptr<asio::ssl::context> tls;
  // The DALogin URL of the last successful login: PEC keeps it too, saving one round trip per
  // user at start-up. Dropped on any failure that is not the user's own (wrong password).
  std::optional<Url> dalogin_cache;
  bool stopped = false;
};

namespace {

TicketResult failure(AuthError e, std::string detail) { return TicketResult{{}, e, std::move(detail)}; }

ResponseView view_of(const HttpResponse& r) {
  return ResponseView{r.status, r.header("PassportURLs"), r.header("Authentication-Info"),
                      r.header("WWW-Authenticate"), r.header("Location")};
}

asio::awaitable<TicketResult> login(std::shared_ptr<NexusTicketProvider::State> s, TicketRequest req) {
  const auto deadline = std::chrono::steady_clock::now() + s->settings.timeout;
  const bool cached = s->dalogin_cache.has_value();
  bool at_nexus = !cached;
  Url url = cached ? *s->dalogin_cache : s->nexus;
  const std::string authorization = build_authorization(req.sign_in, req.password, req.challenge);
  int redirects = 0;
  for (;;) {
    if (s->stopped) co_return failure(AuthError::cancelled, "shutting down");
    if (url.scheme == Scheme::http && !s->settings.allow_plain_http)
      co_return failure(AuthError::plain_http_forbidden, "refusing plain http: " + to_string(url));
    HttpGet get{url, {{"User-Agent", s->settings.user_agent}}};
    if (!at_nexus) get.headers.emplace_back("Authorization", authorization);
    if (gw::log::enabled(gw::log::Level::trace))
      gw::log::trace({kLog, req.sign_in}, "HTTP> GET {}{}", to_string(url),
                     at_nexus ? std::string{} : " [Authorization: " + mask_authorization(authorization) + "]");
    auto out = co_await http_get(s->io.get_executor(), *s->tls, get, deadline);
    if (!out.response) {
      if (cached) s->dalogin_cache.reset();
      co_return failure(out.error, std::move(out.detail));
    }
    const auto view = view_of(*out.response);
    gw::log::trace({kLog, req.sign_in}, "HTTP< {} ({} headers, {} body bytes)", view.status,
                   out.response->headers.size(), out.response->body_size);
    Step step = at_nexus ? interpret_nexus_response(url, view) : interpret_login_response(url, view);
    if (auto* t = std::get_if<Ticket>(&step)) {
      s->dalogin_cache = url;
      gw::log::debug({kLog, req.sign_in}, "Passport login succeeded via {} ({})", to_string(url), mask_ticket(t->value));
      co_return TicketResult{std::move(t->value), std::nullopt, {}};
    }
    if (auto* f = std::get_if<Failure>(&step)) {
      if (f->error != AuthError::wrong_password) s->dalogin_cache.reset();
      co_return failure(f->error, std::move(f->detail));
    }
    auto& next = std::get<Follow>(step);
    if (at_nexus && view.status == 200) {
      at_nexus = false;  // the Nexus named DALogin; that is not a redirect
    } else if (++redirects > s->settings.max_redirects) {
      if (cached) s->dalogin_cache.reset();
      co_return failure(AuthError::too_many_redirects, "more than " + std::to_string(s->settings.max_redirects) + " redirects");
    }
    gw::log::debug({kLog, req.sign_in}, "following {} to {}", view.status, to_string(next.url));
    url = std::move(next.url);
  }
}

}  // namespace

NexusTicketProvider::NexusTicketProvider(asio::io_context& io, PassportSettings settings) {
  auto nexus = parse_url(settings.nexus_url);
  if (!nexus) throw std::invalid_argument("msn.nexus_url is not an http(s) URL: " + settings.nexus_url);
  if (nexus->scheme == Scheme::http && !settings.allow_plain_http)
    throw std::invalid_argument("msn.nexus_url uses http:// but msn.allow_plain_http is off");
  auto tls = make_client_tls_context({settings.verify_certificates, settings.ca_file, settings.ca_pem});
  state_ = std::make_shared<State>(State{io, std::move(settings), std::move(*nexus), std::move(tls), std::nullopt, false});
}

NexusTicketProvider::~NexusTicketProvider() { state_->stopped = true; }

void NexusTicketProvider::fetch(TicketRequest request, Callback done) {
  auto s = state_;
  // co_spawn posts before running, so `done` never runs inside fetch() (the interface's promise).
  asio::co_spawn(s->io, login(s, std::move(request)),
                 [s, done = std::move(done)](std::exception_ptr ep, TicketResult result) {
                   if (ep) {
                     try {
                       std::rethrow_exception(ep);
                     } catch (const std::exception& e) {
                       gw::log::error(kLog, "Passport login crashed: {}", e.what());
                     } catch (...) {
                       gw::log::error(kLog, "Passport login crashed");
                     }
                     result = failure(AuthError::network_error, "internal error during Passport login");
                   }
                   done(std::move(result));
                 });
}

}  // namespace msnp::net
