#pragma once
// A typed walk over a yaml-cpp tree that knows, at every step, the key path and the line, so
// every complaint reads "config.yaml:12: msn.server: expected host:port". It also records
// which keys were read, so unknown keys (usually typos) are errors instead of silently ignored.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace config {

class YamlReader {
 public:
  YamlReader(std::string file_name, YAML::Node node, std::string path = {});

  // A child mapping; absent keys give an empty section whose reads all return nullopt.
  YamlReader section(const std::string& key);

  std::optional<std::string> string(const std::string& key);
  std::optional<std::int64_t> integer(const std::string& key, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::vector<std::string>> string_list(const std::string& key);

  std::string required_string(const std::string& key);

  // Fails on any key of this mapping that no read asked for (call after all reads).
  void reject_unknown_keys() const;

  [[noreturn]] void fail(const std::string& key, const std::string& what) const;

 private:
  YAML::Node child(const std::string& key);
  std::string key_path(const std::string& key) const;
  int line_of(const std::string& key) const;

  std::string file_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::string> known_;
};

}  // namespace config
