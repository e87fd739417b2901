#pragma once
// A throwaway self-signed certificate made at test time with OpenSSL (no files in the repo,
// nothing that expires in git): for the in-test https server of the Passport tests.
#include <string>
#include <vector>

namespace msnp_net_test {

struct TestCert {
  std::string cert_pem;
  std::string key_pem;
};

// subjectAltName entries such as "DNS:localhost", "IP:127.0.0.1". Throws on OpenSSL failure.
TestCert make_self_signed(const std::vector<std::string>& subject_alt_names);

}  // namespace msnp_net_test
