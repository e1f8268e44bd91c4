// The neutral schema model: what the SQLite reader found, with no engine
// types in it. Names are exactly as SQLite stores them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace litelift {

enum class ColumnKind {
  Normal,
  Hidden,            // hidden column of a virtual table
  GeneratedVirtual,  // GENERATED ALWAYS AS (...) VIRTUAL
  GeneratedStored,   // GENERATED ALWAYS AS (...) STORED
};

struct Column {
  std::string name;
  std::string declared_type;  // as written: "VARCHAR(255)", "" when none
  bool not_null = false;
  std::optional<std::string> default_sql;  // the DEFAULT clause's SQL text
  int pk_position = 0;                     // 1-based position in the primary key, 0 if not in it
  ColumnKind kind = ColumnKind::Normal;
  std::string generated_sql;  // the expression of a generated column, as written
  std::string collation;      // COLLATE of the column as declared ("NOCASE"), "" for the default BINARY
};

// A CHECK constraint, column or table level, as written in CREATE TABLE.
struct TableCheck {
  std::string name;        // CONSTRAINT name, or "" when unnamed
  std::string column;      // the column a column-level CHECK is declared on, or ""
  std::string expression;  // the text inside CHECK ( ... )
};

enum class IndexOrigin { CreateIndex, UniqueConstraint, PrimaryKey };

struct Index {
  std::string name;                  // SQLite's name (sqlite_autoindex_* for constraints)
  std::vector<std::string> columns;  // key columns in order; empty name for an expression
  std::vector<bool> descending;
  std::vector<std::string> collations;  // per key column: "BINARY", "NOCASE", "RTRIM", ...
  bool unique = false;
  bool partial = false;         // has a WHERE clause
  bool has_expression = false;  // a key part is an expression
  IndexOrigin origin = IndexOrigin::CreateIndex;
  std::string sql;  // CREATE INDEX text, empty for constraint indexes
  // Read from `sql`: per key the expression as written ("" for a plain
  // column), and the partial index's condition.
  std::vector<std::string> key_expressions;
  std::string where;
};

struct ForeignKey {
  std::vector<std::string> columns;
  std::string parent_table;
  std::vector<std::string> parent_columns;  // resolved to the parent's PK when omitted
  std::string on_update = "NO ACTION";
  std::string on_delete = "NO ACTION";
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;  // column names in key order
  bool without_rowid = false;
  int rowid_alias = -1;  // index of the INTEGER PRIMARY KEY column, -1 if none
  bool autoincrement = false;
  std::optional<int64_t> sequence;  // sqlite_sequence.seq for AUTOINCREMENT tables
  std::vector<Index> indexes;       // excluding the primary key's own index
  std::vector<ForeignKey> foreign_keys;
  std::string sql;  // CREATE TABLE text
  std::vector<TableCheck> checks;
  // A virtual table whose content is migrated as a plain table ("fts5",
  // "fts4", "fts3"); empty for ordinary tables.
  std::string virtual_module;

  // SQLite's names compare case-insensitively (ASCII): so do these lookups.
  int column_index(const std::string& column) const;  // -1 if absent
};

struct View {
  std::string name;
  std::string sql;  // CREATE VIEW text
};

struct Trigger {
  std::string name;
  std::string table;
  std::string sql;  // CREATE TRIGGER text
};

// An object of the source that is not migrated, and why. Reported, never dropped silently.
struct SkippedObject {
  std::string kind;  // "view", "trigger", "virtual table", "index", ...
  std::string name;
  std::string reason;
};

struct Schema {
  std::vector<Table> tables;
  std::vector<std::string> warnings;  // SQL litelift could not read (reported)
  std::vector<View> views;
  std::vector<Trigger> triggers;
  std::vector<SkippedObject> skipped;

  const Table* find(const std::string& name) const;  // case-insensitive, as SQLite
};

// ASCII case-insensitive equality, SQLite's rule for identifiers.
bool same_sqlite_name(std::string_view a, std::string_view b);

}  // namespace litelift
