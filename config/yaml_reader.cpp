#include "config/yaml_reader.hpp"

#include "config/settings.hpp"

#include <algorithm>
#include <charconv>

namespace config {

YamlReader::YamlReader(std::string file_name, YAML::Node node, std::string path)
    : file_(std::move(file_name)), node_(std::move(node)), path_(std::move(path)) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    const int line = node_.Mark().line + 1;
    throw Error(file_ + ":" + std::to_string(line) + ": " + (path_.empty() ? "(top level)" : path_) +
                ": expected a mapping of keys");
  }
}

std::string YamlReader::key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

int YamlReader::line_of(const std::string& key) const {
  if (node_.IsMap()) {
    for (const auto& kv : node_)
      if (kv.first.Scalar() == key) return kv.first.Mark().line + 1;
  }
  return node_.IsDefined() && node_.Mark().line >= 0 ? node_.Mark().line + 1 : 1;
}

void YamlReader::fail(const std::string& key, const std::string& what) const {
  throw Error(file_ + ":" + std::to_string(line_of(key)) + ": " + key_path(key) + ": " + what);
}

YAML::Node YamlReader::child(const std::string& key) {
  known_.push_back(key);
  if (!node_.IsMap()) return YAML::Node{};
  for (const auto& kv : node_)
    if (kv.first.Scalar() == key) return kv.second;
  return YAML::Node{};
}

YamlReader YamlReader::section(const std::string& key) {
  YAML::Node n = child(key);
  if (n.IsDefined() && !n.IsNull() && !n.IsMap()) fail(key, "expected a mapping of keys");
  return YamlReader{file_, n, key_path(key)};
}

std::optional<std::string> YamlReader::string(const std::string& key) {
  YAML::Node n = child(key);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  if (!n.IsScalar()) fail(key, "expected a string");
  return n.Scalar();
}

std::optional<std::int64_t> YamlReader::integer(const std::string& key, std::int64_t min, std::int64_t max) {
  auto text = string(key);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const auto* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc{} || ptr != end) fail(key, "expected a whole number, got \"" + *text + "\"");
  if (value < min || value > max)
    fail(key, "expected a number from " + std::to_string(min) + " to " + std::to_string(max));
  return value;
}

std::optional<bool> YamlReader::boolean(const std::string& key) {
  auto text = string(key);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "yes" || *text == "on") return true;
  if (*text == "false" || *text == "no" || *text == "off") return false;
  fail(key, "expected true or false, got \"" + *text + "\"");
}

std::optional<std::vector<std::string>> YamlReader::string_list(const std::string& key) {
  YAML::Node n = child(key);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  if (!n.IsSequence()) fail(key, "expected a list of strings");
  std::vector<std::string> out;
  for (const auto& item : n) {
    if (!item.IsScalar()) fail(key, "expected a list of strings");
    out.push_back(item.Scalar());
  }
  return out;
}

std::string YamlReader::required_string(const std::string& key) {
  auto value = string(key);
  if (!value || value->empty()) fail(key, "required");
  return *value;
}

void YamlReader::reject_unknown_keys() const {
  if (!node_.IsMap()) return;
  std::vector<std::string> seen;
  for (const auto& kv : node_) {
    const std::string& key = kv.first.Scalar();
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      throw Error(file_ + ":" + std::to_string(kv.first.Mark().line + 1) + ": " + key_path(key) +
                  ": duplicate key");
    seen.push_back(key);
    if (std::find(known_.begin(), known_.end(), key) == known_.end())
      throw Error(file_ + ":" + std::to_string(kv.first.Mark().line + 1) + ": " + key_path(key) +
                  ": unknown key");
  }
}

}  // namespace config
