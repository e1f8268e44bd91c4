// The neutral schema model: what the SQLite reader found, with no engine
// types in it. Names are exactly as SQLite stores them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
  std::string sql;         // CREATE TABLE text
  bool has_check = false;  // CREATE TABLE has a CHECK constraint

  int column_index(const std::string& column) const;  // -1 if absent
};

// An object of the source that is not migrated, and why. Reported, never dropped silently.
struct SkippedObject {
  std::string kind;  // "view", "trigger", "virtual table", "index", ...
  std::string name;
  std::string reason;
};

struct Schema {
  std::vector<Table> tables;
  std::vector<SkippedObject> skipped;

  const Table* find(const std::string& name) const;
};

}  // namespace litelift
