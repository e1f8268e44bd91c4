// compare_all, the live tests' oracle (contract in live_support.hpp). Types
// come from the target's catalog; names from litelift's report; rejected rows
// from the reject file; values from oracle_values.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "live_support.hpp"
#include "oracle_values.hpp"

namespace live {
namespace {

using oracle::Family;

constexpr size_t kMaxPerTable = 20;

struct TableNames {
  std::string target;
  std::map<std::string, std::string> columns;  // source -> target
};

std::map<std::string, TableNames> read_names(const std::string& path) {
  std::map<std::string, TableNames> names;
  if (path.empty()) return names;
  std::ifstream f(path);
  if (!f) throw std::runtime_error("compare_all: cannot read the report " + path);
  nlohmann::json report = nlohmann::json::parse(f);
  for (const auto& t : report.value("tables", nlohmann::json::array())) {
    if (!t.contains("source_name")) continue;
    TableNames& n = names[t["source_name"].get<std::string>()];
    n.target = t.value("name", t["source_name"].get<std::string>());
    for (const auto& c : t.value("columns", nlohmann::json::array()))
      if (c.contains("source") && c.contains("name")) n.columns[c["source"]] = c["name"];
  }
  return names;
}

struct Rejected {
  std::set<int64_t> rowids;
  std::vector<nlohmann::json> keys;
};

std::map<std::string, Rejected> read_rejects(const std::string& path) {
  std::map<std::string, Rejected> rejects;
  if (path.empty()) return rejects;
  std::ifstream f(path);
  if (!f) throw std::runtime_error("compare_all: cannot read the reject file " + path);
  std::string line;
  for (int number = 1; std::getline(f, line); ++number) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("table"))
      throw std::runtime_error("compare_all: " + path + " line " + std::to_string(number) + " is not a reject");
    Rejected& r = rejects[j["table"].get<std::string>()];
    if (j.contains("rowid"))
      r.rowids.insert(j["rowid"].get<int64_t>());
    else if (j.contains("key"))
      r.keys.push_back(j["key"]);
    else
      throw std::runtime_error("compare_all: " + path + " line " + std::to_string(number) + " has no rowid or key");
  }
  return rejects;
}

struct TargetColumn {
  std::string name;
  std::string type;  // as the catalog spells it, for messages
  std::optional<Family> family;
  std::string expression;  // how to read it in the family's canonical text
};

const char* family_name(Family f) {
  switch (f) {
    case Family::Integer:
      return "integer";
    case Family::Boolean:
      return "boolean";
    case Family::Double:
      return "double";
    case Family::Decimal:
      return "decimal";
    case Family::Text:
      return "text";
    case Family::Blob:
      return "blob";
    case Family::Date:
      return "date";
    case Family::Timestamp:
      return "timestamp";
    case Family::Time:
      return "time";
    case Family::Json:
      return "json";
    case Family::Uuid:
      return "uuid";
  }
  return "?";
}

TargetColumn postgres_column(const TargetDb& db, const std::string& name, const std::string& type,
                             const std::string& typtype) {
  TargetColumn c{name, type, std::nullopt, db.quote_ident(name)};
  const std::string q = c.expression;
  static const std::map<std::string, Family> families = {{"bigint", Family::Integer},
                                                         {"integer", Family::Integer},
                                                         {"smallint", Family::Integer},
                                                         {"boolean", Family::Boolean},
                                                         {"double precision", Family::Double},
                                                         {"real", Family::Double},
                                                         {"numeric", Family::Decimal},
                                                         {"text", Family::Text},
                                                         {"character varying", Family::Text},
                                                         {"character", Family::Text},
                                                         {"bytea", Family::Blob},
                                                         {"date", Family::Date},
                                                         {"timestamp without time zone", Family::Timestamp},
                                                         {"timestamp with time zone", Family::Timestamp},
                                                         {"time without time zone", Family::Time},
                                                         {"json", Family::Json},
                                                         {"jsonb", Family::Json},
                                                         {"uuid", Family::Uuid}};
  auto it = families.find(type);
  if (it != families.end())
    c.family = it->second;
  else if (type == "USER-DEFINED" && typtype == "e")
    c.family = Family::Text;  // an enum
  if (!c.family) return c;
  switch (*c.family) {
    case Family::Boolean:
      c.expression = q + "::int";
      break;
    case Family::Double:
      if (type == "real") c.expression = q + "::float8";  // the single-precision value itself, exactly
      break;
    case Family::Decimal:
    case Family::Json:
    case Family::Uuid:
      c.expression = q + "::text";
      break;  // text itself is read raw: ::text would unpad a char(n)
    case Family::Blob:
      c.expression = "encode(" + q + ", 'hex')";
      break;
    case Family::Date:
      c.expression = "to_char(" + q + ", 'YYYY-MM-DD')";
      break;
    case Family::Timestamp:
      c.expression = "to_char(" + q + (type == "timestamp with time zone" ? " AT TIME ZONE 'UTC'" : "") +
                     ", 'YYYY-MM-DD HH24:MI:SS.US')";
      break;
    case Family::Time:
      c.expression = "to_char(" + q + ", 'HH24:MI:SS.US')";
      break;
    default:
      break;
  }
  return c;
}

TargetColumn mysql_column(const TargetDb& db, const std::string& name, const std::string& data_type,
                          const std::string& column_type, bool json_check) {
  TargetColumn c{name, column_type, std::nullopt, db.quote_ident(name)};
  const std::string q = c.expression;
  static const std::map<std::string, Family> families = {
      {"bigint", Family::Integer},      {"int", Family::Integer},
      {"smallint", Family::Integer},    {"mediumint", Family::Integer},
      {"tinyint", Family::Integer},     {"double", Family::Double},
      {"float", Family::Double},        {"decimal", Family::Decimal},
      {"varchar", Family::Text},        {"char", Family::Text},
      {"text", Family::Text},           {"longtext", Family::Text},
      {"mediumtext", Family::Text},     {"tinytext", Family::Text},
      {"enum", Family::Text},           {"set", Family::Text},
      {"blob", Family::Blob},           {"longblob", Family::Blob},
      {"mediumblob", Family::Blob},     {"tinyblob", Family::Blob},
      {"varbinary", Family::Blob},      {"binary", Family::Blob},
      {"date", Family::Date},           {"datetime", Family::Timestamp},
      {"timestamp", Family::Timestamp}, {"time", Family::Time},
      {"json", Family::Json},           {"uuid", Family::Uuid}};
  auto it = families.find(data_type);
  if (it == families.end()) return c;
  c.family = it->second;
  if (data_type == "tinyint" && column_type.rfind("tinyint(1)", 0) == 0) c.family = Family::Boolean;
  if (data_type == "longtext" && json_check) c.family = Family::Json;  // MariaDB's JSON is LONGTEXT + CHECK
  switch (*c.family) {
    case Family::Double:
      if (data_type == "float") c.expression = "CAST(" + q + " AS DOUBLE)";
      break;
    case Family::Decimal:
      c.expression = "CAST(" + q + " AS CHAR)";
      break;
    case Family::Blob:
      c.expression = "LOWER(HEX(" + q + "))";
      break;
    case Family::Date:
      c.expression = "DATE_FORMAT(" + q + ", '%Y-%m-%d')";
      break;
    case Family::Timestamp:
      c.expression = "DATE_FORMAT(" + q + ", '%Y-%m-%d %H:%i:%s.%f')";
      break;
    case Family::Time:
      c.expression = "DATE_FORMAT(" + q + ", '%H:%i:%s.%f')";
      break;
    default:
      break;
  }
  return c;
}

// The target table's columns by name, in catalog order; empty when the table does not exist.
std::vector<TargetColumn> target_columns(const TargetDb& db, const std::string& table) {
  std::vector<TargetColumn> out;
  if (db.postgres()) {
    auto rows = db.query(
        "SELECT c.table_name, c.column_name, c.data_type, (SELECT t.typtype::text FROM pg_type t WHERE t.oid = "
        "(quote_ident(c.udt_schema) || '.' || quote_ident(c.udt_name))::regtype) FROM information_schema.columns c "
        "WHERE c.table_schema = current_schema() AND c.table_name = " +
        db.quote_literal(table) + " ORDER BY c.ordinal_position");
    for (const auto& r : rows)
      if (*r[0] == table) out.push_back(postgres_column(db, *r[1], *r[2], r[3].value_or("")));
    return out;
  }
  std::set<std::string> checks;
  try {
    for (const auto& r : db.query("SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE "
                                  "CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = " +
                                  db.quote_literal(table)))
      if (*r[0] == table) checks.insert(r[1].value_or(""));
  } catch (const std::runtime_error&) {
    // MySQL 8 has no TABLE_NAME there, and a real JSON type.
  }
  auto rows = db.query(
      "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
      "DATABASE() AND TABLE_NAME = " +
      db.quote_literal(table) + " ORDER BY ORDINAL_POSITION");
  for (const auto& r : rows) {
    if (*r[0] != table) continue;  // information_schema may compare names without case
    std::string ident = *r[1], doubled;
    for (char ch : ident) doubled += ch == '`' ? std::string("``") : std::string(1, ch);
    out.push_back(mysql_column(db, ident, *r[2], *r[3], checks.count("json_valid(`" + doubled + "`)") > 0));
  }
  return out;
}

struct Cell {
  enum Kind { Null, Value, Unreadable } kind = Null;
  std::string text;  // canonical value, or for Unreadable the source value and why
  auto operator<=>(const Cell&) const = default;
};
using CanonRow = std::vector<Cell>;

std::string show(const Cell& c) {
  return c.kind == Cell::Null ? "NULL" : oracle::printable(c.text);
}

std::string show_row(const CanonRow& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) out += (i ? ", " : "") + show(row[i]);
  return row.size() == 1 ? out : "(" + out + ")";
}

std::string source_repr(const oracle::SourceValue& v) {
  switch (v.type) {
    case SQLITE_INTEGER:
      return std::to_string(v.i) + " (integer)";
    case SQLITE_FLOAT:
      return oracle::shortest(v.d) + " (real)";
    case SQLITE_TEXT:
      return "'" + v.bytes + "' (text)";
    default:
      return "x'" + oracle::hex(v.bytes) + "' (blob)";
  }
}

std::string sqlite_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The JSON a reject line would carry for this key value.
nlohmann::json key_json(const oracle::SourceValue& v) {
  switch (v.type) {
    case SQLITE_INTEGER:
      return v.i;
    case SQLITE_FLOAT:
      return v.d;
    case SQLITE_TEXT:
      return v.bytes;
    case SQLITE_BLOB:
      return oracle::hex(v.bytes);
    default:
      return nullptr;
  }
}

struct SourceColumn {
  std::string name;
  int pk = 0;  // position in the primary key, 0 if not in it
};

class TableComparison {
 public:
  TableComparison(SQLite::Database& src, const std::string& table, bool without_rowid, const TargetDb& db,
                  const CompareOptions& options, const TableNames* names, Rejected* rejects,
                  std::vector<std::string>& diffs)
      : src_(src),
        table_(table),
        without_rowid_(without_rowid),
        db_(db),
        options_(options),
        names_(names),
        rejects_(rejects),
        diffs_(diffs) {}

  void run() {
    read_source_columns();
    std::string target = names_ ? names_->target : table_;
    std::vector<TargetColumn> catalog = target_columns(db_, target);
    if (catalog.empty()) return report(table_ + ": missing in the target (looked for \"" + target + "\")");
    std::set<std::string> used;
    for (const auto& sc : columns_) {
      std::string want = sc.name;
      if (names_ && names_->columns.count(sc.name)) want = names_->columns.at(sc.name);
      auto it = std::find_if(catalog.begin(), catalog.end(), [&](const TargetColumn& t) { return t.name == want; });
      if (it == catalog.end()) {
        report(table_ + "." + sc.name + ": missing in the target (looked for \"" + want + "\")");
        targets_.push_back(std::nullopt);
        continue;
      }
      used.insert(it->name);
      if (!it->family) {
        report(table_ + "." + sc.name + ": cannot compare: target type '" + it->type + "' is unknown to the oracle");
        targets_.push_back(std::nullopt);
        continue;
      }
      targets_.push_back(*it);
    }
    for (const auto& t : catalog)
      if (!used.count(t.name)) report(table_ + ": target column \"" + t.name + "\" has no source column");
    std::vector<CanonRow> source = read_source();
    std::vector<CanonRow> target_rows;
    try {
      target_rows = read_target(target);
    } catch (const std::exception& e) {
      return report(table_ + ": cannot read the target: " + e.what());
    }
    if (source.size() != target_rows.size())
      report(table_ + ": " + std::to_string(source.size()) + " rows in the source (after " + std::to_string(rejected_) +
             " rejected), " + std::to_string(target_rows.size()) + " in the target");
    if (key_.empty())
      compare_multisets(source, target_rows);
    else
      compare_by_key(source, target_rows);
    if (shown_ < count_) diffs_.push_back(table_ + ": " + std::to_string(count_ - shown_) + " more differences");
  }

 private:
  void report(const std::string& message) {
    ++count_;
    if (shown_ < kMaxPerTable) {
      diffs_.push_back(message);
      ++shown_;
    }
  }

  void read_source_columns() {
    SQLite::Statement info(src_, "SELECT name, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid");
    info.bind(1, table_);
    while (info.executeStep()) {
      if (info.getColumn(2).getInt() == 1) continue;  // a virtual table's hidden column
      columns_.push_back({info.getColumn(0).getString(), info.getColumn(1).getInt()});
    }
    std::vector<std::pair<int, size_t>> pk;
    for (size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i].pk) pk.emplace_back(columns_[i].pk, i);
    std::sort(pk.begin(), pk.end());
    for (auto& [order, index] : pk) key_.push_back(index);
  }

  std::string rowid_expression() const {
    for (const char* alias : {"rowid", "_rowid_", "oid"})
      if (std::none_of(columns_.begin(), columns_.end(),
                       [&](const SourceColumn& c) { return sqlite3_stricmp(c.name.c_str(), alias) == 0; }))
        return alias;
    throw std::runtime_error("compare_all: table " + table_ + " hides its rowid behind columns");
  }

  bool rejected(int64_t rowid, const std::vector<oracle::SourceValue>& values) {
    if (!rejects_) return false;
    if (!without_rowid_) {
      if (!rejects_->rowids.count(rowid)) return false;
      matched_rowids_.insert(rowid);
      return true;
    }
    nlohmann::json key = nlohmann::json::object();
    for (size_t index : key_) key[columns_[index].name] = key_json(values[index]);
    for (size_t k = 0; k < rejects_->keys.size(); ++k)
      if (rejects_->keys[k] == key) {
        matched_keys_.insert(k);
        return true;
      }
    return false;
  }

  std::vector<CanonRow> read_source() {
    std::string select = "SELECT " + (without_rowid_ ? std::string("NULL") : rowid_expression());
    for (const auto& c : columns_) select += ", " + sqlite_ident(c.name);
    SQLite::Statement rows(src_, select + " FROM " + sqlite_ident(table_));
    std::vector<CanonRow> out;
    std::vector<oracle::SourceValue> values(columns_.size());
    while (rows.executeStep()) {
      for (size_t i = 0; i < columns_.size(); ++i) {
        SQLite::Column c = rows.getColumn(static_cast<int>(i + 1));
        oracle::SourceValue& v = values[i];
        v.type = c.getType();
        if (v.type == SQLITE_INTEGER)
          v.i = c.getInt64();
        else if (v.type == SQLITE_FLOAT)
          v.d = c.getDouble();
        else if (v.type != SQLITE_NULL) {
          const void* p = c.getBlob();
          v.bytes.assign(static_cast<const char*>(p), static_cast<size_t>(c.getBytes()));
        }
      }
      if (rejected(rows.getColumn(0).getInt64(), values)) {
        ++rejected_;
        continue;
      }
      CanonRow row;
      for (size_t i = 0; i < columns_.size(); ++i)
        if (targets_[i]) row.push_back(expected_cell(i, values[i]));
      out.push_back(std::move(row));
    }
    if (rejects_) {
      for (int64_t r : rejects_->rowids)
        if (!matched_rowids_.count(r))
          report(table_ + ": the reject file names rowid " + std::to_string(r) + ", which is not in the source");
      for (size_t k = 0; k < rejects_->keys.size(); ++k)
        if (!matched_keys_.count(k))
          report(table_ + ": the reject file names key " + rejects_->keys[k].dump() + ", which is not in the source");
    }
    return out;
  }

  Cell expected_cell(size_t i, const oracle::SourceValue& v) const {
    if (v.type == SQLITE_NULL) return {};
    oracle::ReadRules rules;
    auto t = options_.temporal.find(table_ + "." + columns_[i].name);
    if (t != options_.temporal.end()) rules.temporal = t->second;
    rules.replace_invalid_utf8 = options_.replace_invalid_utf8;
    rules.strip_nul = options_.strip_nul;
    rules.nfc = options_.nfc;
    rules.mysql = !db_.postgres();
    Family family = *targets_[i]->family;
    if (auto value = oracle::expected(family, v, rules)) return {Cell::Value, *value};
    return {Cell::Unreadable, source_repr(v) + " has no " + family_name(family) + " reading"};
  }

  std::vector<CanonRow> read_target(const std::string& target) const {
    std::string select;
    std::vector<Family> families;
    for (const auto& t : targets_)
      if (t) {
        select += (select.empty() ? "" : ", ") + t->expression;
        families.push_back(*t->family);
      }
    auto rows =
        db_.query("SELECT " + (select.empty() ? std::string("NULL") : select) + " FROM " + db_.quote_ident(target));
    std::vector<CanonRow> out;
    for (const auto& r : rows) {
      CanonRow row;
      for (size_t i = 0; i < families.size(); ++i)
        row.push_back(r[i] ? Cell{Cell::Value, oracle::observed(families[i], *r[i])} : Cell{});
      out.push_back(std::move(row));
    }
    return out;
  }

  // Positions of the key columns within a CanonRow (which holds only the compared columns).
  std::vector<size_t> key_positions() const {
    std::vector<size_t> positions;
    for (size_t index : key_) {
      if (!targets_[index]) return {};
      size_t p = 0;
      for (size_t i = 0; i < index; ++i) p += targets_[i] ? 1 : 0;
      positions.push_back(p);
    }
    return positions;
  }

  void compare_by_key(const std::vector<CanonRow>& source, const std::vector<CanonRow>& target) {
    std::vector<size_t> positions = key_positions();
    if (positions.empty()) return compare_multisets(source, target);
    auto key_of = [&](const CanonRow& row) {
      CanonRow key;
      for (size_t p : positions) key.push_back(row[p]);
      return key;
    };
    std::map<CanonRow, const CanonRow*> by_key;
    for (const auto& row : source)
      if (!by_key.emplace(key_of(row), &row).second)
        report(table_ + " key=" + show_row(key_of(row)) + ": more than one source row");
    std::set<CanonRow> seen;
    std::vector<std::string> compared;
    for (const auto& t : targets_)
      if (t) compared.push_back(t->name);
    std::vector<std::string> source_names;
    for (size_t i = 0; i < columns_.size(); ++i)
      if (targets_[i]) source_names.push_back(columns_[i].name);
    for (const auto& row : target) {
      CanonRow key = key_of(row);
      if (!seen.insert(key).second) {
        report(table_ + " key=" + show_row(key) + ": more than one target row");
        continue;
      }
      auto it = by_key.find(key);
      if (it == by_key.end()) {
        report(table_ + " key=" + show_row(key) + ": in the target, not in the source");
        continue;
      }
      const CanonRow& s = *it->second;
      for (size_t i = 0; i < row.size(); ++i)
        if (s[i] != row[i])
          report(table_ + "." + source_names[i] + " key=" + show_row(key) + ": source " + show(s[i]) + " target " +
                 show(row[i]));
    }
    for (const auto& [key, row] : by_key)
      if (!seen.count(key)) report(table_ + " key=" + show_row(key) + ": in the source, missing in the target");
  }

  void compare_multisets(std::vector<CanonRow> source, std::vector<CanonRow> target) {
    std::sort(source.begin(), source.end());
    std::sort(target.begin(), target.end());
    std::vector<CanonRow> only_source, only_target;
    std::set_difference(source.begin(), source.end(), target.begin(), target.end(), std::back_inserter(only_source));
    std::set_difference(target.begin(), target.end(), source.begin(), source.end(), std::back_inserter(only_target));
    for (const auto& row : only_source) report(table_ + ": source row " + show_row(row) + " missing in the target");
    for (const auto& row : only_target) report(table_ + ": target row " + show_row(row) + " not in the source");
  }

  SQLite::Database& src_;
  std::string table_;
  bool without_rowid_;
  const TargetDb& db_;
  const CompareOptions& options_;
  const TableNames* names_;
  Rejected* rejects_;
  std::vector<std::string>& diffs_;
  std::vector<SourceColumn> columns_;
  std::vector<size_t> key_;                           // indexes into columns_, in key order
  std::vector<std::optional<TargetColumn>> targets_;  // per source column; nullopt: not compared
  std::set<int64_t> matched_rowids_;
  std::set<size_t> matched_keys_;
  size_t rejected_ = 0, count_ = 0, shown_ = 0;
};

}  // namespace

std::vector<std::string> compare_all(const std::string& sqlite_path, const TargetDb& db,
                                     const CompareOptions& options) {
  std::vector<std::string> diffs;
  auto names = read_names(options.report_json);
  auto rejects = read_rejects(options.rejects_jsonl);
  SQLite::Database src(sqlite_path, SQLite::OPEN_READONLY);
  // Ordinary tables only: not SQLite's own, not virtual tables nor their shadow tables.
  SQLite::Statement tables(src,
                           "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  std::set<std::string> seen;
  while (tables.executeStep()) {
    std::string table = tables.getColumn(0).getString();
    seen.insert(table);
    auto n = names.find(table);
    auto r = rejects.find(table);
    TableComparison(src, table, tables.getColumn(1).getInt() != 0, db, options, n == names.end() ? nullptr : &n->second,
                    r == rejects.end() ? nullptr : &r->second, diffs)
        .run();
  }
  for (const auto& [table, r] : rejects)
    if (!seen.count(table)) diffs.push_back(table + ": the reject file names a table the source does not have");
  return diffs;
}

}  // namespace live
