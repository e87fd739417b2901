// libFuzzer target: config::parse (config/settings.hpp) over arbitrary YAML. The contract:
// a Settings value or a config::Error naming the file and line; nothing else may escape
// (no other exception type, no crash, no unbounded recursion).
#include <string>

#include "config/settings.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  try {
    const auto s = config::parse(yaml, "fuzz.yaml", "/nonexistent/base");
    (void)config::to_string(s.msn.protocol);
  } catch (const config::Error& e) {
    FUZZ_CHECK(std::string_view(e.what()).starts_with("fuzz.yaml"));
  }
  return 0;
}
