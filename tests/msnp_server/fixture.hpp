#pragma once
// Shared setup for the server's component tests: a TestServer on ephemeral loopback
// ports with the transcripts' accounts, and the TWN login steps of transcripts/msnp12.txt.
#include <string>

#include "tests/msnp_server/raw_client.hpp"
#include "tests/msnp_server/test_server.hpp"

namespace msnp_server::testing {

struct Fixture {
  Fixture();
  TestServer server;
  Ports ports;

  // Nexus + /login over HTTP: the 20-character token, or "" on failure.
  std::string ticket(const std::string& email, const std::string& password);
  // VER/CVR/USR I, Nexus, USR S; the client is signed in after USR 4 OK. trids 1-4 used.
  RawClient login(const std::string& email, const std::string& password);
  // login + "SYN 5 0 0" (reply consumed) + "CHG 6 NLN <caps> 0" (echo and ILN consumed).
  RawClient online(const std::string& email, const std::string& password);
};

// Reads lines until one starts with `prefix` (skipping others); "" on timeout.
std::string line_starting(RawClient& c, const std::string& prefix);

}  // namespace msnp_server::testing
