// Schema introspection through SQLite's pragma table-valued functions.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "engines/sqlite/sqlite_source.hpp"

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
  SQLite::Statement q(
      db, "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') ORDER BY rowid");
  while (q.executeStep()) {
    std::string type = text(q, 0), name = text(q, 1), sql = text(q, 2);
    if (type == "view" || type == "trigger") {
      schema.skipped.push_back({type, name, "not migrated in this version"});
      continue;
    }
    if (name.rfind("sqlite_", 0) == 0) continue;  // SQLite's own: sqlite_sequence, sqlite_stat1, ...
    std::string kind = kinds.count(name) ? kinds[name] : "table";
    if (kind == "shadow") continue;  // storage of a virtual table
    if (kind == "virtual") {
      schema.skipped.push_back({"virtual table", name, "virtual tables (" + sql.substr(0, 60) + ") are not migrated"});
      continue;
    }
    Table t;
    t.name = name;
    t.sql = sql;
    t.without_rowid = without_rowid[name];
    schema.tables.push_back(std::move(t));
  }
  for (auto& t : schema.tables) {
    read_columns(db, t);
    read_indexes(db, t);
    read_foreign_keys(db, t);
    std::string sql = upper(t.sql);
    t.autoincrement = sql.find("AUTOINCREMENT") != std::string::npos;
    // A keyword scan, not a parse: it may also see CHECK inside a quoted
    // name or string, which only costs a note too many.
    for (size_t at = sql.find("CHECK"); at != std::string::npos && !t.has_check; at = sql.find("CHECK", at + 5)) {
      size_t next = sql.find_first_not_of(" \t\r\n", at + 5);
      bool word_start = at == 0 || !(std::isalnum(static_cast<unsigned char>(sql[at - 1])) || sql[at - 1] == '_');
      t.has_check = word_start && next != std::string::npos && sql[next] == '(';
    }
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
