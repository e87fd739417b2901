#pragma once
// Messenger passwords at rest: AES-256-GCM (OpenSSL EVP) with a key kept in a file of its own
// (secrets.key_file), a fresh random 96-bit nonce per record and the owner's bare JID as
// associated data, so a record copied onto another user's row does not open.
// Record layout: version byte 0x01 | nonce (12) | ciphertext | tag (16).
#include <array>
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gw {

// A key that cannot be read or created, or a record that does not open (wrong key, tampered,
// truncated, another user's). Never carries the plaintext.
class SecretError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SecretBox {
 public:
  static constexpr std::size_t key_size = 32;
  using Key = std::array<unsigned char, key_size>;

  explicit SecretBox(const Key& key) : key_(key) {}

  // Reads the key file, or creates it (mode 0600, 32 random bytes) when it does not exist.
  // A key file readable by group or others, or of the wrong size, is refused.
  static SecretBox load_or_create(const std::filesystem::path& key_file);

  std::string seal(std::string_view plaintext, std::string_view associated_data) const;
  std::string open(std::string_view record, std::string_view associated_data) const;

 private:
  Key key_;
};

}  // namespace gw
