#pragma once
// Passport 1.4 Nexus and login over plain HTTP (MSNP.md 2.2, 10.1):
//   GET /rdr/pprdr.asp -> PassportURLs: DALogin=http://<host>:<port>/login
//   GET /login + Authorization: Passport1.4 ...sign-in=..,pwd=.. -> Authentication-Info:
//     Passport1.4 da-status=success,from-PP='<20-char token>' (single use, 30 s), or
//     401 with WWW-Authenticate: Passport1.4 da-status=failed.
// Bodies are aiohttp's defaults as on Escargot ("200: OK", "401: Unauthorized").
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <optional>
#include <string>
#include <utility>

namespace msnp_server {

class Backend;

// sign-in and pwd from an Authorization header value (URL-decoded); nullopt if absent.
std::optional<std::pair<std::string, std::string>> parse_passport_credentials(const std::string& header);

// Serves one HTTP/1.1 connection (keep-alive, bounded request size) until the peer closes.
boost::asio::awaitable<void> serve_nexus_connection(boost::asio::ip::tcp::socket socket, Backend& backend,
                                                    std::string dalogin_url);

}  // namespace msnp_server
