#include "gateway/support/secret_box.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace gw {
namespace {
constexpr unsigned char record_version = 0x01;
constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;
CipherCtx new_ctx() {
  CipherCtx ctx{EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
  if (!ctx) throw SecretError("out of memory creating a cipher context");
  return ctx;
}
const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s, std::size_t at) { return reinterpret_cast<unsigned char*>(s.data() + at); }

std::string errno_text() { return std::strerror(errno); }

SecretBox::Key read_key(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw SecretError("secrets.key_file " + file.string() + ": " + errno_text());
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    throw SecretError("secrets.key_file " + file.string() +
                      ": must be readable by its owner only (chmod 600)");
  }
  SecretBox::Key key{};
  unsigned char extra = 0;
  const ssize_t n = ::read(fd, key.data(), key.size());
  const ssize_t more = ::read(fd, &extra, 1);
  ::close(fd);
  if (n != static_cast<ssize_t>(key.size()) || more != 0)
    throw SecretError("secrets.key_file " + file.string() + ": expected exactly 32 bytes");
  return key;
}

SecretBox::Key create_key(const std::filesystem::path& file) {
  SecretBox::Key key{};
  if (RAND_bytes(key.data(), key.size()) != 1) throw SecretError("no randomness for a new key");
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw SecretError("secrets.key_file " + file.string() + ": cannot create: " + errno_text());
  const bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(file.c_str());
    throw SecretError("secrets.key_file " + file.string() + ": cannot write: " + errno_text());
  }
  return key;
}
}  // namespace

SecretBox SecretBox::load_or_create(const std::filesystem::path& key_file) {
  if (std::filesystem::exists(key_file)) return SecretBox{read_key(key_file)};
  return SecretBox{create_key(key_file)};
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view associated_data) const {
  std::string out(1 + nonce_size + plaintext.size() + tag_size, '\0');
  out[0] = static_cast<char>(record_version);
  if (RAND_bytes(bytes(out, 1), nonce_size) != 1) throw SecretError("no randomness for a nonce");
  auto ctx = new_ctx();
  int len = 0;
  const bool ok =
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, nonce_size, nullptr) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), bytes(out, 1)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data), associated_data.size()) == 1 &&
      EVP_EncryptUpdate(ctx.get(), bytes(out, 1 + nonce_size), &len, bytes(plaintext), plaintext.size()) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), bytes(out, 1 + nonce_size + len), &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size, bytes(out, out.size() - tag_size)) == 1;
  if (!ok) throw SecretError("encryption failed");
  return out;
}

std::string SecretBox::open(std::string_view record, std::string_view associated_data) const {
  if (record.size() < 1 + nonce_size + tag_size || static_cast<unsigned char>(record[0]) != record_version)
    throw SecretError("stored password record is malformed");
  const std::string_view nonce = record.substr(1, nonce_size);
  const std::string_view body = record.substr(1 + nonce_size, record.size() - 1 - nonce_size - tag_size);
  std::string tag{record.substr(record.size() - tag_size)};
  std::string plain(body.size(), '\0');
  auto ctx = new_ctx();
  int len = 0;
  const bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, nonce_size, nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data), associated_data.size()) == 1 &&
      EVP_DecryptUpdate(ctx.get(), bytes(plain, 0), &len, bytes(body), body.size()) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), bytes(plain, len), &len) == 1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    throw SecretError("stored password does not decrypt: wrong secrets.key_file or a tampered record");
  }
  return plain;
}

}  // namespace gw
