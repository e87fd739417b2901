// Seeds msngate's database with N registered users for the session benchmarks (issue 6 parts 1
// and 4), the way the registrar stores them (gateway/registrar.cpp): bare JID, passport, and the
// password sealed with gw::SecretBox (associated data: the JID) under the key file msngate uses.
// Registering 10,000 users through XEP-0077 would measure Prosody and the Passport check, not
// the sessions.
//   msngate-bench-seed STORAGE_URL KEY_FILE COUNT JID_DOMAIN PASSPORT_DOMAIN [JID_PREFIX PASSPORT_PREFIX]
// User i (0-based): <JID_PREFIX><i>@JID_DOMAIN, passport <PASSPORT_PREFIX><i>@PASSPORT_DOMAIN,
// password pw<i> (prefixes default to "u").
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>

#include "gateway/storage/storage.hpp"
#include "gateway/support/secret_box.hpp"

int main(int argc, char** argv) {
  if (argc != 6 && argc != 8) {
    std::fprintf(stderr, "usage: %s STORAGE_URL KEY_FILE COUNT JID_DOMAIN PASSPORT_DOMAIN [JID_PREFIX PASSPORT_PREFIX]\n",
                 argv[0]);
    return 2;
  }
  try {
    const auto storage = gw::open_storage(argv[1]);
    const auto box = gw::SecretBox::load_or_create(argv[2]);
    const long count = std::strtol(argv[3], nullptr, 10);
    const std::string jid_domain = argv[4], passport_domain = argv[5];
    const std::string jid_prefix = argc == 8 ? argv[6] : "u", passport_prefix = argc == 8 ? argv[7] : "u";
    for (long i = 0; i < count; ++i) {
      gw::UserRecord rec;
      rec.jid = jid_prefix + std::to_string(i) + "@" + jid_domain;
      rec.passport = passport_prefix + std::to_string(i) + "@" + passport_domain;
      rec.sealed_password = box.seal("pw" + std::to_string(i), rec.jid);
      rec.registered_at = std::time(nullptr);
      storage->save_user(rec);
    }
    std::printf("seeded %ld users\n", count);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "msngate-bench-seed: %s\n", e.what());
    return 1;
  }
}
