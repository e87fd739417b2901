#include "gateway/support/secret_box.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {
gw::SecretBox::Key key_of(unsigned char fill) {
  gw::SecretBox::Key k;
  k.fill(fill);
  return k;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("msngate-secret-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};
}  // namespace

TEST_CASE("a sealed password opens again with the same key and JID", "[secrets]") {
  const gw::SecretBox box{key_of(7)};
  for (const std::string& pw : {std::string(), std::string("hunter2"), std::string("pässwörd ✓"), std::string(1000, 'x')}) {
    const auto sealed = box.seal(pw, "alice@example.org");
    CHECK(sealed.size() == 1 + 12 + pw.size() + 16);
    if (!pw.empty()) CHECK(sealed.find(pw) == std::string::npos);
    CHECK(box.open(sealed, "alice@example.org") == pw);
  }
}

TEST_CASE("each seal uses a fresh nonce", "[secrets]") {
  const gw::SecretBox box{key_of(7)};
  CHECK(box.seal("same", "a@b") != box.seal("same", "a@b"));
}

TEST_CASE("a wrong key, another JID or a tampered record is a clear error", "[secrets]") {
  const gw::SecretBox box{key_of(7)};
  const auto sealed = box.seal("hunter2", "alice@example.org");
  const std::string wrong = "stored password does not decrypt: wrong secrets.key_file or a tampered record";
  CHECK_THROWS_WITH(gw::SecretBox{key_of(8)}.open(sealed, "alice@example.org"), wrong);
  CHECK_THROWS_WITH(box.open(sealed, "mallory@example.org"), wrong);
  for (std::size_t i = 1; i < sealed.size(); ++i) {  // every byte after the version matters
    auto bad = sealed;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    CHECK_THROWS_AS(box.open(bad, "alice@example.org"), gw::SecretError);
  }
  CHECK_THROWS_WITH(box.open(sealed.substr(0, 20), "alice@example.org"), "stored password record is malformed");
  CHECK_THROWS_WITH(box.open("\x02" + sealed.substr(1), "alice@example.org"), "stored password record is malformed");
}

TEST_CASE("the key file is created 0600 and read back", "[secrets]") {
  TempDir dir;
  const auto file = dir.path / "sub" / "secret.key";
  const auto sealed = gw::SecretBox::load_or_create(file).seal("pw", "a@b");
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(fs::file_size(file) == 32);
  CHECK(gw::SecretBox::load_or_create(file).open(sealed, "a@b") == "pw");
}

TEST_CASE("a key file that others can read, or of the wrong size, is refused", "[secrets]") {
  TempDir dir;
  const auto file = dir.path / "secret.key";
  gw::SecretBox::load_or_create(file);
  fs::permissions(file, fs::perms::group_read, fs::perm_options::add);
  CHECK_THROWS_WITH(gw::SecretBox::load_or_create(file),
                    Catch::Contains("must be readable by its owner only"));
  const auto short_file = dir.path / "short.key";
  { std::ofstream(short_file) << "tooshort"; }
  fs::permissions(short_file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  CHECK_THROWS_WITH(gw::SecretBox::load_or_create(short_file), Catch::Contains("expected exactly 32 bytes"));
}
