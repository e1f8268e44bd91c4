#include "mapping/schema.hpp"

namespace litelift {

bool same_sqlite_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

int Table::column_index(const std::string& column) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == column) return static_cast<int>(i);
  for (size_t i = 0; i < columns.size(); ++i)
    if (same_sqlite_name(columns[i].name, column)) return static_cast<int>(i);
  return -1;
}

const Table* Schema::find(const std::string& name) const {
  for (const auto& t : tables)
    if (t.name == name) return &t;
  for (const auto& t : tables)
    if (same_sqlite_name(t.name, name)) return &t;
  return nullptr;
}

}  // namespace litelift
