#include "verify/reject_keys.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "mapping/error.hpp"

namespace litelift {

namespace {

constexpr char kSeparator = '\x1f';

std::string json_key_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

}  // namespace

RejectedRows RejectedRows::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Usage, "cannot read the reject file " + path);
  RejectedRows rows;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("table") || !j["table"].is_string() ||
        (!j.contains("rowid") && !j.contains("key")))
      throw Error(ErrorKind::Usage,
                  "the reject file " + path + ", line " + std::to_string(number) + ": not a litelift reject record");
    PerTable& t = rows.tables_[j["table"].get<std::string>()];
    ++t.lines;
    if (j.contains("rowid") && j["rowid"].is_number_integer()) {
      t.rowids.insert(j["rowid"].get<int64_t>());
    } else if (j.contains("key") && j["key"].is_object()) {
      std::string key;
      bool first = true;
      for (const auto& [name, value] : j["key"].items()) {
        if (!first) key += kSeparator;
        first = false;
        key += json_key_text(value);
      }
      t.keys.insert(key);
    }
  }
  return rows;
}

int64_t RejectedRows::count(const std::string& table) const {
  auto it = tables_.find(table);
  return it == tables_.end() ? 0 : it->second.lines;
}

bool RejectedRows::has_rowid(const std::string& table, int64_t rowid) const {
  auto it = tables_.find(table);
  return it != tables_.end() && it->second.rowids.count(rowid) > 0;
}

bool RejectedRows::has_key(const std::string& table, const std::string& key) const {
  auto it = tables_.find(table);
  return it != tables_.end() && it->second.keys.count(key) > 0;
}

std::string RejectedRows::key_text(const std::vector<ValueRef>& values) {
  std::string key;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) key += kSeparator;
    const ValueRef& v = values[i];
    switch (v.cls) {
      case StorageClass::Null:
        key += "null";
        break;
      case StorageClass::Integer:
        key += std::to_string(v.integer);
        break;
      case StorageClass::Real:
        key += nlohmann::json(v.real).dump();
        break;
      case StorageClass::Text:
        key += valid_utf8(v.bytes) ? std::string(v.bytes) : hex(v.bytes);
        break;
      case StorageClass::Blob:
        key += hex(v.bytes);
        break;
    }
  }
  return key;
}

}  // namespace litelift
