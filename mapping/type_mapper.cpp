#include "mapping/type_mapper.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace litelift {
namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// "DECIMAL(10, 2)" -> base "DECIMAL", params {10, 2}. Non-numeric params are ignored.
void split_type(const std::string& declared, std::string& base, std::vector<int>& params) {
  size_t open = declared.find('(');
  base = declared.substr(0, open);
  while (!base.empty() && std::isspace(static_cast<unsigned char>(base.back()))) base.pop_back();
  if (open == std::string::npos) return;
  size_t close = declared.find(')', open);
  std::string inner = declared.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
  size_t p = 0;
  while (p < inner.size()) {
    size_t comma = inner.find(',', p);
    std::string part = inner.substr(p, comma == std::string::npos ? std::string::npos : comma - p);
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (!part.empty() && std::all_of(part.begin(), part.end(), ::isdigit) && part.size() < 9)
      params.push_back(std::stoi(part));
    if (comma == std::string::npos) break;
    p = comma + 1;
  }
}

uint32_t fnv1a(const std::string& s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

bool is_numeric_literal(const std::string& s) {
  size_t p = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digit = false, dot = false;
  for (; p < s.size(); ++p) {
    if (std::isdigit(static_cast<unsigned char>(s[p]))) digit = true;
    else if (s[p] == '.' && !dot) dot = true;
    else return false;
  }
  return digit;
}

// A SQLite DEFAULT clause rendered for the target, or nullopt with a note.
std::optional<std::string> map_default(const std::string& sql, const ColumnPlan& col, const Dialect& d,
                                       std::string& note) {
  std::string s = sql;
  // SQLite keeps the clause as written; strip redundant parentheses around literals.
  while (s.size() > 2 && s.front() == '(' && s.back() == ')') s = s.substr(1, s.size() - 2);
  std::string u = upper(s);
  if (u == "NULL") return std::nullopt;
  if (is_numeric_literal(s)) {
    if (col.type.family == TypeFamily::Boolean && d.name() == "postgresql") {
      if (s == "0") return std::string("false");
      if (s == "1") return std::string("true");
      note = "default " + sql + " is not a boolean; not migrated";
      return std::nullopt;
    }
    return s;
  }
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
    if (d.name() == "mysql") {
      // MySQL reads backslashes in string literals as escapes.
      std::string out;
      for (char c : s) {
        if (c == '\\') out += '\\';
        out += c;
      }
      return out;
    }
    return s;
  }
  if (u == "CURRENT_TIMESTAMP" && col.type.family == TypeFamily::Timestamp) {
    // SQLite's CURRENT_TIMESTAMP is UTC.
    if (d.name() == "postgresql") return std::string("(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')");
    note = "default CURRENT_TIMESTAMP is filled in the MySQL session time zone (SQLite uses UTC)";
    return std::string("CURRENT_TIMESTAMP(6)");
  }
  note = "default " + sql + " is an expression; not migrated";
  return std::nullopt;
}

}  // namespace

TargetType map_declared_type(const std::string& declared_type, const Dialect& dialect) {
  std::string base;
  std::vector<int> params;
  split_type(upper(declared_type), base, params);
  TargetType t;
  auto& f = t.family;
  if (base.empty()) f = TypeFamily::Text;
  else if (contains(base, "JSON")) f = TypeFamily::Json;
  else if (contains(base, "BOOL")) f = TypeFamily::Boolean;
  else if (base == "DATE") f = TypeFamily::Date;
  else if (contains(base, "DATETIME") || contains(base, "TIMESTAMP")) f = TypeFamily::Timestamp;
  else if (contains(base, "INT")) f = TypeFamily::Integer;
  else if (contains(base, "CHAR") || contains(base, "CLOB") || contains(base, "TEXT")) {
    f = TypeFamily::Text;
    // CHAR(n) too becomes varchar: a blank-padded char(n) would change the values.
    if (!params.empty() && params[0] > 0 && params[0] <= dialect.max_varchar_length && !contains(base, "TEXT")) {
      f = TypeFamily::Varchar;
      t.length = params[0];
    }
  } else if (contains(base, "BLOB") || contains(base, "BINARY") || base == "BYTEA") f = TypeFamily::Blob;
  else if (contains(base, "REAL") || contains(base, "FLOA") || contains(base, "DOUB")) f = TypeFamily::Real;
  else {
    // NUMERIC affinity: DECIMAL, NUMERIC, MONEY and anything unrecognised.
    f = TypeFamily::Decimal;
    if (!params.empty() && params[0] > 0 && params[0] <= dialect.decimal_max_precision) {
      t.precision = params[0];
      t.scale = params.size() > 1 ? params[1] : 0;
      if (t.scale > t.precision) t.scale = t.precision;
    } else {
      t.precision = dialect.unconstrained_precision;
      t.scale = dialect.unconstrained_scale;
    }
  }
  render_type(t, dialect);
  return t;
}

void render_type(TargetType& t, const Dialect& d) {
  switch (t.family) {
    case TypeFamily::Integer: t.sql = d.integer_type; break;
    case TypeFamily::Real: t.sql = d.real_type; break;
    case TypeFamily::Decimal:
      t.sql = (t.precision == 0 || (t.precision == d.unconstrained_precision && t.scale == d.unconstrained_scale))
                  ? d.decimal_unconstrained
                  : fmt::format("{}({},{})", d.decimal_prefix, t.precision, t.scale);
      break;
    case TypeFamily::Text: t.sql = d.text_type; break;
    case TypeFamily::Varchar: t.sql = fmt::format("{}({})", d.varchar_prefix, t.length); break;
    case TypeFamily::Blob: t.sql = t.length > 0 ? d.indexed_blob_type : d.blob_type; break;
    case TypeFamily::Boolean: t.sql = d.boolean_type; break;
    case TypeFamily::Date: t.sql = d.date_type; break;
    case TypeFamily::Timestamp: t.sql = d.timestamp_type; break;
    case TypeFamily::Json: t.sql = d.json_type; break;
  }
}

std::string derived_name(const std::string& full, const Dialect& d) {
  if (d.check_identifier(full).empty()) return full;
  std::string suffix = fmt::format("_{:08x}", fnv1a(full));
  std::string cut = full.substr(0, d.max_identifier_length - suffix.size());
  // Do not split a UTF-8 sequence.
  while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
  if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
  return cut + suffix;
}

PlanResult build_plan(const Schema& schema, const Dialect& d) {
  PlanResult result;
  auto& plan = result.plan;
  std::set<std::string> used_names;  // tables, indexes and constraints share namespaces
  for (const auto& t : schema.tables) used_names.insert(t.name);
  auto unique_name = [&](const std::string& wanted) {
    std::string name = derived_name(wanted, d);
    for (int i = 2; used_names.count(name); ++i) name = derived_name(wanted + "_" + std::to_string(i), d);
    used_names.insert(name);
    return name;
  };
  auto check = [&](const std::string& what, const std::string& name) {
    std::string why = d.check_identifier(name);
    if (!why.empty()) result.errors.push_back(what + " name \"" + name + "\" " + why);
  };

  for (const auto& st : schema.tables) {
    TablePlan tp;
    tp.source_name = st.name;
    tp.name = st.name;
    tp.primary_key = st.primary_key;
    tp.sequence = st.sequence;
    check("table", st.name);

    // Columns in keys, indexes and foreign keys (either side) must be indexable.
    std::set<std::string> key_columns(st.primary_key.begin(), st.primary_key.end());
    for (const auto& ix : st.indexes)
      if (!ix.partial && !ix.has_expression) key_columns.insert(ix.columns.begin(), ix.columns.end());
    for (const auto& fk : st.foreign_keys) key_columns.insert(fk.columns.begin(), fk.columns.end());
    for (const auto& other : schema.tables)
      for (const auto& fk : other.foreign_keys)
        if (fk.parent_table == st.name) key_columns.insert(fk.parent_columns.begin(), fk.parent_columns.end());

    for (size_t i = 0; i < st.columns.size(); ++i) {
      const Column& sc = st.columns[i];
      if (sc.kind == ColumnKind::Hidden) continue;
      check("column", sc.name);
      ColumnPlan cp;
      cp.name = sc.name;
      cp.source_index = i;
      cp.declared_type = sc.declared_type;
      cp.type = map_declared_type(sc.declared_type, d);
      cp.not_null = sc.not_null || sc.pk_position > 0;
      cp.identity = static_cast<int>(i) == st.rowid_alias;
      if (cp.identity) {
        cp.type = TargetType{};
        cp.type.family = TypeFamily::Integer;
        render_type(cp.type, d);
        tp.identity_column = static_cast<int>(tp.columns.size());
      }
      if (key_columns.count(sc.name)) {
        if (cp.type.family == TypeFamily::Text && d.indexed_text_length > 0) {
          cp.type.family = TypeFamily::Varchar;
          cp.type.length = d.indexed_text_length;
          render_type(cp.type, d);
          plan.notes.push_back({"column " + st.name + "." + sc.name,
                                "text in a key or index becomes " + cp.type.sql + " on " + d.name() +
                                    "; longer values are refused"});
        } else if (cp.type.family == TypeFamily::Blob && d.indexed_blob_length > 0) {
          cp.type.length = d.indexed_blob_length;
          render_type(cp.type, d);
          plan.notes.push_back({"column " + st.name + "." + sc.name,
                                "blob in a key or index becomes " + cp.type.sql + " on " + d.name()});
        }
      }
      if (sc.kind == ColumnKind::GeneratedVirtual || sc.kind == ColumnKind::GeneratedStored)
        plan.notes.push_back({"column " + st.name + "." + sc.name,
                              "generated column: its values are copied into a plain column"});
      if (sc.declared_type.empty())
        plan.notes.push_back({"column " + st.name + "." + sc.name, "no declared type: mapped to " + cp.type.sql});
      if (sc.default_sql && !cp.identity) {
        std::string note;
        cp.default_sql = map_default(*sc.default_sql, cp, d, note);
        if (!note.empty()) plan.notes.push_back({"column " + st.name + "." + sc.name, note});
      }
      tp.columns.push_back(std::move(cp));
    }

    if (st.has_check)
      plan.notes.push_back({"table " + st.name, "has CHECK constraints; not migrated in this version"});
    for (const auto& ix : st.indexes) {
      for (size_t k = 0; k < ix.collations.size(); ++k)
        if (!ix.collations[k].empty() && ix.collations[k] != "BINARY")
          plan.notes.push_back({"index " + ix.name, "column " + ix.columns[k] + " uses COLLATE " + ix.collations[k] +
                                                         "; the target index uses the column's collation"});
      if (ix.partial || ix.has_expression) {
        plan.notes.push_back({"index " + ix.name, std::string("has ") +
                                                      (ix.partial ? "a WHERE clause" : "an expression key") +
                                                      "; not migrated in this version"});
        continue;
      }
      if (ix.unique && ix.columns == st.primary_key) continue;  // the primary key already enforces it
      IndexPlan ip;
      ip.columns = ix.columns;
      ip.descending = ix.descending;
      ip.unique = ix.unique;
      if (ix.origin == IndexOrigin::CreateIndex) {
        check("index", ix.name);
        ip.name = ix.name;
        used_names.insert(ix.name);
      } else {
        ip.name = unique_name(st.name + "_" + join(ix.columns, "_") + "_key");
      }
      tp.indexes.push_back(std::move(ip));
    }
    plan.tables.push_back(std::move(tp));
  }

  // Foreign keys, once every table is planned (parents may come later).
  for (const auto& st : schema.tables) {
    TablePlan* tp = nullptr;
    for (auto& t : plan.tables)
      if (t.source_name == st.name) tp = &t;
    for (const auto& fk : st.foreign_keys) {
      std::string what = "foreign key " + st.name + "(" + join(fk.columns, ", ") + ") -> " + fk.parent_table;
      const Table* parent = schema.find(fk.parent_table);
      if (!parent) {
        plan.notes.push_back({what, "the parent table is not in the source; not migrated"});
        continue;
      }
      std::set<std::string> want(fk.parent_columns.begin(), fk.parent_columns.end());
      bool keyed = std::set<std::string>(parent->primary_key.begin(), parent->primary_key.end()) == want;
      for (const auto& ix : parent->indexes)
        if (ix.unique && !ix.partial && !ix.has_expression &&
            std::set<std::string>(ix.columns.begin(), ix.columns.end()) == want)
          keyed = true;
      if (!keyed || fk.parent_columns.size() != fk.columns.size()) {
        plan.notes.push_back({what, "the parent columns are not a primary key or unique; not migrated"});
        continue;
      }
      if (d.name() == "mysql" && (fk.on_delete == "SET DEFAULT" || fk.on_update == "SET DEFAULT")) {
        plan.notes.push_back({what, "InnoDB does not support SET DEFAULT actions; not migrated"});
        continue;
      }
      ForeignKeyPlan fp;
      fp.name = unique_name(st.name + "_" + join(fk.columns, "_") + "_fkey");
      fp.columns = fk.columns;
      fp.parent_table = fk.parent_table;
      fp.parent_columns = fk.parent_columns;
      fp.on_delete = fk.on_delete;
      fp.on_update = fk.on_update;
      tp->foreign_keys.push_back(std::move(fp));
    }
  }
  for (const auto& s : schema.skipped) plan.notes.push_back({s.kind + " " + s.name, s.reason});
  return result;
}

}  // namespace litelift
