#include "verify/target_checks.hpp"

#include <algorithm>

namespace litelift {

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s;
}

std::string quoted(const Dialect& d, const std::vector<std::string>& names, const std::string& prefix = "") {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + prefix + d.quote_identifier(names[i]);
  return s;
}

int64_t first_number(const std::vector<std::vector<std::optional<std::string>>>& rows) {
  return rows.empty() || rows[0].empty() || !rows[0][0] ? 0 : std::stoll(*rows[0][0]);
}

}  // namespace

OrphanFinding target_orphans(TargetCatalog& catalog, const Dialect& d, const std::string& table,
                             const std::vector<std::string>& shown_columns, const KeyRef& key, size_t show) {
  OrphanFinding f;
  f.side = "target";
  f.table = table;
  f.foreign_key = "(" + join(key.columns) + ") -> " + key.parent_table + " (" + join(key.parent_columns) + ")";
  std::string where, match;
  for (size_t i = 0; i < key.columns.size(); ++i) {
    where += (i ? " AND " : "") + ("c." + d.quote_identifier(key.columns[i]) + " IS NOT NULL");
    match += (i ? " AND " : "") +
             ("p." + d.quote_identifier(key.parent_columns[i]) + " = c." + d.quote_identifier(key.columns[i]));
  }
  const std::string from = " FROM " + d.quote_identifier(table) + " c WHERE " + where +
                           " AND NOT EXISTS (SELECT 1 FROM " + d.quote_identifier(key.parent_table) + " p WHERE " +
                           match + ")";
  f.rows = first_number(catalog.query("SELECT COUNT(*)" + from));
  if (f.rows == 0 || show == 0) return f;
  const std::vector<std::string>& shown = shown_columns.empty() ? key.columns : shown_columns;
  auto sample = catalog.query("SELECT " + quoted(d, shown, "c.") + ", " + quoted(d, key.columns, "c.") + from +
                              " LIMIT " + std::to_string(show));
  for (const auto& r : sample) {
    std::string k, v;
    for (size_t i = 0; i < shown.size(); ++i) k += (i ? ", " : "") + shown[i] + " = " + r[i].value_or("NULL");
    for (size_t i = 0; i < key.columns.size(); ++i)
      v += (i ? ", " : "") + key.columns[i] + " = " + r[shown.size() + i].value_or("NULL");
    f.sample.push_back(shown_columns.empty() ? k : k + " (" + v + ")");
  }
  return f;
}

IntegrityFinding target_duplicates(TargetCatalog& catalog, const Dialect& d, const std::string& table,
                                   const std::vector<std::string>& columns, size_t show) {
  IntegrityFinding f;
  f.table = table;
  f.check = "duplicates";
  f.object = "(" + join(columns) + ")";
  std::string not_null;
  for (size_t i = 0; i < columns.size(); ++i)
    not_null += (i ? " AND " : "") + d.quote_identifier(columns[i]) + " IS NOT NULL";
  const std::string groups = "SELECT " + quoted(d, columns) + ", COUNT(*) AS n FROM " + d.quote_identifier(table) +
                             " WHERE " + not_null + " GROUP BY " + quoted(d, columns) + " HAVING COUNT(*) > 1";
  f.rows = first_number(catalog.query("SELECT COALESCE(SUM(n), 0) FROM (" + groups + ") g"));
  if (f.rows == 0 || show == 0) return f;
  for (const auto& r : catalog.query(groups + " LIMIT " + std::to_string(show))) {
    std::string s;
    for (size_t i = 0; i < columns.size(); ++i) s += (i ? ", " : "") + columns[i] + " = " + r[i].value_or("NULL");
    f.sample.push_back(s + " (" + r[columns.size()].value_or("?") + " rows)");
  }
  return f;
}

std::vector<IntegrityFinding> target_nulls(TargetCatalog& catalog, const Dialect& d, const std::string& table,
                                           const std::vector<std::string>& columns) {
  std::vector<IntegrityFinding> out;
  if (columns.empty()) return out;
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i)
    sql += (i ? ", " : "") + ("COUNT(*) - COUNT(" + d.quote_identifier(columns[i]) + ")");
  auto rows = catalog.query(sql + " FROM " + d.quote_identifier(table));
  for (size_t i = 0; i < columns.size() && !rows.empty(); ++i) {
    const int64_t n = rows[0][i] ? std::stoll(*rows[0][i]) : 0;
    if (n > 0) out.push_back({table, "nulls", columns[i], n, {}});
  }
  return out;
}

IntegrityFinding target_check(TargetCatalog& catalog, const Dialect& d, const std::string& table,
                              const std::string& name, const std::string& expression) {
  IntegrityFinding f;
  f.table = table;
  f.check = "check";
  f.object = name + " CHECK (" + expression + ")";
  f.rows = first_number(
      catalog.query("SELECT COUNT(*) FROM " + d.quote_identifier(table) + " WHERE NOT (" + expression + ")"));
  return f;
}

canon::Hash128 target_digest(TargetCatalog& catalog, const TableShape& shape, int64_t& rows) {
  TableRead read;
  read.table = shape.name;
  std::vector<canon::ColumnCanon> canon;
  for (const auto& c : shape.columns) {
    read.columns.push_back(c.name);
    read.families.push_back(c.family);
    canon.push_back(canon::ColumnCanon::of_family(c.family));
  }
  canon::Hash128 digest;
  rows = 0;
  if (read.columns.empty()) return digest;
  std::unique_ptr<TargetRowStream> stream = catalog.read_rows(read);
  std::vector<std::optional<std::string_view>> values(read.columns.size());
  std::string row;
  while (stream->next(values)) {
    row.clear();
    for (size_t i = 0; i < values.size(); ++i) canon::encode_target(values[i], canon[i], row);
    digest += canon::hash128(row);
    ++rows;
  }
  return digest;
}

std::string shape_fingerprint(const TableShape& s) {
  std::string text = "table " + s.name + "\n";
  for (const auto& c : s.columns) text += "column " + c.name + " " + c.type + (c.nullable ? "" : " not null") + "\n";
  text += "primary key " + join(s.primary_key) + "\n";
  std::vector<std::string> lines;
  for (const auto& i : s.indexes) lines.push_back("index " + i.name + (i.unique ? " unique " : " ") + join(i.columns));
  for (const auto& f : s.foreign_keys)
    lines.push_back("foreign key " + f.name + " " + join(f.columns) + " -> " + f.parent_table + " " +
                    join(f.parent_columns));
  for (const auto& c : s.checks) lines.push_back("check " + c);
  std::sort(lines.begin(), lines.end());
  for (const auto& l : lines) text += l + "\n";
  return canon::hash128(text).hex();
}

}  // namespace litelift
