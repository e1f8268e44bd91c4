// Schema introspection through SQLite's pragma table-valued functions.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "engines/sqlite/sqlite_source.hpp"
#include "mapping/sqlite_sql.hpp"

namespace litelift {
namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string text(SQLite::Statement& q, int i) {
  return q.getColumn(i).isNull() ? std::string() : q.getColumn(i).getString();
}

void read_columns(SQLite::Database& db, Table& t) {
  SQLite::Statement q(
      db, "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid");
  q.bind(1, t.name);
  std::vector<std::pair<int, std::string>> pk;
  while (q.executeStep()) {
    Column c;
    c.name = text(q, 0);
    c.declared_type = text(q, 1);
    c.not_null = q.getColumn(2).getInt() != 0;
    if (!q.getColumn(3).isNull()) c.default_sql = q.getColumn(3).getString();
    c.pk_position = q.getColumn(4).getInt();
    switch (q.getColumn(5).getInt()) {
      case 1:
        c.kind = ColumnKind::Hidden;
        break;
      case 2:
        c.kind = ColumnKind::GeneratedVirtual;
        break;
      case 3:
        c.kind = ColumnKind::GeneratedStored;
        break;
      default:
        c.kind = ColumnKind::Normal;
        break;
    }
    if (c.pk_position > 0) pk.emplace_back(c.pk_position, c.name);
    t.columns.push_back(std::move(c));
  }
  std::sort(pk.begin(), pk.end());
  for (auto& [pos, name] : pk) t.primary_key.push_back(name);
  if (!t.without_rowid && pk.size() == 1) {
    int i = t.column_index(pk[0].second);
    // Only a column declared exactly INTEGER is an alias of the rowid.
    if (upper(t.columns[i].declared_type) == "INTEGER") t.rowid_alias = i;
  }
}

void read_indexes(SQLite::Database& db, Table& t) {
  SQLite::Statement list(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1) ORDER BY seq DESC");
  list.bind(1, t.name);
  while (list.executeStep()) {
    Index ix;
    ix.name = text(list, 0);
    ix.unique = list.getColumn(1).getInt() != 0;
    std::string origin = text(list, 2);
    ix.partial = list.getColumn(3).getInt() != 0;
    if (origin == "pk") continue;  // the primary key is part of the table
    ix.origin = origin == "u" ? IndexOrigin::UniqueConstraint : IndexOrigin::CreateIndex;
    SQLite::Statement cols(db,
                           "SELECT cid, name, \"desc\", coll FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno");
    cols.bind(1, ix.name);
    while (cols.executeStep()) {
      int cid = cols.getColumn(0).getInt();
      if (cid == -2) ix.has_expression = true;
      ix.columns.push_back(cid == -1 ? std::string("rowid") : text(cols, 1));
      ix.descending.push_back(cols.getColumn(2).getInt() != 0);
      ix.collations.push_back(upper(text(cols, 3)));
    }
    SQLite::Statement sql(db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1");
    sql.bind(1, ix.name);
    if (sql.executeStep()) ix.sql = text(sql, 0);
    t.indexes.push_back(std::move(ix));
  }
}

void read_foreign_keys(SQLite::Database& db, Table& t) {
  SQLite::Statement q(
      db,
      "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq");
  q.bind(1, t.name);
  int current = -1;
  while (q.executeStep()) {
    int id = q.getColumn(0).getInt();
    if (id != current) {
      current = id;
      ForeignKey fk;
      fk.parent_table = text(q, 1);
      fk.on_update = text(q, 4);
      fk.on_delete = text(q, 5);
      t.foreign_keys.push_back(std::move(fk));
    }
    auto& fk = t.foreign_keys.back();
    fk.columns.push_back(text(q, 2));
    if (!q.getColumn(3).isNull()) fk.parent_columns.push_back(text(q, 3));
  }
  // pragma_foreign_key_list numbers the last-declared key 0.
  std::reverse(t.foreign_keys.begin(), t.foreign_keys.end());
}

// CHECK constraints, COLLATE clauses and generated-column expressions, which
// no pragma shows, from the CREATE TABLE text; index keys and WHERE clauses
// from CREATE INDEX. What cannot be read is said in the report.
void read_create_statements(Table& t, Schema& schema) {
  std::string error;
  if (std::optional<CreateTable> ct = parse_create_table(t.sql, error)) {
    for (const auto& check : ct->checks) t.checks.push_back({check.name, "", check.expression});
    for (const auto& cd : ct->columns) {
      const int at = t.column_index(cd.name);
      for (const auto& check : cd.checks) t.checks.push_back({check.name, cd.name, check.expression});
      if (at < 0) continue;
      Column& c = t.columns[static_cast<size_t>(at)];
      c.collation = upper(cd.collation);
      if (cd.generated) c.generated_sql = *cd.generated;
    }
  } else {
    schema.warnings.push_back("table " + t.name + ": its CREATE TABLE could not be read (" + error +
                              "), so its CHECK constraints, collations and generated columns are not known");
  }
  for (auto& ix : t.indexes) {
    if (ix.sql.empty()) continue;
    std::optional<CreateIndex> ci = parse_create_index(ix.sql, error);
    if (!ci) {
      schema.warnings.push_back("index " + ix.name + ": its CREATE INDEX could not be read (" + error + ")");
      continue;
    }
    for (const auto& key : ci->keys) ix.key_expressions.push_back(key.column.empty() ? key.expression : "");
    if (ci->where) ix.where = *ci->where;
  }
}

// "fts5" for CREATE VIRTUAL TABLE ... USING fts5(...) with its own content;
// "" with `why` for every other virtual table.
std::string full_text_module(const std::string& sql, std::string& why) {
  const std::string u = upper(sql);
  size_t at = u.find(" USING ");
  std::string module;
  if (at != std::string::npos) {
    size_t p = at + 7;
    while (p < u.size() && (std::isalnum(static_cast<unsigned char>(u[p])) || u[p] == '_')) module += u[p++];
  }
  const std::string shown = sql.size() > 80 ? sql.substr(0, 80) + "..." : sql;
  if (module != "FTS5" && module != "FTS4" && module != "FTS3") {
    why = "virtual tables other than FTS (" + shown + ") are not migrated";
    return "";
  }
  // content='' keeps only the index: there are no values to read back.
  std::string compact;
  for (char c : u)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  if (compact.find("CONTENT=''") != std::string::npos || compact.find("CONTENT=\"\"") != std::string::npos) {
    why = "a contentless FTS table keeps no values to migrate (" + shown + ")";
    return "";
  }
  for (auto& c : module) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return module;
}

}  // namespace

Schema read_sqlite_schema(SQLite::Database& db) {
  Schema schema;
  std::map<std::string, std::string> kinds;  // name -> table | view | shadow | virtual
  std::map<std::string, bool> without_rowid;
  {
    SQLite::Statement q(db, "SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main'");
    while (q.executeStep()) {
      kinds[text(q, 0)] = text(q, 1);
      without_rowid[text(q, 0)] = q.getColumn(2).getInt() != 0;
    }
  }
  bool has_sequence = kinds.count("sqlite_sequence") > 0;
  SQLite::Statement q(db,
                      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') "
                      "ORDER BY rowid");
  while (q.executeStep()) {
    std::string type = text(q, 0), name = text(q, 1), sql = text(q, 3);
    if (type == "view") {
      schema.views.push_back({name, sql});
      continue;
    }
    if (type == "trigger") {
      schema.triggers.push_back({name, text(q, 2), sql});
      continue;
    }
    if (name.rfind("sqlite_", 0) == 0) continue;  // SQLite's own: sqlite_sequence, sqlite_stat1, ...
    std::string kind = kinds.count(name) ? kinds[name] : "table";
    if (kind == "shadow") continue;  // storage of a virtual table (FTS, R*Tree)
    Table t;
    t.name = name;
    t.sql = sql;
    t.without_rowid = without_rowid[name];
    if (kind == "virtual") {
      std::string why;
      t.virtual_module = full_text_module(sql, why);
      if (t.virtual_module.empty()) {
        schema.skipped.push_back({"virtual table", name, why});
        continue;
      }
    }
    schema.tables.push_back(std::move(t));
  }
  for (auto& t : schema.tables) {
    read_columns(db, t);
    if (!t.virtual_module.empty()) {
      // The rowid of an FTS table is the document id applications join on: it arrives as a key column.
      Column id;
      id.name = "rowid";
      id.declared_type = "INTEGER";
      id.pk_position = 1;
      id.not_null = true;
      bool shadowed = false;
      for (const auto& c : t.columns) shadowed = shadowed || same_sqlite_name(c.name, "rowid");
      if (!shadowed) {
        t.columns.insert(t.columns.begin(), id);
        t.primary_key = {"rowid"};
        t.rowid_alias = 0;
      }
      continue;
    }
    read_indexes(db, t);
    read_foreign_keys(db, t);
    std::string sql = upper(t.sql);
    t.autoincrement = sql.find("AUTOINCREMENT") != std::string::npos;
    read_create_statements(t, schema);
    if (has_sequence) {
      SQLite::Statement s(db, "SELECT seq FROM sqlite_sequence WHERE name = ?1");
      s.bind(1, t.name);
      if (s.executeStep()) t.sequence = s.getColumn(0).getInt64();
    }
  }
  // A foreign key naming no parent columns refers to the parent's primary key.
  for (auto& t : schema.tables)
    for (auto& fk : t.foreign_keys)
      if (fk.parent_columns.empty())
        if (const Table* parent = schema.find(fk.parent_table)) fk.parent_columns = parent->primary_key;
  return schema;
}

}  // namespace litelift
