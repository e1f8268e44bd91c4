// Schema fidelity end to end: every schema object of marketplace.db
// (tests/fixtures/make_marketplace.py) either exists in the target's catalog
// or is named in the report; a keyless table reaches a server that requires
// primary keys with an invisible one. The catalogs are read through libpq /
// libmariadb, never through litelift's code.
//
// The report contract: litelift's JSON report has an array "objects", one
// entry per schema object of the source:
//   {"kind":   "table" | "index" | "unique" | "primary key" | "foreign key" | "check" |
//              "generated column" | "default" | "view" | "trigger" | "virtual table",
//    "table":  the source table the object belongs to (not for tables, virtual tables, views),
//    "name":   the source name; for an unnamed object its description:
//              PRIMARY KEY (a, b) | UNIQUE (a, b) | FOREIGN KEY (a) REFERENCES p (x) |
//              CHECK (<expression as written>); a generated column or default: the column,
//    "status": "created" | "not migrated" | "changed",
//    "target": the target's name for it, when created or changed,
//    "reason": why, when not migrated or changed}
// Entries match source objects by kind, table and name (or, for a named
// constraint or an autoindex, one of its aliases in marketplace.json),
// compared without blanks, quotes or case.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "live_fixture.hpp"
#include "live_support.hpp"

using live::litelift;
using live::quote;
using live::TargetDb;
using nlohmann::json;

namespace {

// ------------------------------------------------------------------ helpers --

std::string join(const std::vector<std::string>& parts, const std::string& sep = ", ") {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

std::vector<std::string> split(const std::optional<std::string>& text, char sep) {
  std::vector<std::string> out;
  if (!text) return out;
  size_t start = 0;
  for (size_t at; (at = text->find(sep, start)) != std::string::npos; start = at + 1)
    out.push_back(text->substr(start, at - start));
  out.push_back(text->substr(start));
  return out;
}

// Names and descriptions compare without blanks, quotes or case.
std::string normal(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (!std::isspace(c) && c != '"' && c != '`') out += static_cast<char>(std::tolower(c));
  return out;
}

json read_json(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path);
  return json::parse(f);
}

// litelift's JSON report, removed once read; {} when the run wrote none.
json take_report(const std::string& path) {
  std::ifstream f(path);
  json j = f ? json::parse(f, nullptr, false) : json::object();
  std::remove(path.c_str());
  return j.is_discarded() ? json::object() : j;
}

std::string temp_path(const std::string& what, const std::string& ext) {
  static int n = 0;
  return "/tmp/litelift-schema-" + what + "-" + std::to_string(getpid()) + "-" + std::to_string(++n) + ext;
}

// ----------------------------------------------------------------- manifest --

// One schema object of the source, as marketplace.json names it.
struct SourceObject {
  std::string kind, table, name;
  std::vector<std::string> aliases;
  json detail;  // the manifest entry itself: columns, parent, expression, ...

  bool belongs_to_table() const { return kind != "table" && kind != "virtual table" && kind != "view"; }
  std::string label() const { return kind + " " + (belongs_to_table() ? table + "." : "") + name; }
  std::vector<std::string> strings(const char* key) const {
    std::vector<std::string> out;
    for (const auto& v : detail.value(key, json::array())) out.push_back(v.is_null() ? "" : v.get<std::string>());
    return out;
  }
};

struct Manifest {
  std::vector<SourceObject> objects;
  json autoincrement;
};

Manifest read_manifest(const std::string& path) {
  json j = read_json(path);
  Manifest m;
  for (const auto& o : j.at("objects")) {
    SourceObject s{o.at("kind"), o.value("table", ""), o.at("name"), {}, o};
    for (const auto& a : o.value("aliases", json::array())) s.aliases.push_back(a);
    m.objects.push_back(std::move(s));
  }
  m.autoincrement = j.at("autoincrement");
  return m;
}

// How many CHECK constraints a CREATE TABLE text declares: the CHECK keywords
// outside quotes and comments.
int count_checks(const std::string& sql) {
  int n = 0;
  for (size_t i = 0; i < sql.size();) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      size_t j = i + 1;
      while (j < sql.size() && !(sql[j] == close && (j + 1 >= sql.size() || sql[j + 1] != close || close == ']')))
        j += sql[j] == close ? 2 : 1;
      i = j + 1;
    } else if (sql.compare(i, 2, "--") == 0) {
      i = sql.find('\n', i);
      if (i == std::string::npos) break;
    } else if (sql.compare(i, 2, "/*") == 0) {
      i = sql.find("*/", i);
      if (i == std::string::npos) break;
      i += 2;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i;
      while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' || sql[j] == '$'))
        ++j;
      if (normal(sql.substr(i, j - i)) == "check") ++n;
      i = j;
    } else {
      ++i;
    }
  }
  return n;
}

std::string collapse_blanks(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isspace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Compares the manifest with the source database itself, so that a stale or
// incomplete manifest cannot make the live test pass. Returns the differences.
std::vector<std::string> manifest_differences(const std::string& db_path, const Manifest& m) {
  std::vector<std::string> diffs;
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  auto rows = [&](const std::string& sql, const std::string& arg = "") {
    SQLite::Statement st(db, sql);
    if (!arg.empty()) st.bind(1, arg);
    std::vector<std::vector<std::string>> out;
    while (st.executeStep()) {
      std::vector<std::string> r;
      for (int i = 0; i < st.getColumnCount(); ++i) r.push_back(st.getColumn(i).getString());
      out.push_back(std::move(r));
    }
    return out;
  };
  std::map<std::string, std::multiset<std::string>> listed;  // kind -> "table|name"
  std::map<std::string, std::set<std::string>> aliases;      // "table" -> aliases of its keys
  std::map<std::string, std::vector<const SourceObject*>> checks;
  for (const auto& o : m.objects) {
    listed[o.kind].insert(o.table + "|" + o.name);
    for (const auto& a : o.aliases) aliases[o.table].insert(a);
    if (o.kind == "check") checks[o.table].push_back(&o);
  }
  auto expect_set = [&](const std::string& kind, const std::multiset<std::string>& actual) {
    if (listed[kind] != actual)
      diffs.push_back("manifest: the " + kind + " objects differ from the source's (" +
                      std::to_string(listed[kind].size()) + " listed, " + std::to_string(actual.size()) +
                      " in the source)");
  };
  std::multiset<std::string> tables, virtuals, indexes, views, triggers, generated, defaults;  // "table|name"
  std::multiset<std::string> fks, pks, uniques;                                                // "table"
  for (const auto& t : rows("SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', "
                            "'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
    const std::string& name = t[0];
    if (t[1] == "virtual") {
      virtuals.insert("|" + name);
      continue;
    }
    tables.insert("|" + name);
    for (size_t n = rows("SELECT DISTINCT id FROM pragma_foreign_key_list(?)", name).size(); n > 0; --n)
      fks.insert(name);
    for (const auto& c : rows("SELECT name, hidden, dflt_value IS NOT NULL FROM pragma_table_xinfo(?)", name)) {
      if (c[1] == "2" || c[1] == "3") generated.insert(name + "|" + c[0]);
      if (c[2] == "1") defaults.insert(name + "|" + c[0]);
    }
    if (!rows("SELECT 1 FROM pragma_table_info(?) WHERE pk > 0", name).empty()) pks.insert(name);
    for (const auto& i : rows("SELECT name, origin FROM pragma_index_list(?)", name)) {
      if (i[1] == "u") uniques.insert(name);
      if (i[1] != "c" && !aliases[name].count(i[0]))
        diffs.push_back("manifest: no unique / primary key of " + name + " has the alias " + i[0]);
    }
    std::string sql = rows("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", name).at(0).at(0);
    if (count_checks(sql) != static_cast<int>(checks[name].size()))
      diffs.push_back("manifest: " + name + " declares " + std::to_string(count_checks(sql)) + " CHECKs, " +
                      std::to_string(checks[name].size()) + " listed");
    for (const auto* c : checks[name])
      if (collapse_blanks(sql).find(c->detail.value("expression", "?")) == std::string::npos)
        diffs.push_back("manifest: " + c->label() + ": the expression is not in " + name + "'s CREATE TABLE");
  }
  for (const auto& r : rows("SELECT type, tbl_name, name FROM sqlite_master WHERE type IN ('index', 'view', "
                            "'trigger') AND sql IS NOT NULL")) {
    if (r[0] == "index") indexes.insert(r[1] + "|" + r[2]);
    if (r[0] == "view") views.insert("|" + r[2]);
    if (r[0] == "trigger") triggers.insert(r[1] + "|" + r[2]);
  }
  expect_set("table", tables);
  expect_set("virtual table", virtuals);
  expect_set("index", indexes);
  expect_set("view", views);
  expect_set("trigger", triggers);
  expect_set("generated column", generated);
  expect_set("default", defaults);
  // keys are counted per table: their names are descriptions
  auto per_table = [&](const std::string& kind, const std::multiset<std::string>& actual) {
    std::multiset<std::string> listed_tables;
    for (const auto& o : m.objects)
      if (o.kind == kind) listed_tables.insert(o.table);
    if (listed_tables != actual)
      diffs.push_back("manifest: the " + kind + " objects per table differ from the source's");
  };
  per_table("foreign key", fks);
  per_table("primary key", pks);
  per_table("unique", uniques);
  return diffs;
}

// ------------------------------------------------------------------- report --

struct ReportEntry {
  std::string kind, table, name, status, target, reason;
};

std::vector<ReportEntry> report_objects(const json& report) {
  std::vector<ReportEntry> out;
  for (const auto& o : report.value("objects", json::array()))
    out.push_back({o.value("kind", ""), o.value("table", ""), o.value("name", ""), o.value("status", ""),
                   o.value("target", ""), o.value("reason", "")});
  return out;
}

const ReportEntry* entry_for(const std::vector<ReportEntry>& entries, const SourceObject& o) {
  std::set<std::string> names{normal(o.name)};
  for (const auto& a : o.aliases) names.insert(normal(a));
  for (const auto& e : entries)
    if (e.kind == o.kind && (!o.belongs_to_table() || e.table == o.table) && names.count(normal(e.name))) return &e;
  return nullptr;
}

// Source -> target names of tables and columns, from the report's "tables"
// (the contract compare_all reads too); unnamed ones keep their source name.
class Names {
 public:
  explicit Names(const json& report) {
    for (const auto& t : report.value("tables", json::array())) {
      if (!t.contains("source_name")) continue;
      std::string source = t["source_name"];
      tables_[source] = t.value("name", source);
      for (const auto& c : t.value("columns", json::array()))
        if (c.contains("source") && c.contains("name")) columns_[source][c["source"]] = c["name"];
    }
  }
  std::string table(const std::string& source) const {
    auto t = tables_.find(source);
    return t == tables_.end() ? source : t->second;
  }
  std::string column(const std::string& table, const std::string& source) const {
    auto t = columns_.find(table);
    if (t == columns_.end()) return source;
    auto c = t->second.find(source);
    return c == t->second.end() ? source : c->second;
  }
  std::vector<std::string> columns(const std::string& table, const std::vector<std::string>& source) const {
    std::vector<std::string> out;
    for (const auto& c : source) out.push_back(column(table, c));
    return out;
  }

 private:
  std::map<std::string, std::string> tables_;
  std::map<std::string, std::map<std::string, std::string>> columns_;
};

// ------------------------------------------------------------------ catalog --

struct CatalogIndex {
  std::string name;
  std::vector<std::string> columns;  // "" for an expression
  bool unique = false, primary = false, partial = false, expression = false;
};
struct CatalogForeignKey {
  std::string name, parent, on_delete, on_update;
  std::vector<std::string> columns, parent_columns;
};
struct CatalogColumn {
  std::optional<std::string> default_value;
  bool generated = false, stored = false, invisible = false;
};
struct CatalogTable {
  bool view = false;
  std::map<std::string, CatalogColumn> columns;
  std::vector<CatalogIndex> indexes;
  std::vector<CatalogForeignKey> foreign_keys;
  std::vector<std::pair<std::string, std::string>> checks;  // name, clause
  std::set<std::string> triggers;

  const CatalogIndex* primary_key() const {
    for (const auto& i : indexes)
      if (i.primary) return &i;
    return nullptr;
  }
};

// What the target's catalog holds, read once through the server's own views.
struct Catalog {
  bool postgres = false;
  std::map<std::string, CatalogTable> tables;

  const CatalogTable* table(const std::string& name) const {
    auto t = tables.find(name);
    return t == tables.end() ? nullptr : &t->second;
  }
  bool has_trigger(const std::string& name) const {
    for (const auto& [_, t] : tables)
      if (t.triggers.count(name)) return true;
    return false;
  }
};

// InnoDB enforces RESTRICT and NO ACTION alike (immediately), and MariaDB
// 10.11 records a RESTRICT added by an in-place ALTER TABLE with
// foreign_key_checks = 0 as NO ACTION: on MySQL the two are one action.
bool same_action(const std::string& target, const std::string& source, bool postgres) {
  if (target == source) return true;
  auto restrict_like = [](const std::string& a) { return a == "RESTRICT" || a == "NO ACTION"; };
  return !postgres && restrict_like(target) && restrict_like(source);
}

std::string pg_action(const std::optional<std::string>& code) {
  static const std::map<std::string, std::string> actions{
      {"a", "NO ACTION"}, {"r", "RESTRICT"}, {"c", "CASCADE"}, {"n", "SET NULL"}, {"d", "SET DEFAULT"}};
  auto a = actions.find(code.value_or(""));
  return a == actions.end() ? "?" : a->second;
}

Catalog read_postgres(const TargetDb& db) {
  Catalog c;
  c.postgres = true;
  for (const auto& r : db.query("SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'f', "
                                "'v', 'm')"))
    c.tables[*r[0]].view = *r[1] == "v" || *r[1] == "m";
  for (const auto& r : db.query("SELECT table_name, column_name, column_default, is_generated FROM "
                                "information_schema.columns WHERE table_schema = current_schema()")) {
    CatalogColumn& col = c.tables[*r[0]].columns[*r[1]];
    col.default_value = r[2];
    col.generated = col.stored = r[3].value_or("") == "ALWAYS";
  }
  for (const auto& r : db.query(
           "SELECT t.relname, i.relname, x.indisunique::int, x.indisprimary::int, (x.indpred IS NOT NULL)::int, "
           "(x.indexprs IS NOT NULL)::int, (SELECT string_agg(coalesce(a.attname, ''), chr(31) ORDER BY k.ord) FROM "
           "unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) LEFT JOIN pg_attribute a ON a.attrelid = "
           "x.indrelid AND a.attnum = k.attnum WHERE k.ord <= x.indnkeyatts) FROM pg_index x JOIN pg_class i ON i.oid "
           "= x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE "
           "n.nspname = current_schema()"))
    c.tables[*r[0]].indexes.push_back(
        {*r[1], split(r[6], '\x1f'), *r[2] == "1", *r[3] == "1", *r[4] == "1", *r[5] == "1"});
  // the names of the columns numbered in pg_constraint's array `key` of relation `rel`
  auto cols = [](const std::string& key, const std::string& rel) {
    return "(SELECT string_agg(a.attname, chr(31) ORDER BY k.ord) FROM unnest(c." + key +
           ") WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = c." + rel +
           " AND a.attnum = k.attnum)";
  };
  for (const auto& r :
       db.query("SELECT t.relname, c.conname, c.contype::text, pg_get_constraintdef(c.oid), p.relname, " +
                cols("conkey", "conrelid") + ", " + cols("confkey", "confrelid") +
                ", c.confdeltype::text, c.confupdtype::text FROM pg_constraint c JOIN pg_class t ON "
                "t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class p "
                "ON p.oid = c.confrelid WHERE n.nspname = current_schema() AND c.contype IN ('f', "
                "'c')")) {
    CatalogTable& t = c.tables[*r[0]];
    if (*r[2] == "c")
      t.checks.emplace_back(*r[1], *r[3]);
    else
      t.foreign_keys.push_back(
          {*r[1], r[4].value_or(""), pg_action(r[7]), pg_action(r[8]), split(r[5], '\x1f'), split(r[6], '\x1f')});
  }
  for (const auto& r : db.query("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND "
                                "NOT t.tgisinternal"))
    c.tables[*r[0]].triggers.insert(*r[1]);
  return c;
}

Catalog read_mysql(const TargetDb& db) {
  Catalog c;
  for (const auto& r : db.query("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                                "DATABASE()"))
    c.tables[*r[0]].view = *r[1] == "VIEW";
  for (const auto& r : db.query("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_GENERATED, EXTRA FROM "
                                "information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()")) {
    CatalogColumn& col = c.tables[*r[0]].columns[*r[1]];
    // MariaDB shows a nullable column without a default as DEFAULT NULL
    if (r[2] && *r[2] != "NULL") col.default_value = r[2];
    col.generated = r[3].value_or("") == "ALWAYS";
    col.stored = r[4].value_or("").find("STORED") != std::string::npos;
    col.invisible = r[4].value_or("").find("INVISIBLE") != std::string::npos;
  }
  for (const auto& r : db.query("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM "
                                "information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, "
                                "INDEX_NAME, SEQ_IN_INDEX")) {
    auto& indexes = c.tables[*r[0]].indexes;
    if (indexes.empty() || indexes.back().name != *r[1])
      indexes.push_back({*r[1], {}, *r[2] == "0", *r[1] == "PRIMARY", false, false});
    indexes.back().columns.push_back(r[3].value_or(""));
    if (!r[3]) indexes.back().expression = true;  // MySQL 8's functional key parts
  }
  for (const auto& r : db.query(
           "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, "
           "r.DELETE_RULE, r.UPDATE_RULE FROM information_schema.KEY_COLUMN_USAGE k JOIN "
           "information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND "
           "r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME WHERE k.TABLE_SCHEMA = DATABASE() "
           "AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
    auto& fks = c.tables[*r[0]].foreign_keys;
    if (fks.empty() || fks.back().name != *r[1]) fks.push_back({*r[1], *r[3], *r[5], *r[6], {}, {}});
    fks.back().columns.push_back(*r[2]);
    fks.back().parent_columns.push_back(*r[4]);
  }
  for (const auto& r : db.query("SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM "
                                "information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()")) {
    // MariaDB's JSON type is LONGTEXT with CHECK (json_valid(`column`)): not a source CHECK
    const std::string& clause = r[2].value_or("");
    if (clause.rfind("json_valid(`", 0) == 0 && clause.find(' ') == std::string::npos) continue;
    c.tables[*r[0]].checks.emplace_back(*r[1], clause);
  }
  for (const auto& r : db.query("SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS WHERE "
                                "TRIGGER_SCHEMA = DATABASE()"))
    c.tables[*r[0]].triggers.insert(*r[1]);
  return c;
}

Catalog read_catalog(const TargetDb& db) {
  return db.postgres() ? read_postgres(db) : read_mysql(db);
}

// ---------------------------------------------------------------- the check --

// Whether `o` exists in the catalog as the report (entry `e`, possibly null)
// describes it; `claimed` holds "target table|check name" of the CHECKs found
// by name. Returns why not, or "" when it does. A "changed" object only
// has to exist; a "created" one, or one the report does not name, must keep
// what the source says (uniqueness, columns, actions, stored-ness, ...).
// The name to find a CHECK by: the report's target name, or the source's constraint name.
std::string check_name(const SourceObject& o, const ReportEntry* e) {
  if (e && !e->target.empty()) return e->target;
  return o.aliases.empty() ? "" : o.name;  // only a named CHECK has its description as an alias
}

std::string why_absent(const SourceObject& o, const ReportEntry* e, const Catalog& catalog, const Names& names,
                       const std::set<std::string>& claimed, std::map<std::string, size_t>& checks_used) {
  const bool changed = e && e->status == "changed";
  const std::string given = e && !e->target.empty() ? e->target : "";
  if (o.kind == "view" || o.kind == "virtual table") {
    const CatalogTable* t = catalog.table(given.empty() ? names.table(o.name) : given);
    return t ? "" : "no table or view named " + (given.empty() ? names.table(o.name) : given);
  }
  const std::string table_name = names.table(o.kind == "table" ? o.name : o.table);
  const CatalogTable* t = catalog.table(o.kind == "table" && !given.empty() ? given : table_name);
  if (!t || t->view) return "no table " + table_name;
  if (o.kind == "table") return "";
  if (o.kind == "trigger") return catalog.has_trigger(given.empty() ? o.name : given) ? "" : "no trigger";

  if (o.kind == "generated column" || o.kind == "default") {
    const std::string column = names.column(o.table, o.detail.value("column", o.name));
    auto c = t->columns.find(column);
    if (c == t->columns.end()) return "no column " + column;
    if (changed) return "";
    if (o.kind == "default") {
      if (o.detail.value("expression", "") == "NULL") return "";  // every nullable column defaults to NULL
      return c->second.default_value ? "" : "column " + column + " has no default";
    }
    if (!c->second.generated) return "column " + column + " is not generated";
    if (c->second.stored != o.detail.value("stored", false))
      return std::string("column ") + column + " is " + (c->second.stored ? "STORED" : "VIRTUAL");
    return "";
  }

  if (o.kind == "index" || o.kind == "unique" || o.kind == "primary key") {
    const std::vector<std::string> want = names.columns(o.table, o.strings("columns"));
    for (const auto& i : t->indexes) {
      if (o.kind == "primary key" && !i.primary) continue;
      if (o.kind == "unique" && (!i.unique || i.partial || i.expression) && i.name != given) continue;
      if (o.kind == "index" && i.name != (given.empty() ? o.name : given)) continue;
      if (o.kind != "index" && i.name != given && i.columns != want) continue;
      if (changed) return "";
      if (i.unique != (o.kind != "index" || o.detail.value("unique", false)))
        return "index " + i.name + (i.unique ? " is" : " is not") + " unique";
      if (o.kind == "index" && o.detail.value("partial", false) && !i.partial)
        return "index " + i.name + " has no WHERE clause";
      const bool expression = std::count(want.begin(), want.end(), std::string()) > 0;
      if (expression && !i.expression) return "index " + i.name + " has no expression key";
      if (!expression && i.columns != want)
        return "index " + i.name + " is on (" + join(i.columns) + "), not (" + join(want) + ")";
      return "";
    }
    return o.kind == "primary key" ? "no primary key on (" + join(want) + ")"
           : o.kind == "unique"    ? "no unique index on (" + join(want) + ")"
                                   : "no index " + (given.empty() ? o.name : given);
  }

  if (o.kind == "foreign key") {
    const std::string parent = names.table(o.detail.value("parent", ""));
    const auto want = names.columns(o.table, o.strings("columns"));
    const auto want_parent = names.columns(o.detail.value("parent", ""), o.strings("parent_columns"));
    for (const auto& fk : t->foreign_keys) {
      if (fk.name != given && (fk.columns != want || fk.parent != parent || fk.parent_columns != want_parent)) continue;
      if (changed) return "";
      if (!same_action(fk.on_delete, o.detail.value("on_delete", ""), catalog.postgres) ||
          !same_action(fk.on_update, o.detail.value("on_update", ""), catalog.postgres))
        return "foreign key " + fk.name + " is ON DELETE " + fk.on_delete + " ON UPDATE " + fk.on_update;
      return "";
    }
    return "no foreign key (" + join(want) + ") -> " + parent + " (" + join(want_parent) + ")";
  }

  if (o.kind == "check") {
    // A named CHECK (or one the report gives a target name) is found by name;
    // an unnamed one takes the next CHECK of the table not claimed by name:
    // the targets rewrite the expressions, so they cannot be compared.
    const std::string want = check_name(o, e);
    if (!want.empty()) {
      for (const auto& [name, clause] : t->checks)
        if (name == want) return "";
      return "no CHECK named " + want;
    }
    size_t available = 0;
    for (const auto& [name, clause] : t->checks) available += claimed.count(table_name + "|" + name) == 0;
    size_t& used = checks_used[table_name];
    if (used < available) {
      ++used;
      return "";
    }
    return "the target table has " + std::to_string(available) +
           " CHECK constraints besides the named ones, fewer than the source's unnamed ones";
  }
  return "unknown kind " + o.kind;
}

std::string source_count_sql(const std::string& table) {
  std::string q = "\"";
  for (char c : table) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return "SELECT count(*) FROM " + q + "\"";
}

// INSERT of an AUTOINCREMENT table's probe row (marketplace.json), in the target's names.
std::string probe_insert(const TargetDb& db, const Names& names, const json& autoincrement) {
  const std::string table = autoincrement.at("table");
  std::vector<std::string> columns, values;
  for (const auto& [column, value] : autoincrement.at("probe").items()) {
    columns.push_back(db.quote_ident(names.column(table, column)));
    values.push_back(value.is_null() ? "NULL" : db.quote_literal(value.get<std::string>()));
  }
  return "INSERT INTO " + db.quote_ident(names.table(table)) + " (" + join(columns) + ") VALUES (" + join(values) + ")";
}

template <typename Server>
class Schema : public live::LiveTarget<Server> {};
TYPED_TEST_SUITE(Schema, live::Servers);

TEST(MarketplaceManifest, NamesEverySchemaObjectOfTheSource) {
  Manifest m = read_manifest(live::fixture("marketplace.json"));
  auto diffs = manifest_differences(live::fixture("marketplace.db"), m);
  EXPECT_TRUE(diffs.empty()) << join(diffs, "\n");
  std::map<std::string, int> kinds;
  for (const auto& o : m.objects) ++kinds[o.kind];
  // what the generator promises (its header): every kind, in numbers
  EXPECT_EQ(kinds["table"], 81);
  EXPECT_EQ(kinds["virtual table"], 1);
  EXPECT_EQ(kinds["view"], 3);
  EXPECT_EQ(kinds["trigger"], 3);
  EXPECT_GE(kinds["foreign key"], 100);
  EXPECT_GE(kinds["check"], 70);
  EXPECT_EQ(kinds["generated column"], 5);
  EXPECT_GE(kinds["index"], 30);
  EXPECT_GE(kinds["unique"], 30);
  EXPECT_EQ(kinds["primary key"], 80);  // all but search_log
  std::set<std::string> actions;
  for (const auto& o : m.objects)
    if (o.kind == "foreign key") {
      actions.insert("ON DELETE " + o.detail.value("on_delete", ""));
      actions.insert("ON UPDATE " + o.detail.value("on_update", ""));
    }
  for (const char* a : {"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"}) {
    EXPECT_TRUE(actions.count(std::string("ON DELETE ") + a)) << a;
    EXPECT_TRUE(actions.count(std::string("ON UPDATE ") + a)) << a;
  }
  size_t above = 0;
  for (const auto& a : m.autoincrement) above += a.at("seq").get<int64_t>() > a.at("max_id").get<int64_t>();
  EXPECT_GE(above, 10u) << "AUTOINCREMENT tables whose sqlite_sequence is above max(id)";
}

TYPED_TEST(Schema, MarketplaceArrivesWithEverySchemaObjectAccountedFor) {
  const std::string source = live::fixture("marketplace.db");
  Manifest manifest = read_manifest(live::fixture("marketplace.json"));
  ASSERT_TRUE(manifest_differences(source, manifest).empty()) << "see MarketplaceManifest";
  const std::string report_path = temp_path("report", ".json");
  auto r = litelift("migrate " + quote(source) + this->target() + " -q --report " + report_path);
  json report = take_report(report_path);
  ASSERT_EQ(r.code, 0) << r.err;
  auto& db = this->db();
  const Names names(report);
  const Catalog catalog = read_catalog(db);

  // The report's entries are well-formed.
  EXPECT_TRUE(report.contains("objects") && report["objects"].is_array()) << "the report has no \"objects\" array";
  const std::vector<ReportEntry> entries = report_objects(report);
  const std::set<std::string> kinds{"table",       "index",   "unique",           "primary key",
                                    "foreign key", "check",   "generated column", "default",
                                    "view",        "trigger", "virtual table"};
  for (const auto& e : entries) {
    EXPECT_TRUE(kinds.count(e.kind)) << "objects: unknown kind \"" << e.kind << "\" (" << e.name << ")";
    EXPECT_TRUE(e.status == "created" || e.status == "not migrated" || e.status == "changed")
        << "objects: " << e.kind << " " << e.name << ": unknown status \"" << e.status << "\"";
    if (e.status != "created") {
      EXPECT_FALSE(e.reason.empty()) << "objects: " << e.kind << " " << e.name << ": no reason";
    }
  }

  // Every source object is in the target's catalog or named in the report.
  std::vector<std::string> missing, unreported;
  std::set<std::string> claimed;
  for (const auto& o : manifest.objects) {
    std::string name = o.kind == "check" ? check_name(o, entry_for(entries, o)) : "";
    if (!name.empty()) claimed.insert(names.table(o.table) + "|" + name);
  }
  std::map<std::string, size_t> checks_used;
  for (const auto& o : manifest.objects) {
    const ReportEntry* e = entry_for(entries, o);
    if (!e) unreported.push_back(o.label());
    if (e && e->status == "not migrated") continue;
    std::string why = why_absent(o, e, catalog, names, claimed, checks_used);
    if (!why.empty())
      missing.push_back(o.label() + ": " + why + (e ? " (the report says " + e->status + ")" : " (not in the report)"));
  }
  EXPECT_TRUE(missing.empty()) << missing.size() << " of " << manifest.objects.size()
                               << " source objects are neither in the target nor reported as not migrated:\n"
                               << join(missing, "\n");
  EXPECT_TRUE(unreported.empty()) << unreported.size() << " of " << manifest.objects.size()
                                  << " source objects have no \"objects\" entry in the report:\n"
                                  << join(unreported, "\n");

  // Row counts, table by table.
  SQLite::Database src(source, SQLite::OPEN_READONLY);
  std::string union_all;
  std::vector<std::string> counted;
  for (const auto& o : manifest.objects) {
    // tables, and a virtual table where it arrived as one
    if ((o.kind != "table" && o.kind != "virtual table") || !catalog.table(names.table(o.name))) continue;
    union_all += std::string(union_all.empty() ? "" : " UNION ALL ") + "SELECT " +
                 db.quote_literal(std::to_string(counted.size())) + ", count(*) FROM " +
                 db.quote_ident(names.table(o.name));
    counted.push_back(o.name);
  }
  ASSERT_FALSE(counted.empty());
  std::map<size_t, std::string> target_counts;
  for (const auto& row : db.query(union_all)) target_counts[std::stoul(*row[0])] = *row[1];
  for (size_t i = 0; i < counted.size(); ++i)
    EXPECT_EQ(target_counts[i], std::to_string(src.execAndGet(source_count_sql(counted[i])).getInt64()))
        << "rows of " << counted[i];

  // The next generated id of every AUTOINCREMENT table is above sqlite_sequence.
  for (const auto& a : manifest.autoincrement) {
    const std::string table = names.table(a.at("table")), column = names.column(a.at("table"), a.at("column"));
    try {
      db.query(probe_insert(db, names, a));
      const std::string id = db.scalar("SELECT max(" + db.quote_ident(column) + ") FROM " + db.quote_ident(table));
      EXPECT_GT(std::stoll(id), a.at("seq").get<int64_t>())
          << table << ": the next id reuses one the source had given (sqlite_sequence " << a.at("seq") << ")";
    } catch (const std::exception& ex) {
      ADD_FAILURE() << table << ": a new row is refused: " << ex.what();
    }
  }
}

TYPED_TEST(Schema, KeylessTableGetsAnInvisibleKeyWhereTheServerRequiresOne) {
  if (TypeParam::pg) GTEST_SKIP() << "innodb_force_primary_key is a MySQL setting";
  const char* url = std::getenv("LITELIFT_MYSQL_STRICT_URL");
  ASSERT_NE(url, nullptr) << "LITELIFT_MYSQL_STRICT_URL is not set; run: eval \"$(scripts/dev-servers env)\"";
  TargetDb strict(url, false);

  // The server refuses a table without a key, so only litelift's key can make this pass.
  ASSERT_EQ(strict.scalar("SELECT @@GLOBAL.innodb_force_primary_key"), "1");
  EXPECT_THROW(strict.query("CREATE TABLE keyless_probe (path VARCHAR(200), user_id INT)"), std::runtime_error);
  EXPECT_TRUE(strict.tables().empty());

  const std::string source = live::fixture("keyless.db");
  const std::string report_path = temp_path("keyless", ".json");
  auto r = litelift("migrate " + quote(source) + " --target " + quote(strict.url()) + " -q --report " + report_path);
  json report = take_report(report_path);
  ASSERT_EQ(r.code, 0) << r.err;
  const Names names(report);
  const std::string page_views = names.table("page_views"), visits = names.table("visits");

  // Every row arrives, duplicates included: the two sides as multisets of rows.
  auto source_rows = [&](const std::string& table, const std::string& columns) {
    SQLite::Database src(source, SQLite::OPEN_READONLY);
    SQLite::Statement st(src, "SELECT " + columns + " FROM " + table);
    std::multiset<live::Row> out;
    while (st.executeStep()) {
      live::Row row;
      for (int i = 0; i < st.getColumnCount(); ++i)
        row.push_back(st.getColumn(i).isNull() ? std::nullopt : std::optional(st.getColumn(i).getString()));
      out.insert(std::move(row));
    }
    return out;
  };
  auto target_rows = [&](const std::string& table, const std::vector<std::string>& columns) {
    std::vector<std::string> quoted;
    for (const auto& c : columns) quoted.push_back(strict.quote_ident(names.column(table, c)));
    auto rows = strict.query("SELECT " + join(quoted) + " FROM " + strict.quote_ident(names.table(table)));
    return std::multiset<live::Row>(rows.begin(), rows.end());
  };
  const std::multiset<live::Row> expected = source_rows("page_views", "path, user_id, ms, referrer");
  ASSERT_EQ(expected.size(), 55u);
  EXPECT_TRUE(expected.count({std::nullopt, std::nullopt, std::nullopt, std::nullopt}) == 2);
  EXPECT_TRUE(target_rows("page_views", {"path", "user_id", "ms", "referrer"}) == expected)
      << "page_views differs from the source (compared as multisets)";
  EXPECT_TRUE(target_rows("visits", {"id", "path"}) == source_rows("visits", "id, path"));

  // SELECT * shows only the source's columns: the key is INVISIBLE.
  auto rows = strict.query("SELECT * FROM " + strict.quote_ident(page_views) + " LIMIT 1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].size(), 4u);
  const Catalog catalog = read_mysql(strict);
  const CatalogTable* t = catalog.table(page_views);
  ASSERT_NE(t, nullptr);
  const CatalogIndex* pk = t->primary_key();
  ASSERT_NE(pk, nullptr) << page_views << " has no primary key";
  for (const auto& c : pk->columns) {
    ASSERT_TRUE(t->columns.count(c));
    EXPECT_TRUE(t->columns.at(c).invisible) << "the key column " << c << " is visible";
  }
  // visits keeps its own key and gets no extra column
  ASSERT_NE(catalog.table(visits), nullptr);
  EXPECT_EQ(catalog.table(visits)->columns.size(), 2u);
  ASSERT_NE(catalog.table(visits)->primary_key(), nullptr);
  EXPECT_EQ(catalog.table(visits)->primary_key()->columns, std::vector<std::string>{names.column("visits", "id")});

  // The report names the added key and why.
  bool reported = false;
  for (const auto& e : report_objects(report)) {
    if (e.kind != "primary key") continue;
    if (e.table == "visits") {
      EXPECT_EQ(e.status, "created") << "visits has its own key";
    }
    if (e.table != "page_views") continue;
    reported = true;
    EXPECT_EQ(e.status, "changed");
    EXPECT_NE(e.reason.find("innodb_force_primary_key"), std::string::npos) << e.reason;
  }
  EXPECT_TRUE(reported) << "no \"primary key\" entry for page_views in the report's objects: "
                        << report.value("objects", json::array()).dump();
}

}  // namespace
